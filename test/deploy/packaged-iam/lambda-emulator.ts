import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSecretStore, startAwsStandIn, type AwsStandIn, type InvokeAnswer } from './aws-stand-ins';
import type { RecordedCall } from './iam-check';
import type { PackagedFunction, PackagedTemplate } from './packaged-template';

/**
 * The packaged functions run as Lambda runs them: each unzipped from its `.serverless/<key>.zip`,
 * in its own Node process (one warm container) with the environment the template gives it, its AWS
 * calls going to its own recording endpoints. What the Lambda service does with a role is
 * recorded too: writing the function's logs, and sending a failed asynchronous invocation to its
 * on-failure destination (another function, or a queue).
 */

export interface LambdaEmulatorOptions {
  template: PackagedTemplate;
  /** Where the zips are (`.serverless`). */
  zipsDirectory: string;
  /** A scratch folder for the unzipped packages. */
  workDirectory: string;
  /** Written over each package's `deployments.json`, as an operator's own registry would be packaged. */
  registry: unknown;
  /** Secret name → value (objects are stored as JSON). */
  secrets: Record<string, unknown>;
  dynamoDbEndpoint: string;
  /** Set for every function after the template's variables: the Slack stand-in's URLs. */
  environment: Record<string, string>;
}

/** What reached an SQS on-failure destination. */
export interface DeadLetter {
  queueArn: string;
  record: unknown;
}

export interface LambdaEmulator {
  /** Every AWS call made with a function's role, in order. */
  readonly calls: RecordedCall[];
  readonly deadLetters: DeadLetter[];
  /** A synchronous invocation from outside the functions' roles (API Gateway, EventBridge). */
  invoke(key: string, event: unknown): Promise<unknown>;
  /** Resolves when every asynchronous invocation and its retries and destinations are done. */
  settled(): Promise<void>;
  /** The next asynchronous event for `key` is too old by the time it would run (`EventAgeExceeded`). */
  expireNextEvent(key: string): void;
  /** What a function wrote to stdout and stderr. */
  output(key: string): string;
  close(): Promise<void>;
}

interface Container {
  fn: PackagedFunction;
  child: ChildProcess;
  ready: Promise<void>;
  pending: Map<string, { resolve(answer: { ok: boolean; result?: unknown; error?: { errorType: string; errorMessage: string } }): void }>;
  output: string[];
  logStreamCreated: boolean;
  standIn: AwsStandIn;
}

const RUNTIME = path.join(__dirname, 'lambda-runtime.cjs');

export async function startLambdaEmulator(options: LambdaEmulatorOptions): Promise<LambdaEmulator> {
  const { template } = options;
  const region = template.region;
  const calls: RecordedCall[] = [];
  const deadLetters: DeadLetter[] = [];
  const secrets = createSecretStore(region, options.secrets);
  const containers = new Map<string, Container>();
  const byName = new Map(template.functions.map((fn) => [fn.functionName, fn]));
  const inFlight = new Set<Promise<void>>();
  const expiring = new Set<string>();

  function record(caller: string, action: string, resource: string): void {
    calls.push({ caller, action, resource });
  }

  async function run(key: string, event: unknown): Promise<{ ok: boolean; result?: unknown; error?: { errorType: string; errorMessage: string } }> {
    const container = containers.get(key);
    if (!container) throw new Error(`No function ${key}`);
    await container.ready;
    // The Lambda service writes the function's logs with its role.
    const logGroup = `arn:aws:logs:${region}:000000000000:log-group:/aws/lambda/${container.fn.functionName}`;
    const logStream = `${logGroup}:log-stream:2026/01/01/[$LATEST]${key}`;
    if (!container.logStreamCreated) record(key, 'logs:CreateLogStream', logStream);
    container.logStreamCreated = true;
    record(key, 'logs:PutLogEvents', logStream);
    const id = randomUUID();
    return new Promise((resolve) => {
      container.pending.set(id, { resolve });
      container.child.send({ type: 'invoke', id, event, timeoutMs: container.fn.timeoutSeconds * 1000, requestId: id });
    });
  }

  /** Lambda's asynchronous invocation: retries, then the on-failure destination, with the function's role. */
  async function runAsync(fn: PackagedFunction, payload: unknown): Promise<void> {
    const retries = fn.async?.maximumRetryAttempts ?? 2;
    let attempts = 0;
    let failure: { condition: string; error?: { errorType: string; errorMessage: string } } | undefined;
    if (expiring.delete(fn.key)) {
      failure = { condition: 'EventAgeExceeded' };
    } else {
      for (;;) {
        attempts += 1;
        const answer = await run(fn.key, payload);
        if (answer.ok) return;
        if (attempts > retries) {
          failure = { condition: 'RetriesExhausted', ...(answer.error === undefined ? {} : { error: answer.error }) };
          break;
        }
      }
    }
    const destination = fn.async?.onFailure;
    if (destination === undefined) return;
    const failureRecord = {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: { requestId: randomUUID(), functionArn: `${fn.arn}:$LATEST`, condition: failure.condition, approximateInvokeCount: attempts },
      requestPayload: payload,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', ...(failure.error ? { functionError: 'Unhandled' } : {}) },
      ...(failure.error ? { responsePayload: failure.error } : {}),
    };
    if (destination.startsWith('arn:aws:sqs:')) {
      record(fn.key, 'sqs:SendMessage', destination);
      deadLetters.push({ queueArn: destination, record: failureRecord });
    } else if (destination.startsWith('arn:aws:lambda:')) {
      record(fn.key, 'lambda:InvokeFunction', destination);
      const target = byName.get(destination.replace(/^.*:function:/, ''));
      if (!target) throw new Error(`${fn.key}'s on-failure destination ${destination} is not a function of the template`);
      queueAsync(target, failureRecord);
    } else {
      throw new Error(`${fn.key}'s on-failure destination ${destination} is not emulated`);
    }
  }

  function queueAsync(fn: PackagedFunction, payload: unknown): void {
    const job = runAsync(fn, payload).finally(() => inFlight.delete(job));
    inFlight.add(job);
  }

  async function invokeFromFunction(_caller: string, functionName: string, invocationType: string, payload: unknown): Promise<InvokeAnswer> {
    const fn = byName.get(functionName);
    if (!fn) return { status: 404, payload: { Type: 'User', message: `Function not found: ${functionName}` } };
    if (invocationType === 'Event') {
      queueAsync(fn, payload);
      return { status: 202 };
    }
    const answer = await run(fn.key, payload);
    return answer.ok ? { status: 200, payload: answer.result } : { status: 200, payload: answer.error, functionError: 'Unhandled' };
  }

  mkdirSync(options.workDirectory, { recursive: true });
  const credentialsElsewhere = path.join(options.workDirectory, 'no-aws-config');
  for (const fn of template.functions) {
    const directory = path.join(options.workDirectory, fn.key);
    mkdirSync(directory, { recursive: true });
    // Python's zipfile: CI has Python already (the notifier's tests), not always `unzip`.
    execFileSync('python3', ['-m', 'zipfile', '-e', path.join(options.zipsDirectory, `${fn.key}.zip`), directory]);
    writeFileSync(path.join(directory, 'deployments.json'), JSON.stringify(options.registry));
    const standIn = await startAwsStandIn(fn.key, {
      region,
      dynamoDbEndpoint: options.dynamoDbEndpoint,
      secrets,
      invoke: invokeFromFunction,
      calls,
    });
    const child = fork(RUNTIME, [fn.handler, fn.functionName, fn.arn, String(fn.memoryMb)], {
      cwd: directory,
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        ...fn.environment,
        PATH: process.env.PATH ?? '',
        TZ: 'UTC',
        LAMBDA_TASK_ROOT: directory,
        _HANDLER: fn.handler,
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.functionName}`,
        // The role's session, as Lambda provides it; the stand-ins ignore the signature.
        AWS_ACCESS_KEY_ID: 'ASIAEMULATED0000000',
        AWS_SECRET_ACCESS_KEY: 'emulated',
        AWS_SESSION_TOKEN: `session-of-${fn.role}`,
        AWS_CONFIG_FILE: credentialsElsewhere,
        AWS_SHARED_CREDENTIALS_FILE: credentialsElsewhere,
        // Every AWS call of this function goes to its own recording endpoints.
        AWS_ENDPOINT_URL: standIn.url,
        ...options.environment,
      },
    });
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString('utf8'));
      // PACKAGED_IAM_DEBUG=1 shows the functions' logs as they come.
      if (process.env.PACKAGED_IAM_DEBUG === '1') process.stderr.write(`[${fn.key}] ${chunk.toString('utf8')}`);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const pending: Container['pending'] = new Map();
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', (message: { type: string; id?: string; ok?: boolean; result?: unknown; error?: { errorType: string; errorMessage: string } }) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'init-error') reject(new Error(`${fn.key} failed to start: ${message.error?.errorMessage}\n${output.join('')}`));
        else if (message.type === 'result' && message.id !== undefined) {
          pending.get(message.id)?.resolve({ ok: message.ok === true, result: message.result, ...(message.error ? { error: message.error } : {}) });
          pending.delete(message.id);
        }
      });
      child.on('exit', (code) => {
        reject(new Error(`${fn.key} exited (${String(code)}) before it was ready\n${output.join('')}`));
        for (const waiting of pending.values()) waiting.resolve({ ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: `exited with ${String(code)}` } });
      });
    });
    containers.set(fn.key, { fn, child, ready, pending, output, logStreamCreated: false, standIn });
  }
  await Promise.all([...containers.values()].map((container) => container.ready));

  return {
    calls,
    deadLetters,
    async invoke(key, event) {
      const answer = await run(key, event);
      if (!answer.ok) throw new Error(`${key} failed: ${answer.error?.errorType}: ${answer.error?.errorMessage}`);
      return answer.result;
    },
    async settled() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    expireNextEvent(key) {
      expiring.add(key);
    },
    output(key) {
      return containers.get(key)?.output.join('') ?? '';
    },
    async close() {
      await Promise.all(
        [...containers.values()].map(async (container) => {
          const { child } = container;
          child.removeAllListeners('exit');
          if (child.exitCode === null && child.signalCode === null) {
            const exited = new Promise((resolve) => child.once('exit', resolve));
            child.kill();
            await exited;
          }
          await container.standIn.close();
        }),
      );
    },
  };
}
