/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // ky 2 and openapi-backend's ref parser ship ESM only; swc turns it (and our TypeScript) into CommonJS for jest.
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2023' } }] },
  transformIgnorePatterns: ['/node_modules/(?!(ky|@apidevtools/json-schema-ref-parser)/)'],
  testTimeout: 20000,
};
