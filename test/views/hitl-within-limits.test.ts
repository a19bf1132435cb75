import fc from 'fast-check';
import type { HitlRequest } from '../../src/airflow/model';
import { hitlFormModal } from '../../src/views/hitl-form';
import { hitlMessage, hitlPendingList } from '../../src/views/hitl-message';
import { checkSlackLimits } from '../../src/views/limits';
import { deployment } from './fixtures';
import { makeHitl } from './hitl-fixtures';

/** Text weighted toward what breaks Slack messages: mrkdwn specials, Markdown marks, emoji. */
const hostileText = (maxLength: number) =>
  fc
    .array(fc.oneof(fc.constantFrom('&', '<', '>', '`', '*', '_', '~', '\n', '|', '[', ']', '(', ')', '#', '-', ' ', '😀', '<!channel>', '```', 'https://a.example/'), fc.string({ maxLength: 3 })), { minLength: 1, maxLength })
    .map((parts) => parts.join(''));

const requestArb: fc.Arbitrary<HitlRequest> = fc
  .record({
    subject: hostileText(80),
    body: fc.option(hostileText(3000), { nil: null }),
    options: fc.array(hostileText(30), { minLength: 1, maxLength: 40 }),
    multiple: fc.boolean(),
    withParams: fc.boolean(),
  })
  .map(({ withParams, ...fields }) =>
    makeHitl({
      ...fields,
      defaults: fields.options.slice(0, 2),
      params: withParams ? { n: { value: 1, schema: { type: 'integer' }, description: fields.subject } } : {},
    }),
  );

describe('the human-in-the-loop views stay within Slack limits for any input', () => {
  it('holds for the message in every state', () => {
    const check = () =>
      fc.assert(
        fc.property(requestArb, hostileText(40), (request, name) => {
          const states = [
            { kind: 'pending' as const },
            { kind: 'answered_in_slack' as const, userId: name, at: 'x', chosenOptions: request.options, paramsInput: { [name]: name } },
            { kind: 'answered_in_airflow' as const, by: { id: name, name }, at: null, chosenOptions: request.options, paramsInput: {} },
            { kind: 'answered_in_airflow' as const, by: null, at: null, chosenOptions: [], paramsInput: {} },
          ];
          return states.every((state) => checkSlackLimits(hitlMessage({ deployment, request, uiUrl: 'https://a.example/', state })).length === 0);
        }),
        { numRuns: 40 },
      );
    expect(check).not.toThrow();
  });

  it('holds for the pending list and the form', () => {
    const check = () =>
      fc.assert(
        fc.property(fc.array(requestArb, { maxLength: 30 }), (requests) => {
          const list = hitlPendingList(requests.map((request) => ({ deployment, request, uiUrl: 'https://a.example/' })));
          const forms = requests.slice(0, 3).map((request) => hitlFormModal({ deployment, request, privateMetadata: '{}' }));
          return checkSlackLimits(list).length === 0 && forms.every((form) => checkSlackLimits(form).length === 0);
        }),
        { numRuns: 15 },
      );
    expect(check).not.toThrow();
  });
});
