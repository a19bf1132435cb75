/**
 * `npm run assemble-byte-scan`: writes src/logs/byte-scan/byte-scan-module.ts from byte-scan.wat.
 * A test fails while the committed file differs.
 */
import { writeFileSync } from 'node:fs';
import { BYTE_SCAN_MODULE_FILE, byteScanModuleText } from '../../src/logs/byte-scan/assemble-byte-scan';

void byteScanModuleText().then((text) => {
  writeFileSync(BYTE_SCAN_MODULE_FILE, text);
  process.stdout.write(`Wrote ${BYTE_SCAN_MODULE_FILE}\n`);
});
