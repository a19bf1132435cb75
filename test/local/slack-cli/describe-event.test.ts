import { describeEvent, describeImmediateReply, isAnswerEvent } from '../../../local/slack-cli/describe-event';
import type { StandInEvent } from '../../../local/slack-stand-in/types';

const event = (partial: Partial<StandInEvent>): StandInEvent => ({ seq: 1, kind: 'response_url', url: 'http://x/hooks/1', body: {}, at: 0, ...partial });
const working = { text: ':hourglass_flowing_sand: Looking up etl_daily / transform…' };

describe('isAnswerEvent', () => {
  it('counts messages and modals, not working replies, deletions or look-ups', () => {
    expect(isAnswerEvent(event({ body: { text: 'the card' } }))).toBe(true);
    expect(isAnswerEvent(event({ body: working }))).toBe(false);
    expect(isAnswerEvent(event({ body: { delete_original: true } }))).toBe(false);
    expect(isAnswerEvent(event({ kind: 'web_api', method: 'chat.postMessage', body: { channel: 'C1', text: 'done' } }))).toBe(true);
    expect(isAnswerEvent(event({ kind: 'web_api', method: 'chat.update', body: working }))).toBe(false);
    expect(isAnswerEvent(event({ kind: 'web_api', method: 'views.open', body: { view: {} } }))).toBe(true);
    expect(isAnswerEvent(event({ kind: 'web_api', method: 'usergroups.users.list', body: { usergroup: 'S1' } }))).toBe(false);
  });
});

describe('describeEvent', () => {
  it('heads a response_url post with what it does', () => {
    expect(describeEvent(event({ body: { text: 'hi', replace_original: true } }))).toBe('← response_url (replaces the original, only you)\nhi');
    expect(describeEvent(event({ body: { text: 'hi', response_type: 'in_channel' } }))).toBe('← response_url (new message, in channel)\nhi');
    expect(describeEvent(event({ body: { delete_original: true } }))).toBe('← response_url: deletes the original message');
  });

  it('heads a Web API message with its method, channel and thread', () => {
    expect(describeEvent(event({ kind: 'web_api', method: 'chat.postMessage', body: { channel: 'C1', thread_ts: '1.2', text: 'alice marked it' } }))).toBe(
      '← chat.postMessage in C1 (thread of 1.2)\nalice marked it',
    );
  });

  it('shows a look-up as one line', () => {
    expect(describeEvent(event({ kind: 'web_api', method: 'usergroups.users.list', body: { usergroup: 'S1' } }))).toBe('· usergroups.users.list');
  });
});

describe('describeImmediateReply', () => {
  it('shows an empty acknowledgement, a message, modal errors and other bodies', () => {
    expect(describeImmediateReply(200, null, '')).toBe('→ HTTP 200 (acknowledged)');
    expect(describeImmediateReply(200, 'application/json', JSON.stringify(working))).toBe(`→ HTTP 200\n${working.text}`);
    expect(
      describeImmediateReply(200, 'application/json', JSON.stringify({ response_action: 'errors', errors: { ti_note: 'Write a note first.' } })),
    ).toBe('→ HTTP 200: the modal shows errors\n  ti_note: Write a note first.');
    expect(describeImmediateReply(401, null, 'unauthorized')).toBe('→ HTTP 401\nunauthorized');
  });
});
