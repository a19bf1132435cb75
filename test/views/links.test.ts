import { isLinkableUrl, LINK_BUTTON_ACTION_ID, linkButton, mrkdwnLink } from '../../src/views/links';

describe('mrkdwnLink', () => {
  it('escapes & in the URL and the label', () => {
    expect(mrkdwnLink('https://af.example/log?a=1&b=2', 'Log <1> & 2')).toBe('<https://af.example/log?a=1&amp;b=2|Log &lt;1&gt; &amp; 2>');
  });

  it('percent-encodes the characters that would end the link early', () => {
    expect(mrkdwnLink('https://af.example/x|y>z<', 'x')).toBe('<https://af.example/x%7Cy%3Ez%3C|x>');
  });

  it('shows only the escaped label for no URL or one that is not a web link', () => {
    expect(mrkdwnLink(null, 'a&b')).toBe('a&amp;b');
    expect(mrkdwnLink('javascript:alert(1)', 'x')).toBe('x');
    expect(mrkdwnLink('/relative/path', 'x')).toBe('x');
  });
});

describe('isLinkableUrl', () => {
  it('accepts http and https URLs of at most 3000 characters', () => {
    expect(isLinkableUrl('https://a.example/')).toBe(true);
    expect(isLinkableUrl('http://localhost:8080/')).toBe(true);
    expect(isLinkableUrl(`https://a.example/${'x'.repeat(2982)}`)).toBe(true);
    expect(isLinkableUrl(`https://a.example/${'x'.repeat(2983)}`)).toBe(false);
    expect(isLinkableUrl('mailto:a@example.com')).toBe(false);
    expect(isLinkableUrl('')).toBe(false);
  });
});

describe('linkButton', () => {
  it('builds a URL button with the shared link action_id', () => {
    expect(linkButton('Open in Airflow', 'https://a.example/')).toEqual({
      type: 'button',
      action_id: LINK_BUTTON_ACTION_ID,
      text: { type: 'plain_text', text: 'Open in Airflow', emoji: true },
      url: 'https://a.example/',
    });
  });

  it('returns undefined for a URL Slack would not accept', () => {
    expect(linkButton('Open', 'ftp://a.example/')).toBeUndefined();
  });
});
