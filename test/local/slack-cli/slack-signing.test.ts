import { createHmac } from 'node:crypto';
import { signSlackRequest } from '../../../local/slack-signing';

describe('signSlackRequest', () => {
  it("reproduces the signature of Slack's documented example request", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toEqual({
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'x-slack-request-timestamp': '1531420618',
    });
  });

  it('matches an independent HMAC-SHA256 of v0:<timestamp>:<body>, for text and raw bytes alike', () => {
    const body = 'payload=%7B%22type%22%3A%22block_actions%22%7D&text=%E2%9C%93';
    const expected = `v0=${createHmac('sha256', 'local-signing-secret').update(`v0:1767225600:${body}`).digest('hex')}`;

    expect(signSlackRequest('local-signing-secret', body, 1767225600)['x-slack-signature']).toBe(expected);
    expect(signSlackRequest('local-signing-secret', Buffer.from(body), 1767225600)['x-slack-signature']).toBe(expected);
  });

  it('stamps whole seconds', () => {
    expect(signSlackRequest('s', '', 1767225600.9)['x-slack-request-timestamp']).toBe('1767225600');
  });
});
