import fc from 'fast-check';
import { TASK_STATES, type TaskInstance } from '../../src/airflow/model';
import { actionPreview } from '../../src/views/action-preview';
import { checkSlackLimits } from '../../src/views/limits';
import { logExcerptMessage } from '../../src/views/log-excerpt-message';
import { taskInstanceCard } from '../../src/views/task-instance-card';
import { taskInstanceList } from '../../src/views/task-instance-list';
import { deployment, makeTi } from './fixtures';

/** Any text, weighted toward what breaks Slack messages: mrkdwn specials, backticks, emoji, CJK. */
const hostileChar = fc.oneof(
  fc.constantFrom('&', '<', '>', '`', '*', '_', '\n', '|', '😀', '错', '\u0000'),
  fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }),
);
const hostileText = (maxLength: number) => fc.array(hostileChar, { minLength: 1, maxLength }).map((chars) => chars.join(''));
const id = hostileText(250);

const tiArb = fc.record({
  dagId: id,
  runId: id,
  taskId: id,
  mapIndex: fc.integer({ min: -1, max: 100000 }),
  state: fc.constantFrom(...TASK_STATES, null),
  note: fc.option(hostileText(1000), { nil: null }),
});

function toTi(fields: Pick<TaskInstance, 'dagId' | 'runId' | 'taskId' | 'mapIndex' | 'state' | 'note'>): TaskInstance {
  return makeTi(fields);
}

const RUNS = { numRuns: 40 };

describe('every view stays within Slack limits for any input', () => {
  it('holds for the task instance card', () => {
    const check = () =>
      fc.assert(
        fc.property(tiArb, hostileText(300), (fields, url) => {
          const message = taskInstanceCard({ deployment, ti: toTi(fields), uiUrl: `https://a.example/${url}` });
          return checkSlackLimits(message).length === 0;
        }),
        RUNS,
      );
    expect(check).not.toThrow();
  });

  it('holds for the task instance list', () => {
    const check = () =>
      fc.assert(
        fc.property(fc.array(tiArb, { maxLength: 60 }), hostileText(200), (tis, title) => {
          const message = taskInstanceList({ deployment, title, tis: tis.map(toTi), uiUrlFor: () => 'https://a.example/' });
          return checkSlackLimits(message).length === 0;
        }),
        { numRuns: 15 },
      );
    expect(check).not.toThrow();
  });

  it('holds for the log excerpt', () => {
    const section = fc.record({
      kind: fc.constantFrom('failure' as const, 'first-error' as const, 'tail' as const),
      title: hostileText(100),
      firstLineNumber: fc.integer({ min: 1, max: 1_000_000 }),
      lines: fc.array(hostileText(3000), { maxLength: 30 }),
    });
    const causeLine = fc.record({ n: fc.integer({ min: 1, max: 1_000_000 }), text: hostileText(2000) });
    const check = () =>
      fc.assert(
        fc.property(fc.array(section, { maxLength: 3 }), fc.array(causeLine, { maxLength: 16 }), tiArb, (sections, cause, fields) => {
          const message = logExcerptMessage({
            deployment,
            ref: toTi(fields),
            tryNumber: 1,
            excerpt: { cause, sections, totalLines: 10, errorFound: false, truncated: true },
            fullLogUrl: 'https://a.example/log',
          });
          return checkSlackLimits(message).length === 0;
        }),
        { numRuns: 25 },
      );
    expect(check).not.toThrow();
  });

  it('holds for the action preview', () => {
    const check = () =>
      fc.assert(
        fc.property(tiArb, fc.array(tiArb, { maxLength: 40 }), (fields, affected) => {
          const target = { deployment: 'demo-v2', ...fields };
          const message = actionPreview({
            deployment,
            pending: {
              previewId: 'pv',
              target,
              action: { kind: 'clear', includeUpstream: false, includeDownstream: true },
              expectedState: fields.state,
              expectedTry: 1,
            },
            preview: { target, action: { kind: 'clear', includeUpstream: false, includeDownstream: true }, affected },
            requestedBy: 'U1',
          });
          return checkSlackLimits(message).length === 0;
        }),
        RUNS,
      );
    expect(check).not.toThrow();
  });
});
