import { readFileSync } from 'node:fs';
import { BYTE_SCAN_MODULE_FILE, byteScanModuleText } from '../../../src/logs/byte-scan/assemble-byte-scan';

describe('the committed byte scanner module', () => {
  it('is byte-scan.wat as assembled (run npm run assemble-byte-scan after changing it)', async () => {
    expect(readFileSync(BYTE_SCAN_MODULE_FILE, 'utf8')).toBe(await byteScanModuleText());
  });
});
