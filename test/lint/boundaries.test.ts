import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.join(__dirname, '..', '..');

/**
 * ESLint's Node API with the repository's own configuration (`eslint.config.mjs`), run in a child
 * process (the configuration is an ES module, which Jest's module system cannot load): the
 * messages for each `[filePath, text]`, as if the text were that file (which need not exist).
 */
const LINT_SCRIPT = `
import { ESLint } from 'eslint';
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const [filePath, text] of JSON.parse(process.argv[1])) {
  const [result] = await eslint.lintText(text, { filePath });
  out.push(result.messages.map((m) => m.ruleId + ': ' + m.message));
}
process.stdout.write(JSON.stringify(out));
`;

const FEATURE_IMPORTS: [string, string][] = [
  ['src/worker/fixture.ts', "import { alertChangeListener } from '../alerts/process-alert';\nexport const x = alertChangeListener;\n"],
  ['src/webhook-actions/fixture.ts', "import { resolveAddress } from '../worker/resolve-target';\nexport const x = resolveAddress;\n"],
  ['src/alerts/deep/fixture.ts', "import type { WorkerDeps } from '../../worker/worker-deps';\nexport type X = WorkerDeps;\n"],
  ['src/watcher/fixture.ts', "import { runWebhookAction } from '../webhook-actions/run-webhook-action';\nexport const x = runWebhookAction;\n"],
];
const SHARED_IMPORTING_FEATURE: [string, string] = [
  'src/changes/fixture.ts',
  "import type { WorkerDeps } from '../worker/worker-deps';\nexport type X = WorkerDeps;\n",
];
const LOCAL_IMPORTS: [string, string][] = [
  ['src/worker/fixture.ts', "import { startLocalDynamoDb } from '../../local/local-dynamodb';\nexport const x = startLocalDynamoDb;\n"],
  ['src/changes/fixture.ts', "import { startLocalDynamoDb } from '../../local/local-dynamodb';\nexport const x = startLocalDynamoDb;\n"],
  ['src/runtime/fixture.ts', "import { startLocalDynamoDb } from '../../local/local-dynamodb';\nexport const x = startLocalDynamoDb;\n"],
  ['handlers/fixture.ts', "import { startLocalDynamoDb } from '../local/local-dynamodb';\nexport const x = startLocalDynamoDb;\n"],
];
const CLEAN: [string, string][] = [
  [
    'src/worker/fixture.ts',
    "import { applyChange } from '../changes/apply-change';\nimport { auditHistory } from '../views/audit-history';\nimport { runJob } from './run-job';\nexport const x = [applyChange, auditHistory, runJob];\n",
  ],
  [
    'src/webhook-actions/fixture.ts',
    "import { applyChange } from '../changes/apply-change';\nimport { lookupTaskInstance } from './lookup';\nexport const x = [applyChange, lookupTaskInstance];\n",
  ],
  [
    'src/runtime/fixture.ts',
    "import { runWorkerJob } from '../worker/run-job';\nimport { alertChangeListener } from '../alerts/process-alert';\nexport const x = [runWorkerJob, alertChangeListener];\n",
  ],
];

describe('lint: folder boundaries', () => {
  const cases = [...FEATURE_IMPORTS, SHARED_IMPORTING_FEATURE, ...LOCAL_IMPORTS, ...CLEAN];
  const messages = new Map<[string, string], string[]>();

  beforeAll(async () => {
    const input = cases.map(([filePath, text]) => [path.join(ROOT, filePath), text]);
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', LINT_SCRIPT, JSON.stringify(input)], { cwd: ROOT });
    (JSON.parse(stdout) as string[][]).forEach((found, index) => messages.set(cases[index]!, found));
  }, 60_000);

  it.each(FEATURE_IMPORTS)('refuses a feature importing another feature (%s)', (filePath, text) => {
    expect(messages.get(FEATURE_IMPORTS.find(([f, t]) => f === filePath && t === text)!)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .* is a feature: it may import shared layers/),
    ]);
  });

  it('refuses a shared layer importing a feature', () => {
    expect(messages.get(SHARED_IMPORTING_FEATURE)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*A shared layer may not import a feature folder/),
    ]);
  });

  it.each(LOCAL_IMPORTS)('refuses product code importing local/ tooling (%s)', (filePath, text) => {
    expect(messages.get(LOCAL_IMPORTS.find(([f, t]) => f === filePath && t === text)!)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*may not import local\/ tooling/),
    ]);
  });

  it.each(CLEAN)('accepts a feature importing shared layers and itself, and the runtime wiring features (%s)', (filePath, text) => {
    expect(messages.get(CLEAN.find(([f, t]) => f === filePath && t === text)!)).toEqual([]);
  });
});
