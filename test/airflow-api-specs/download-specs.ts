/**
 * `npm run specs`: downloads every pinned API description file from its upstream repository at
 * the pinned commit, checks its sha256, and only when all of them match puts them in the cache
 * directory. A mismatch or a failed download leaves the cache as it was.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SpecPin } from './spec-pins';

/** Where raw files of public repositories are served: `<base>/<owner>/<name>/<commit>/<path>`. */
export const DEFAULT_SPECS_BASE_URL = 'https://raw.githubusercontent.com';

export interface DownloadSpecsOptions {
  pins: readonly SpecPin[];
  /** `<base>/<owner>/<name>/<commit>/<path>` is fetched for each pin. */
  baseUrl: string;
  /** Filled only when every file arrived with its pinned checksum. */
  cacheDirectory: string;
  fetch?: typeof fetch;
  /** Per file. */
  timeoutMs?: number;
}

/** The URL a pin is downloaded from. */
export function pinUrl(baseUrl: string, pin: SpecPin): string {
  return `${baseUrl.replace(/\/+$/, '')}/${pin.repository}/${pin.commit}/${pin.path}`;
}

/**
 * Downloads and verifies every pin, then moves the files into `cacheDirectory` (replacing older
 * copies of the same names).
 *
 * @returns The files written.
 * @throws Error naming the file and URL when a download fails or a checksum differs; nothing is
 *   written to the cache then.
 * @example
 * await downloadSpecs({ pins: SPEC_PINS, baseUrl: DEFAULT_SPECS_BASE_URL, cacheDirectory: specsCacheDirectory() });
 */
export async function downloadSpecs(options: DownloadSpecsOptions): Promise<string[]> {
  const doFetch = options.fetch ?? fetch;
  const bodies = await Promise.all(
    options.pins.map(async (pin) => ({ pin, bytes: await downloadOne(pin, options.baseUrl, doFetch, options.timeoutMs ?? 60_000) })),
  );
  mkdirSync(options.cacheDirectory, { recursive: true });
  // Written beside the cache first, so a reader never sees half a file.
  const staging = mkdtempSync(path.join(options.cacheDirectory, '.download-'));
  try {
    for (const { pin, bytes } of bodies) writeFileSync(path.join(staging, pin.file), bytes);
    for (const { pin } of bodies) renameSync(path.join(staging, pin.file), path.join(options.cacheDirectory, pin.file));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return bodies.map(({ pin }) => path.join(options.cacheDirectory, pin.file));
}

async function downloadOne(pin: SpecPin, baseUrl: string, doFetch: typeof fetch, timeoutMs: number): Promise<Buffer> {
  const url = pinUrl(baseUrl, pin);
  let response: Response;
  try {
    response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new Error(`${pin.file}: could not download ${url}: ${failureReason(error)}`, { cause: error });
  }
  if (!response.ok) throw new Error(`${pin.file}: ${url} answered HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== pin.sha256) {
    throw new Error(`${pin.file}: checksum mismatch for ${url}: expected sha256 ${pin.sha256}, got ${actual}; nothing was cached`);
  }
  return bytes;
}

/** `fetch failed (ECONNREFUSED)`: fetch's own message says little, its cause's code says why. */
function failureReason(error: unknown): string {
  const record = typeof error === 'object' && error !== null ? (error as { message?: unknown; cause?: { code?: unknown } }) : {};
  const message = typeof record.message === 'string' ? record.message : String(error);
  const code = record.cause?.code;
  return typeof code === 'string' ? `${message} (${code})` : message;
}
