import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, type Tags } from 'yaml';
import { BOT_TABLES } from '../../local/local-dynamodb';
import { DEFAULT_WATCH_LEASE_MS } from '../../src/watcher/watch-state';

/** CloudFormation's short forms, read as their long forms so the template can be inspected. */
const CLOUDFORMATION_TAGS: Tags = [
  { tag: '!GetAtt', resolve: (value: string) => ({ 'Fn::GetAtt': value.split('.') }) },
  { tag: '!Sub', resolve: (value: string) => ({ 'Fn::Sub': value }) },
  { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) },
  { tag: '!Split', collection: 'seq', resolve: (value) => ({ 'Fn::Split': value.toJSON() as unknown }) },
];

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const template = parseDocument(readFileSync(path.join(__dirname, '../../serverless.yml'), 'utf8'), {
  customTags: CLOUDFORMATION_TAGS,
}).toJS() as {
  provider: { environment: Record<string, string> };
  params: { default: Record<string, string> };
  functions: Record<string, { role?: string; timeout?: number; environment?: Record<string, string>; events?: Record<string, unknown>[] }>;
  resources: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
};
const resources = template.resources.Resources;

function statementsOf(roleName: string): Statement[] {
  const policies = resources[roleName]?.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[];
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

/** Every action any role is allowed on the resource `logicalId`, or anywhere (`*`). */
function actionsOn(logicalId: string): Map<string, string[]> {
  const byRole = new Map<string, string[]>();
  for (const [name, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    const actions = statementsOf(name)
      .filter((statement) => statement.Effect === 'Allow')
      .filter((statement) => {
        const text = JSON.stringify(statement.Resource);
        return text.includes(`"${logicalId}"`) || text === '"*"' || text.includes('"*"');
      })
      .flatMap((statement) => [statement.Action].flat());
    if (actions.length > 0) byRole.set(name, actions);
  }
  return byRole;
}

describe('serverless.yml', () => {
  it('lets the worker only put and query the audit trail: no update, no delete, and no other role at all', () => {
    expect(Object.fromEntries(actionsOn('AuditTable'))).toEqual({ WorkerRole: ['dynamodb:PutItem', 'dynamodb:Query'] });
  });

  it('lets the worker store, read and claim previews, and the note writers (worker, actions) take and release note leases, and nothing more', () => {
    expect(Object.fromEntries(actionsOn('PreviewLedgerTable'))).toEqual({
      WorkerRole: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
    });
    expect(Object.fromEntries(actionsOn('NoteLeaseTable'))).toEqual({
      WorkerRole: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
      ActionsRole: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
    });
  });

  it('grants no DynamoDB action with a wildcard', () => {
    const all = Object.keys(resources)
      .filter((name) => resources[name]?.Type === 'AWS::IAM::Role')
      .flatMap(statementsOf)
      .flatMap((statement) => [statement.Action].flat());
    expect(all.filter((action) => action.startsWith('dynamodb:') && action.includes('*'))).toEqual([]);
  });

  it.each([
    ['AuditTable', BOT_TABLES.audit, 'AUDIT_TABLE'],
    ['PreviewLedgerTable', BOT_TABLES.previewLedger, 'PREVIEW_LEDGER_TABLE'],
    ['NoteLeaseTable', BOT_TABLES.noteLeases, 'NOTE_LEASE_TABLE'],
  ])('declares %s with the keys the code and the local stack use, its TTL, and its name in the environment', (logicalId, local, variable) => {
    const table = resources[logicalId]!.Properties;
    expect(table.KeySchema).toEqual(local.keys.map(([name, type]) => ({ AttributeName: name, KeyType: type })));
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(template.provider.environment[variable]).toBe(table.TableName);
  });

  it('runs the watcher every minute by default, with its own role and less time than its lease', () => {
    const watcher = template.functions.watcher!;
    expect(watcher.role).toBe('WatcherRole');
    expect(watcher.events).toEqual([{ schedule: { rate: '${param:watchSchedule}' } }]);
    expect(template.params.default.watchSchedule).toBe('rate(1 minute)');
    expect(watcher.timeout! * 1000).toBeLessThan(DEFAULT_WATCH_LEASE_MS);
    expect(watcher.environment?.ALERT_WORKER_FUNCTION_NAME).toBe('${self:service}-${sls:stage}-alertWorker');
  });

  it('lets the watcher only keep state in the alert table, invoke the alert worker, and read its secrets', () => {
    const statements = statementsOf('WatcherRole').filter((statement) => statement.Effect === 'Allow');
    expect(statements.map((statement) => [statement.Action].flat())).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ['secretsmanager:GetSecretValue'],
      ['airflow:CreateWebLoginToken'],
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      ['lambda:InvokeFunction'],
    ]);
    expect(statements[3]?.Resource).toEqual({ 'Fn::GetAtt': ['AlertTable', 'Arn'] });
    expect(statements[4]?.Resource).toEqual({ 'Fn::GetAtt': ['AlertWorkerLambdaFunction', 'Arn'] });
    expect(JSON.stringify(statements[0]?.Resource)).toContain('-watcher:*');
    // The Slack secret (outage notices) and the Airflow credentials; not the webhook sources' secrets.
    expect(JSON.stringify(statements[1]?.Resource)).toContain('${param:slackSecretName}-??????,${param:airflowSecretArns}');
    expect(JSON.stringify(statements[1]?.Resource)).not.toContain('sourceSecretArns');
  });

  it('keeps the audit trail when the stack is deleted or the table replaced', () => {
    expect(resources.AuditTable).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});
