import { isWellFormed } from './fixtures';
import { escapeMrkdwn } from '../../src/views/mrkdwn-escape';

describe('escapeMrkdwn', () => {
  it('escapes &, < and > and nothing else', () => {
    expect(escapeMrkdwn('a < b && c > d *bold* _it_ `code`')).toBe('a &lt; b &amp;&amp; c &gt; d *bold* _it_ `code`');
  });

  it('neutralises a broadcast mention', () => {
    expect(escapeMrkdwn('<!channel> <@U123>')).toBe('&lt;!channel&gt; &lt;@U123&gt;');
  });

  it('keeps the escaped text within maxLength without cutting an entity', () => {
    const escaped = escapeMrkdwn('&&&&', 12);
    expect(escaped).toBe('&amp;&amp;…');
    expect(escaped.length).toBeLessThanOrEqual(12);
  });

  it('does not split a surrogate pair when cutting', () => {
    const escaped = escapeMrkdwn('😀😀😀', 4);
    expect(escaped).toBe('😀…');
    expect(isWellFormed(escaped)).toBe(true);
  });

  it('returns the escaped text unchanged when it fits maxLength exactly', () => {
    expect(escapeMrkdwn('a&', 6)).toBe('a&amp;');
  });
});
