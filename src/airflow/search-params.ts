/**
 * Query parameters as both APIs read them: an array repeats its key (`state=failed&state=up_for_retry`),
 * and `undefined` leaves the parameter out.
 *
 * @example
 * query({ state: ['failed', 'up_for_retry'], limit: 100, token: undefined }).toString()
 * // 'state=failed&state=up_for_retry&limit=100'
 */
export function query(params: Record<string, string | number | readonly string[] | undefined>): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number') search.append(key, String(value));
    else for (const item of value) search.append(key, item);
  }
  return search;
}
