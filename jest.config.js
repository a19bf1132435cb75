// The contract suites need the official Airflow API specs, which are not part of the project:
// without them those suites are left out with one line saying so (an error under CI=true).
const { specGate } = require('tsx/cjs/api').require('./test/airflow-api-specs/jest-spec-gate.ts', __filename);

const gate = specGate(process.env, __dirname);
// tsx turns Node's source maps on when it loads; the tests run as the functions do, without them.
process.setSourceMapsEnabled(false);
if (gate.notice) process.stderr.write(`${gate.notice}\n`);

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...gate.leftOut.map((file) => `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)],
  // ky 2 and openapi-backend's ref parser ship ESM only; swc turns it (and our TypeScript) into CommonJS for jest.
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2023' } }] },
  transformIgnorePatterns: ['/node_modules/(?!(ky|@apidevtools/json-schema-ref-parser)/)'],
  testTimeout: 20000,
};
