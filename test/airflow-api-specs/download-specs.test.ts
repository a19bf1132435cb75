import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { downloadSpecs, pinUrl } from './download-specs';
import { SPEC_PINS, type SpecPin } from './spec-pins';

const V1 = 'openapi: 3.0.3\ninfo: {title: v1}\n';
const V2 = 'openapi: 3.1.0\ninfo: {title: v2}\n';

function pin(file: string, content: string, overrides: Partial<SpecPin> = {}): SpecPin {
  return {
    file,
    repository: 'apache/airflow',
    commit: 'c0ffee',
    path: `specs/${file}`,
    sha256: createHash('sha256').update(content).digest('hex'),
    describes: file,
    ...overrides,
  };
}

describe('downloadSpecs', () => {
  let server: http.Server;
  let baseUrl: string;
  const served = new Map<string, string>();
  const requested: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requested.push(req.url ?? '');
      const body = served.get(req.url ?? '');
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/plain' });
      res.end(body ?? '404: Not Found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  beforeEach(() => {
    served.clear();
    requested.length = 0;
    served.set('/apache/airflow/c0ffee/specs/v1.yaml', V1);
    served.set('/apache/airflow/c0ffee/specs/v2.yaml', V2);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function emptyCache(): string {
    return path.join(mkdtempSync(path.join(os.tmpdir(), 'specs-')), 'cache');
  }

  it('fetches each pin at its repository, commit and path and caches it when its sha256 matches', async () => {
    const cacheDirectory = emptyCache();

    const written = await downloadSpecs({ pins: [pin('v1.yaml', V1), pin('v2.yaml', V2)], baseUrl, cacheDirectory });

    expect(requested.sort()).toEqual(['/apache/airflow/c0ffee/specs/v1.yaml', '/apache/airflow/c0ffee/specs/v2.yaml']);
    expect(written).toEqual([path.join(cacheDirectory, 'v1.yaml'), path.join(cacheDirectory, 'v2.yaml')]);
    expect(readdirSync(cacheDirectory).sort()).toEqual(['v1.yaml', 'v2.yaml']);
    expect(readFileSync(path.join(cacheDirectory, 'v2.yaml'), 'utf8')).toBe(V2);
  });

  it('refuses a file whose checksum differs, naming it, and caches nothing', async () => {
    const cacheDirectory = emptyCache();
    const tampered = pin('v2.yaml', 'what the pin expects');

    await expect(downloadSpecs({ pins: [pin('v1.yaml', V1), tampered], baseUrl, cacheDirectory })).rejects.toThrow(
      `v2.yaml: checksum mismatch for ${baseUrl}apache/airflow/c0ffee/specs/v2.yaml: expected sha256 ${tampered.sha256}, ` +
        `got ${createHash('sha256').update(V2).digest('hex')}; nothing was cached`,
    );
    expect(() => readdirSync(cacheDirectory)).toThrow(/ENOENT/);
  });

  it('leaves an earlier cache as it was when one file fails', async () => {
    const cacheDirectory = emptyCache();
    await downloadSpecs({ pins: [pin('v1.yaml', V1)], baseUrl, cacheDirectory });
    writeFileSync(path.join(cacheDirectory, 'v1.yaml'), 'the earlier copy');

    await expect(
      downloadSpecs({ pins: [pin('v1.yaml', V1), pin('gone.yaml', 'x')], baseUrl, cacheDirectory }),
    ).rejects.toThrow(`gone.yaml: ${baseUrl}apache/airflow/c0ffee/specs/gone.yaml answered HTTP 404`);
    expect(readdirSync(cacheDirectory)).toEqual(['v1.yaml']);
    expect(readFileSync(path.join(cacheDirectory, 'v1.yaml'), 'utf8')).toBe('the earlier copy');
  });

  it('names the file and URL when the server cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const cacheDirectory = emptyCache();

    await expect(downloadSpecs({ pins: [pin('v1.yaml', V1)], baseUrl: deadUrl, cacheDirectory })).rejects.toThrow(
      `v1.yaml: could not download ${deadUrl}/apache/airflow/c0ffee/specs/v1.yaml: fetch failed (ECONNREFUSED)`,
    );
    expect(() => readdirSync(cacheDirectory)).toThrow(/ENOENT/);
  });

  it('pins the three files the contract reads, each to a full commit and sha256', () => {
    expect(SPEC_PINS.map((p) => p.file)).toEqual(
      expect.arrayContaining(['airflow-2-v1.yaml', 'airflow-3-v2.yaml', 'airflow-3-simple-auth-manager.yaml']),
    );
    for (const p of SPEC_PINS) {
      expect(p.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    const v2 = SPEC_PINS.find((p) => p.file === 'airflow-3-v2.yaml') as SpecPin;
    expect(pinUrl('https://example.test/', v2)).toBe(
      'https://example.test/apache/airflow/c0ffee'.replace('c0ffee', v2.commit) +
        '/airflow-core/src/airflow/api_fastapi/core_api/openapi/v2-rest-api-generated.yaml',
    );
  });
});
