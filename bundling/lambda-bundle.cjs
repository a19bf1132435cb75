/**
 * esbuild plugins for the Lambda bundles (serverless.yml `custom.esbuild.plugins`, the bench and the
 * bundle-content test all load this file, so they bundle alike).
 *
 * Bolt's entry point loads every receiver it ships. A Lambda only ever uses `AwsLambdaReceiver`,
 * yet the HTTP and Express receivers and Socket Mode bring undici, iconv-lite, express and mime-db
 * with them: over half of the Slack-facing bundle, all parsed and run on every cold start. Here they
 * are replaced by stubs that throw if anything ever calls them. `App` only reaches for them when it
 * has no receiver or runs in Socket Mode, and ours always gets an `AwsLambdaReceiver`. The same
 * goes for Node's http2, which the AWS SDK loads for a handler our clients never use.
 */

/**
 * Modules that never run in a Lambda and are cut from its bundles: the import as written, the
 * package whose code makes it (the same import elsewhere is left alone), and why it is unused.
 */
const CUT_MODULES = [
  { request: /^\.\/receivers\/(ExpressReceiver|HTTPReceiver|SocketModeReceiver)$/, from: '@slack/bolt', why: "Bolt's server receivers; a Lambda uses AwsLambdaReceiver" },
  { request: /^\.\/(ExpressReceiver|HTTPReceiver|SocketModeReceiver)$/, from: '@slack/bolt', why: "Bolt's server receivers, as they import one another" },
  { request: /^@slack\/socket-mode$/, from: '@slack/bolt', why: 'Socket Mode: a Lambda is reached over HTTPS' },
  { request: /^@slack\/oauth$/, from: '@slack/bolt', why: 'OAuth installation flow: the bot has one fixed token' },
  { request: /^raw-body$/, from: '@slack/bolt', why: "reads a Node HTTP request's body, for the HTTP receivers" },
  // Node loads http2 when the SDK's HTTP handler module first runs, inside the first request.
  { request: /^(node:)?http2$/, from: '@smithy/node-http-handler', why: "the AWS SDK's HTTP/2 handler; Secrets Manager, Lambda and DynamoDB calls use HTTP/1.1" },
];

/**
 * zod exposes every translation of its messages as `z.locales`, so a bundle carries some forty
 * languages (a fifth of the Slack-facing bundle). Its messages are English by default and ours are
 * our own; only English is kept.
 */
const ZOD_LOCALES = /^\.\.\/locales\/index\.js$/;

/**
 * Files that must not be in a Lambda bundle once the cuts above apply (the bundle-content test
 * checks esbuild's list of inputs): the heavy packages they brought, and one of zod's translations.
 */
const CUT_PATHS = [
  'node_modules/@slack/bolt/dist/receivers/HTTPReceiver.js',
  'node_modules/@slack/bolt/dist/receivers/ExpressReceiver.js',
  'node_modules/@slack/bolt/dist/receivers/SocketModeReceiver.js',
  'node_modules/@slack/socket-mode/',
  'node_modules/@slack/oauth/',
  'node_modules/undici/',
  'node_modules/iconv-lite/',
  'node_modules/express/',
  'node_modules/mime-db/',
  'node_modules/raw-body/',
  'node_modules/jsonwebtoken/',
  'node_modules/zod/v4/locales/de.js',
];

/** Node built-in modules no Lambda bundle may import (esbuild leaves them out, so they are checked as imports). */
const CUT_BUILTINS = ['node:http2', 'http2'];

const NAMESPACE = 'unused-in-lambda';

/** Every export of a cut module is a class that throws on use, so a mistake fails loudly. */
function stubSource(request) {
  const message = `${request} is not part of this Lambda bundle (see bundling/lambda-bundle.cjs)`;
  return `
const message = ${JSON.stringify(message)};
function unavailable() { throw new Error(message); }
module.exports = new Proxy(unavailable, {
  get(target, key) { return key === '__esModule' ? true : key === 'default' || typeof key === 'string' ? unavailable : undefined; },
  apply: unavailable,
  construct: unavailable,
});
`;
}

/** @type {import('esbuild').Plugin} */
const cutUnusedModules = {
  name: 'cut-modules-unused-in-lambda',
  setup(build) {
    for (const cut of CUT_MODULES) {
      build.onResolve({ filter: cut.request }, (args) => {
        if (!args.importer.split(/[\\/]/).join('/').includes(`/node_modules/${cut.from}/`)) return undefined;
        return { path: args.path, namespace: NAMESPACE };
      });
    }
    build.onResolve({ filter: ZOD_LOCALES }, (args) => {
      if (!args.importer.split(/[\\/]/).join('/').includes('/node_modules/zod/')) return undefined;
      return { path: 'zod-locales', namespace: NAMESPACE, pluginData: { resolveDir: args.resolveDir } };
    });
    build.onLoad({ filter: /^zod-locales$/, namespace: NAMESPACE }, (args) => ({
      contents: 'export { default as en } from "../locales/en.js";',
      resolveDir: args.pluginData.resolveDir,
      loader: 'js',
    }));
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: stubSource(args.path), loader: 'js' }));
  },
};

module.exports = [cutUnusedModules];
module.exports.CUT_MODULES = CUT_MODULES;
module.exports.CUT_PATHS = CUT_PATHS;
module.exports.CUT_BUILTINS = CUT_BUILTINS;
