/**
 * Jest as `npm run test:mutation` runs it: the main configuration, limited to the tests of the
 * modules Stryker mutates, so each mutant is judged by the tests that can kill it and a run fits
 * on a small machine.
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: [
    // access
    '<rootDir>/test/access/**/*.test.ts',
    '<rootDir>/test/worker/permission-context.test.ts',
    // request checks
    // (the end-to-end request-check tests are left to `npm test`: they start servers for every mutant)
    '<rootDir>/test/slack/request-checks.test.ts',
    // the change service, from Slack and from webhooks, and its idempotency
    '<rootDir>/test/changes/**/*.test.ts',
    '<rootDir>/test/idempotency/**/*.test.ts',
    '<rootDir>/test/worker/mutation-flows.test.ts',
    '<rootDir>/test/worker/after-change.test.ts',
    '<rootDir>/test/worker/dynamodb-throttling.test.ts',
    '<rootDir>/test/webhook-actions/*.test.ts',
    // previews
    '<rootDir>/test/views/action-preview.test.ts',
    '<rootDir>/test/worker/preview-store*.test.ts',
    // audit
    '<rootDir>/test/audit/**/*.test.ts',
  ],
};
