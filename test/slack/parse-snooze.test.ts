import { parseCommand } from '../../src/slack/parse-command';

const context = { deployments: ['prod'], uiLinks: [] };

describe('parseCommand: snooze, snoozes, unsnooze', () => {
  it('reads a snooze with its duration', () => {
    expect(parseCommand('snooze PROD etl_daily 4h', context)).toEqual({ name: 'snooze', deployment: 'prod', dagId: 'etl_daily', durationMs: 4 * 60 * 60 * 1000, share: false });
  });

  it('reads snoozes and unsnooze', () => {
    expect(parseCommand('snoozes', context)).toEqual({ name: 'snoozes', share: false });
    expect(parseCommand('unsnooze prod etl_daily --share', context)).toEqual({ name: 'unsnooze', deployment: 'prod', dagId: 'etl_daily', share: true });
  });

  it.each([
    ['snooze prod etl_daily', 'takes a deployment, a DAG id and a duration; got 2 words'],
    ['snooze prod etl_daily 8d', 'is not a duration'],
    ['snooze prod etl/daily 1h', 'is not a DAG id'],
    ['unsnooze prod', 'takes a deployment and a DAG id; got 1 word'],
    ['snoozes prod', '`snoozes` takes no words'],
  ])('answers %s with its usage', (text, problem) => {
    const parsed = parseCommand(text, context);
    expect(parsed.name).toBe('usage');
    expect(parsed.name === 'usage' && parsed.message).toContain(problem);
  });
});
