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
    // mutations and previews
    '<rootDir>/test/worker/mutation-flows.test.ts',
    '<rootDir>/test/worker/audit-notes.test.ts',
    '<rootDir>/test/worker/after-change.test.ts',
    '<rootDir>/test/worker/preview-ledger*.test.ts',
    '<rootDir>/test/views/action-preview.test.ts',
    '<rootDir>/test/worker/preview-store*.test.ts',
    '<rootDir>/test/worker/find-preview*.test.ts',
    '<rootDir>/test/worker/dynamodb-throttling.test.ts',
    // note writers
    '<rootDir>/test/worker/note-lease*.test.ts',
    '<rootDir>/test/worker/notes*.test.ts',
    // audit
    '<rootDir>/test/audit/**/*.test.ts',
  ],
};
