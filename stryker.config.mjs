/**
 * Mutation testing (`npm run test:mutation`): Stryker changes the code of the modules that guard
 * who may do what (access, Slack request checks, the change service and its idempotency, previews,
 * audit) one mutant at a time and checks that a test fails each time. The score is printed at the end; the goal is 85 %.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { configFile: 'jest.stryker.config.js', enableFindRelatedTests: false },
  // Only the tests that cover a mutant run against it.
  coverageAnalysis: 'perTest',
  mutate: [
    'src/access/**/*.ts',
    'src/slack/request-checks/**/*.ts',
    'src/changes/**/*.ts',
    'src/idempotency/**/*.ts',
    'src/worker/previews/**/*.ts',
    'src/audit/**/*.ts',
  ],
  // Module-level constants run once, before per-test coverage starts: testing them needs every test.
  ignoreStatic: true,
  // Reruns test only the mutants whose code or tests changed since the last run.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  concurrency: 2,
  timeoutMS: 20000,
  thresholds: { high: 90, low: 85, break: null },
};
