import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, type Tags } from 'yaml';
import { BOT_TABLES } from '../../local/local-dynamodb';
import { DEFAULT_WATCH_LEASE_MS } from '../../src/watcher/watch-state';
import { IDEMPOTENCY_TABLE, startActionsFixture } from '../webhook-actions/actions-fixture';

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
  it('lets the worker only put and query the audit trail, the actions function only put: no update, no delete, and no other role at all', () => {
    expect(Object.fromEntries(actionsOn('AuditTable'))).toEqual({ WorkerRole: ['dynamodb:PutItem', 'dynamodb:Query'], ActionsRole: ['dynamodb:PutItem'] });
  });

  it('lets the worker store, read and claim previews, and the worker and the actions function take and release note leases, and nothing more', () => {
    expect(Object.fromEntries(actionsOn('PreviewLedgerTable'))).toEqual({
      WorkerRole: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
    });
    expect(Object.fromEntries(actionsOn('NoteLeaseTable'))).toEqual({
      WorkerRole: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
      ActionsRole: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
    });
  });

  it('gives every function that applies changes or accepts alerts (the watcher too) the one idempotency table, and names it for all', () => {
    const idempotency = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
    expect(Object.fromEntries(actionsOn('IdempotencyTable'))).toEqual({ AlertsRole: idempotency, WatcherRole: idempotency, WorkerRole: idempotency, ActionsRole: idempotency });
    expect(template.provider.environment.IDEMPOTENCY_TABLE).toBe(resources.IdempotencyTable!.Properties.TableName);
    expect(resources.IdempotencyTable!.Properties.KeySchema).toEqual(BOT_TABLES.idempotency.keys.map(([name, type]) => ({ AttributeName: name, KeyType: type })));
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

  it('lets the watcher only keep state in the alert table and webhook-ids in the idempotency table, invoke the alert worker, and read its secrets', () => {
    const statements = statementsOf('WatcherRole').filter((statement) => statement.Effect === 'Allow');
    expect(statements.map((statement) => [statement.Action].flat())).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ['secretsmanager:GetSecretValue'],
      ['airflow:CreateWebLoginToken'],
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      ['lambda:InvokeFunction'],
    ]);
    expect(statements[3]?.Resource).toEqual({ 'Fn::GetAtt': ['AlertTable', 'Arn'] });
    expect(statements[4]?.Resource).toEqual({ 'Fn::GetAtt': ['IdempotencyTable', 'Arn'] });
    expect(statements[5]?.Resource).toEqual({ 'Fn::GetAtt': ['AlertWorkerLambdaFunction', 'Arn'] });
    expect(JSON.stringify(statements[0]?.Resource)).toContain('-watcher:*');
    // The Slack secret (outage notices) and the Airflow credentials; not the webhook sources' secrets.
    expect(JSON.stringify(statements[1]?.Resource)).toContain('${param:slackSecretName}-??????,${param:airflowSecretArns}');
    expect(JSON.stringify(statements[1]?.Resource)).not.toContain('sourceSecretArns');
  });

  it("declares the audit trail's byUser index as the code and the local stack use it, and lets only the worker query it", () => {
    const table = resources.AuditTable!.Properties;
    const local = BOT_TABLES.audit.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: index.keys.map(([name, type]) => ({ AttributeName: name, KeyType: type })),
      Projection: { ProjectionType: 'ALL' },
    }));
    expect(table.GlobalSecondaryIndexes).toEqual(local);
    const onIndex = Object.keys(resources)
      .filter((name) => resources[name]?.Type === 'AWS::IAM::Role')
      .flatMap((role) => statementsOf(role).map((statement) => ({ role, statement })))
      .filter(({ statement }) => JSON.stringify(statement.Resource).includes('AuditTable.Arn}/index/'));
    expect(onIndex.map(({ role, statement }) => [role, statement.Action, statement.Resource])).toEqual([
      ['WorkerRole', 'dynamodb:Query', { 'Fn::Sub': '${AuditTable.Arn}/index/byUser' }],
    ]);
  });

  it('keeps the audit trail when the stack is deleted or the table replaced', () => {
    expect(resources.AuditTable).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('lets the actions role make every DynamoDB call the change service makes for a confirmed webhook note, mark and retry', async () => {
    const fixture = await startActionsFixture();
    const calls = new Set<string>();
    fixture.dynamo.client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { TableName?: string };
        calls.add(`${context.commandName}:${input.TableName}`);
        return next(args);
      },
      { step: 'initialize', name: 'recordTableCalls' },
    );
    try {
      const target = { deployment: 'demo-v2', dag_id: 'etl_daily', run: 'latest', task_id: 'transform', confirm: true };
      for (const payload of [{ ...target, action: 'note', note: 'checked' }, { ...target, action: 'mark', state: 'success' }]) {
        expect((await fixture.send(payload, { id: `msg_iam_${payload.action}` })).status).toBe(200);
        expect((await fixture.send(payload, { id: `msg_iam_${payload.action}` })).status).toBe(200);
      }
    } finally {
      await fixture.close();
    }
    const logicalIds: Record<string, string> = {
      [IDEMPOTENCY_TABLE]: 'IdempotencyTable',
      [BOT_TABLES.audit.name]: 'AuditTable',
      [BOT_TABLES.noteLeases.name]: 'NoteLeaseTable',
    };
    // `PutItemCommand` (the SDK) and `PutCommand` (its document client) are both `dynamodb:PutItem`.
    const iamAction = (command: string) => {
      const name = command.replace(/Command$/, '');
      return `dynamodb:${['Put', 'Get', 'Update', 'Delete'].includes(name) ? `${name}Item` : name}`;
    };
    const needed = [...calls].map((call) => {
      const [command, table] = call.split(':') as [string, string];
      return { resource: logicalIds[table] ?? table, action: iamAction(command) };
    });
    expect(needed.map((call) => call.resource)).toEqual(expect.arrayContaining(['IdempotencyTable', 'AuditTable', 'NoteLeaseTable']));
    const granted = (resource: string) => actionsOn(resource).get('ActionsRole') ?? [];
    expect(needed.filter((call) => !granted(call.resource).includes(call.action))).toEqual([]);
  });
});
