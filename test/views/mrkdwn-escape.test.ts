import { isWellFormed } from './fixtures';
import { defuseMrkdwn, escapeMrkdwn, escapeMrkdwnChunks } from '../../src/views/mrkdwn-escape';

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

describe('escapeMrkdwnChunks', () => {
  it('returns one chunk when the escaped text fits', () => {
    expect(escapeMrkdwnChunks('a&b', 7)).toEqual(['a&amp;b']);
  });

  it('cuts between characters, never inside an entity or an emoji', () => {
    expect(escapeMrkdwnChunks('a&b😀c', 5)).toEqual(['a', '&amp;', 'b😀c']);
    expect(escapeMrkdwnChunks('ab😀', 3)).toEqual(['ab', '😀']);
  });

  it('ends the last allowed chunk with an ellipsis and drops the rest', () => {
    expect(escapeMrkdwnChunks('abcdefghij', 4, 2)).toEqual(['abcd', 'efg…']);
    expect(escapeMrkdwnChunks('&&&&', 6, 2)).toEqual(['&amp;', '&amp;…']);
  });
});

describe('defuseMrkdwn', () => {
  it('turns every <…> into text and leaves entities and other mrkdwn as written', () => {
    expect(defuseMrkdwn('No run "<!channel>" in `etl` for <@U1> at <https://x|y>; see &lt;task instance&gt; & *this*')).toBe(
      'No run "&lt;!channel&gt;" in `etl` for &lt;@U1&gt; at &lt;https://x|y&gt;; see &lt;task instance&gt; & *this*',
    );
  });
});
