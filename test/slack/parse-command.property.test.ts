import fc from 'fast-check';
import type { ParseResult } from '../../src/protocol/command';
import { parseCommand, type ParseContext } from '../../src/slack/parse-command';

const context: ParseContext = {
  deployments: ['prod', 'staging'],
  uiLinks: [
    { deployment: 'prod', uiUrl: 'https://airflow.example.com' },
    { deployment: 'staging', uiUrl: 'https://tools.example.com/airflow' },
  ],
};

/** Words of the grammar, and the junk people and Slack mix into them. */
const GRAMMAR_WORDS = [
  'help', 'deployments', 'ti', 'runs', 'failed', 'logs', 'mark', 'clear', 'note', 'success', 'try', 'latest',
  '+downstream', '+upstream', '+', '--share', '—share', 'prod', 'PROD', 'staging', 'etl', 'load', 'load:3', 'load:-1',
  'load:', ':', '2026-11-22', '2026-11-22T00:00', '2026-11-22T00:00:00Z', '2026-02-30', 'scheduled__2026-11-22T00:00:00+00:00',
  'manual/with/slash', '0', '1', '25', '26', '-1', '&amp;', '&lt;', '&gt;', '<', '>', '|', '“', '”', '"', "'", '`',
  '<https://airflow.example.com/dags/etl/grid?dag_run_id=r&amp;task_id=load>', 'https://tools.example.com/airflow/dags/etl/runs/r/tasks/load/mapped/2',
  '<https://tools.example.com/airflow/dags/e|label>', 'https://elsewhere.example.org/x', 'http://%', '<@U123>', '\u00a0', '\n', '😀', '\ud800',
];

const word = fc.oneof(fc.constantFrom(...GRAMMAR_WORDS), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }));
const separator = fc.constantFrom(' ', '  ', '\t', '\u00a0', '', '\n');
const tokenSequence = fc.array(fc.tuple(word, separator), { maxLength: 9 }).map((parts) => parts.map(([w, s]) => w + s).join(''));

function assertWellFormed(result: ParseResult): void {
  if (result.name === 'usage') {
    expect(typeof result.message).toBe('string');
    expect(result.message.trim().length).toBeGreaterThan(0);
  } else {
    expect(typeof result.share).toBe('boolean');
    expect(['help', 'deployments', 'ti', 'runs', 'failed', 'logs', 'mark', 'clear', 'note']).toContain(result.name);
  }
}

describe('parseCommand on arbitrary text', () => {
  it('never throws and returns a command or a usage reply with a message, for random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => assertWellFormed(parseCommand(text, context))),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => assertWellFormed(parseCommand(text, context))),
      { numRuns: 500 },
    );
  });

  it('never throws for word sequences built from the grammar mixed with junk', () => {
    fc.assert(
      fc.property(tokenSequence, (text) => assertWellFormed(parseCommand(text, context))),
      { numRuns: 3000 },
    );
  });

  it('reads a well-formed ti command back to the ids it was built from', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/).filter((text) => !['prod', 'staging'].includes(text.toLowerCase()));
    const runId = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.~:+/-]{0,30}$/).filter((text) => text.toLowerCase() !== 'latest');
    fc.assert(
      fc.property(id, runId, id, fc.option(fc.nat({ max: 10_000 }), { nil: undefined }), (dagId, run, taskId, mapIndex) => {
        const taskWord = mapIndex === undefined ? taskId : `${taskId}:${mapIndex}`;
        expect(parseCommand(`ti prod ${dagId} ${run} ${taskWord}`, context)).toEqual({
          name: 'ti',
          share: false,
          target: { deployment: 'prod', dagId, run: { kind: 'id', runId: run }, taskId, mapIndex: mapIndex ?? -1 },
        });
      }),
      { numRuns: 500 },
    );
  });
});
