// One Lambda container for one packaged function, in its own Node process (forked by
// lambda-emulator.ts): started in the unzipped package with exactly the function's environment,
// it loads the handler as the Node.js runtime does (`handlers/worker.handler` → `handlers/worker.js`,
// export `handler`) and runs one invocation at a time, sent and answered over the IPC channel.
// Plain CommonJS: it runs outside jest, with nothing compiled.
const path = require('node:path');
const { randomUUID } = require('node:crypto');

const [handlerSpec, functionName, functionArn, memoryMb] = process.argv.slice(2);
const dot = handlerSpec.lastIndexOf('.');
const modulePath = path.join(process.cwd(), `${handlerSpec.slice(0, dot)}.js`);
const exportName = handlerSpec.slice(dot + 1);

let handler;
try {
  handler = require(modulePath)[exportName];
  if (typeof handler !== 'function') throw new Error(`${handlerSpec} does not export a function`);
  process.send({ type: 'ready' });
} catch (error) {
  process.send({ type: 'init-error', error: describe(error) });
}

let queue = Promise.resolve();
process.on('message', (message) => {
  if (message.type !== 'invoke') return;
  queue = queue.then(() => invoke(message));
});

async function invoke({ id, event, timeoutMs, requestId }) {
  const deadline = Date.now() + timeoutMs;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: memoryMb,
    awsRequestId: requestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `2026/01/01/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const result = await handler(event, context);
    process.send({ type: 'result', id, ok: true, result: result === undefined ? null : result });
  } catch (error) {
    process.send({ type: 'result', id, ok: false, error: describe(error) });
  }
}

function describe(error) {
  return error instanceof Error
    ? { errorType: error.name, errorMessage: error.message, stack: error.stack }
    : { errorType: 'Error', errorMessage: String(error) };
}
