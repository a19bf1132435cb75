import type { Page, PageRequest } from './dialect';

/** What the bot asks for per page; Airflow's default `maximum_page_limit` is 100 too. */
export const PAGE_LIMIT = 100;
/** A guard against a server whose `total_entries` never stops growing. */
const MAX_PAGES = 500;

/**
 * Reads pages until `offset >= total_entries` or `maxItems` are in. The offset advances by the
 * number of items actually returned, because the server may cap `limit` below what was asked.
 *
 * @example
 * const all = await collectPages((page) => api.taskInstancesPage('etl', runId, undefined, page));
 */
export async function collectPages<T>(
  fetchPage: (page: PageRequest) => Promise<Page<T>>,
  maxItems = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const items: T[] = [];
  let offset = 0;
  for (let pages = 0; pages < MAX_PAGES && items.length < maxItems; pages += 1) {
    const page = await fetchPage({ limit: Math.min(PAGE_LIMIT, maxItems - items.length), offset });
    items.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.totalEntries) break;
  }
  return items.slice(0, maxItems);
}
