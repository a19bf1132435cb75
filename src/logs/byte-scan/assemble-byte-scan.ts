import { readFileSync } from 'node:fs';
import path from 'node:path';
import wabt from 'wabt';

/** The WebAssembly text, and the module generated from it that the scanner loads. */
export const BYTE_SCAN_SOURCE = path.join(__dirname, 'byte-scan.wat');
export const BYTE_SCAN_MODULE_FILE = path.join(__dirname, 'byte-scan-module.ts');

/**
 * The text of byte-scan-module.ts: byte-scan.wat assembled by WABT, as base64. Committed, so
 * neither the Lambda bundle nor a user's clone needs WABT; a test fails while it differs.
 */
export async function byteScanModuleText(): Promise<string> {
  const tools = await wabt();
  const parsed = tools.parseWat(path.basename(BYTE_SCAN_SOURCE), readFileSync(BYTE_SCAN_SOURCE, 'utf8'), { simd: true, relaxed_simd: true });
  try {
    parsed.validate();
    const { buffer } = parsed.toBinary({});
    const base64 = Buffer.from(buffer).toString('base64');
    return [
      '// Generated from byte-scan.wat by `npm run assemble-byte-scan`; do not edit.',
      '',
      '/** The byte scanner as a WebAssembly module, base64. */',
      `export const BYTE_SCAN_WASM =\n  '${base64}';`,
      '',
    ].join('\n');
  } finally {
    parsed.destroy();
  }
}
