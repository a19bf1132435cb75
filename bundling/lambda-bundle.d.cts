import type { Plugin } from 'esbuild';

/** One import replaced by a stub that throws if used. */
interface CutModule {
  request: RegExp;
  from: string;
  why: string;
}

/** The esbuild plugins of the Lambda bundles, with what they cut. */
declare const lambdaBundlePlugins: Plugin[] & {
  CUT_MODULES: readonly CutModule[];
  CUT_PATHS: readonly string[];
  CUT_BUILTINS: readonly string[];
};

export = lambdaBundlePlugins;
