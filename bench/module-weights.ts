import type { Metafile } from 'esbuild';

/** Bytes a package (or our own code) contributes to a bundle. */
export interface ModuleWeight {
  module: string;
  bytes: number;
}

/** The packages of a bundle by the bytes they add to it, heaviest first; our own files as `(own code)`. */
export function moduleWeights(metafile: Metafile): ModuleWeight[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const module = match?.[1] ?? '(own code)';
      totals.set(module, (totals.get(module) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].map(([module, bytes]) => ({ module, bytes })).sort((a, b) => b.bytes - a.bytes);
}
