import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import jest from 'eslint-plugin-jest';

/**
 * Feature folders: each serves one entry point (Slack events, the Slack worker, its failure
 * reports, webhook actions, alerts, the watcher, the on-call loop). A feature imports only the
 * shared layers below it (`src/changes`, `src/airflow`, `src/views`, …), never another feature; a
 * shared layer imports no feature; `src/runtime` wires features together and may import anything.
 * Product code (src/, handlers/) never imports the local tooling in `local/`.
 */
export const FEATURES = ['slack', 'worker', 'failed-jobs', 'webhook-actions', 'alerts', 'watcher', 'oncall'];

const NO_LOCAL = { group: ['**/local/**', '**/local'], message: 'Product code (src/, handlers/) may not import local/ tooling.' };

/** A relative import that climbs out of the folder and into one of `features`. */
function intoFeatures(features, message) {
  return { regex: `^(\\.\\./)+(${features.join('|')})(/|$)`, message };
}

function boundaries() {
  const shared = {
    files: ['src/**/*.ts', 'handlers/**/*.ts'],
    ignores: [...FEATURES.map((feature) => `src/${feature}/**`), 'src/runtime/**', 'handlers/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [NO_LOCAL, intoFeatures(FEATURES, 'A shared layer may not import a feature folder: move what both need below them.')] },
      ],
    },
  };
  const wiring = {
    files: ['src/runtime/**/*.ts', 'handlers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_LOCAL] }] },
  };
  const features = FEATURES.map((feature) => ({
    files: [`src/${feature}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_LOCAL,
            intoFeatures(
              FEATURES.filter((other) => other !== feature),
              `src/${feature} is a feature: it may import shared layers (src/changes, src/airflow, src/views…), never another feature. Move what both need into a shared layer.`,
            ),
          ],
        },
      ],
    },
  }));
  return [shared, wiring, ...features];
}

export default tseslint.config(
  { ignores: ['node_modules/', '.serverless/', '.esbuild/', 'coverage/', '.local/', '.cache/', '.stryker-tmp/', 'reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  ...boundaries(),
  {
    files: ['test/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-disabled-tests': 'error',
      'jest/no-focused-tests': 'error',
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect*', 'assert*'] }],
    },
  },
  {
    files: ['*.js', '*.cjs', 'bundling/*.cjs', 'test/**/*.cjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly', __filename: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
