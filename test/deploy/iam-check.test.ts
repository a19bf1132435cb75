import { checkCalls, evaluate, wildcardMatches } from './packaged-iam/iam-check';
import type { PackagedFunction, Statement } from './packaged-iam/packaged-template';

const SECRET = 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:airflow-slack-ops/slack';
const TABLE = 'arn:aws:dynamodb:eu-west-1:000000000000:table/airflow-slack-ops-dev-audit';

function allow(action: string[], resource: string[]): Statement {
  return { Effect: 'Allow', Action: action, Resource: resource };
}

describe('the IAM check of the packaged roles', () => {
  it.each([
    [`${SECRET}-??????`, `${SECRET}-Ab12Cd`, true],
    [`${SECRET}-??????`, `${SECRET}-Ab12C`, false],
    [`${SECRET}-??????`, `${SECRET}x-Ab12Cd`, false],
    ['arn:aws:logs:eu-west-1:000000000000:log-group:/aws/lambda/fn:*', 'arn:aws:logs:eu-west-1:000000000000:log-group:/aws/lambda/fn:log-stream:x', true],
    ['arn:aws:logs:eu-west-1:000000000000:log-group:/aws/lambda/fn:*', 'arn:aws:logs:eu-west-1:000000000000:log-group:/aws/lambda/fn2:log-stream:x', false],
    ['arn:aws:s3:::bucket.name/*', 'arn:aws:s3:::bucketXname/key', false],
  ])('matches %s against %s: %s', (pattern, value, expected) => {
    expect(wildcardMatches(pattern, value)).toBe(expected);
  });

  it('allows a call an Allow statement matches, and lets an explicit Deny win over it', () => {
    const grants = [allow(['dynamodb:PutItem', 'dynamodb:Query'], [TABLE])];
    expect(evaluate(grants, 'dynamodb:PutItem', TABLE)).toBe('allowed');
    expect(evaluate(grants, 'DynamoDB:putitem', TABLE)).toBe('allowed');
    expect(evaluate(grants, 'dynamodb:DeleteItem', TABLE)).toBe('implicit');
    expect(evaluate(grants, 'dynamodb:PutItem', `${TABLE}-other`)).toBe('implicit');
    expect(evaluate([...grants, { Effect: 'Deny', Action: ['dynamodb:*'], Resource: ['*'] }], 'dynamodb:PutItem', TABLE)).toBe('explicit');
  });

  it('returns each call its role refuses, and lists each grant of a role that no call of its functions used', () => {
    const fn = { key: 'worker', role: 'WorkerRole', statements: [allow(['dynamodb:PutItem', 'dynamodb:Query'], [TABLE])] } as PackagedFunction;
    const put = { caller: 'worker', action: 'dynamodb:PutItem', resource: TABLE };
    const remove = { caller: 'worker', action: 'dynamodb:DeleteItem', resource: TABLE };
    const check = checkCalls([fn], [put, put, remove, remove]);
    expect(check.denied).toEqual([
      { ...remove, role: 'WorkerRole', denial: 'implicit' },
      { ...remove, role: 'WorkerRole', denial: 'implicit' },
    ]);
    expect(check.unused).toEqual([{ role: 'WorkerRole', action: 'dynamodb:Query', resource: TABLE }]);
  });
});
