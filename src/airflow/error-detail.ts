/** Longest server detail quoted in a Slack message; the full body stays in the logs. */
const DETAIL_MAX = 300;

/**
 * The human part of an Airflow error body, on one line:
 * - v1 (RFC 7807 `{type, title, status, detail}`): `detail`, else `title`;
 * - v2 (FastAPI `{detail}`): the string, an object as compact JSON, or a validation list as
 *   `body.new_state: Input should be …; …`;
 * - plain text: the text itself, on one line.
 * `undefined` when there is nothing worth quoting.
 */
export function errorDetail(body: unknown): string | undefined {
  if (typeof body === 'string') return oneLine(body);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const detail: unknown = 'detail' in body ? body.detail : undefined;
  if (typeof detail === 'string' && detail.trim() !== '') return oneLine(detail);
  if (Array.isArray(detail)) return oneLine(detail.map(validationItem).filter(Boolean).join('; '));
  if (typeof detail === 'object' && detail !== null) return oneLine(JSON.stringify(detail));
  const title: unknown = 'title' in body ? body.title : undefined;
  if (typeof title === 'string' && title.trim() !== '') return oneLine(title);
  return undefined;
}

function validationItem(item: unknown): string {
  if (typeof item === 'string') return item;
  if (typeof item !== 'object' || item === null) return '';
  const msg = 'msg' in item && typeof item.msg === 'string' ? item.msg : '';
  const loc = 'loc' in item && Array.isArray(item.loc) ? item.loc.map(String).join('.') : '';
  return loc && msg ? `${loc}: ${msg}` : msg || loc;
}

/** Collapses whitespace (a traceback in a detail must not spill over lines) and caps the length. */
export function oneLine(text: string, max = DETAIL_MAX): string | undefined {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return undefined;
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
