import { BotError } from '../../src/errors';
import type { SlackRequestContext } from '../../src/protocol/job';
import { afterChange } from '../../src/worker/mutations/after-change';
import type { ReplyMessage, ReplyOptions } from '../../src/slack-replies/slack-replies';
import type { WorkerDeps } from '../../src/worker/worker-deps';
import { collectingLogger } from '../audit/collecting-logger';

const SUMMARY = '<@UALICE0001> cleared load.';

function setUp(options: { inThread?: boolean; replyFails?: boolean } = {}) {
  const { logger, lines } = collectingLogger();
  const sent: { message: ReplyMessage; options: ReplyOptions }[] = [];
  const threads: string[] = [];
  const deps = {
    logger,
    replies: {
      reply: async (_ctx: SlackRequestContext, message: ReplyMessage, replyOptions: ReplyOptions) => {
        if (options.replyFails) throw new Error('Slack is down');
        sent.push({ message, options: replyOptions });
      },
      postInThread: async (_ctx: SlackRequestContext, text: string) => {
        threads.push(text);
        return options.inThread ?? true;
      },
      uploadFile: async () => {
        throw new Error('no uploads here');
      },
    },
  } as unknown as WorkerDeps;
  return { deps, lines, sent, threads };
}

const ctx = (isEphemeral: boolean): SlackRequestContext => ({ userId: 'UALICE0001', channelId: 'C0000001', isEphemeral });

describe('afterChange', () => {
  it('shows the change and posts the summary in the thread, with nothing else said', async () => {
    const { deps, lines, sent, threads } = setUp();
    let shown = 0;
    await afterChange(deps, ctx(false), SUMMARY, async () => {
      shown += 1;
    });
    expect(shown).toBe(1);
    expect(sent).toEqual([]);
    expect(threads).toEqual([SUMMARY]);
    expect(lines).toEqual([]);
  });

  it('says the change is done when showing it fails, and logs why', async () => {
    const { deps, lines, sent, threads } = setUp();
    const cause = new Error('card too large');
    await afterChange(deps, ctx(false), SUMMARY, () => Promise.reject(new BotError('internal', 'no card', { cause })));
    expect(sent).toEqual([
      { message: { text: `${SUMMARY} (Done in Airflow; the card could not be refreshed. Use Refresh.)`, blocks: [] }, options: { replaceOriginal: false } },
    ]);
    expect(threads).toEqual([SUMMARY]);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'change applied, but showing it failed', kind: 'internal', err: expect.objectContaining({ message: 'card too large' }) }),
    ]);
  });

  it('logs the failure itself when it has no cause', async () => {
    const { deps, lines } = setUp();
    await afterChange(deps, ctx(false), SUMMARY, () => Promise.reject(new BotError('unavailable', 'Slack said no')));
    expect(lines[0]).toMatchObject({ kind: 'unavailable', err: { message: 'Slack said no' } });
  });

  it('logs an error when the user cannot be told either, and still posts in the thread', async () => {
    const { deps, lines, threads } = setUp({ replyFails: true });
    await afterChange(deps, ctx(false), SUMMARY, () => Promise.reject(new Error('boom')));
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      ['warn', 'change applied, but showing it failed'],
      ['error', 'could not tell the user about an applied change'],
    ]);
    expect(lines[1]).toMatchObject({ err: { message: 'Slack is down' } });
    expect(threads).toEqual([SUMMARY]);
  });

  it('warns when the thread line cannot be posted on a channel message, not on an ephemeral one', async () => {
    const channel = setUp({ inThread: false });
    await afterChange(channel.deps, ctx(false), SUMMARY, async () => {});
    expect(channel.lines).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'could not post the thread line (is the bot in the channel?)', channelId: 'C0000001' }),
    ]);

    const ephemeral = setUp({ inThread: false });
    await afterChange(ephemeral.deps, ctx(true), SUMMARY, async () => {});
    expect(ephemeral.lines).toEqual([]);
  });
});
