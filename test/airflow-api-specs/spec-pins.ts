import pins from './pins.json';

/** One official API description file, pinned to the upstream commit it is taken from. */
export interface SpecPin {
  /** The name it has in a specs directory: `airflow-3-v2.yaml`. */
  file: string;
  /** `owner/name` of the upstream repository. */
  repository: string;
  commit: string;
  /** Its path in the repository at that commit. */
  path: string;
  /** Hex sha256 of its exact bytes. */
  sha256: string;
  describes: string;
}

/** Every pinned file, as `npm run specs` downloads them. */
export const SPEC_PINS: readonly SpecPin[] = pins.files;

/** The files the contract tests read; a directory without all of them is not a specs directory. */
export const CONTRACT_SPEC_FILES = ['airflow-2-v1.yaml', 'airflow-3-v2.yaml', 'airflow-3-simple-auth-manager.yaml'] as const;
