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

/**
 * All pages, the first alone (it says how many there are) and then up to `concurrency` at a time:
 * for long lists (thousands of DAGs) that one-by-one paging would make slow. Assumes the server
 * gives every page in full (`PAGE_LIMIT` items), as Airflow does up to its `maximum_page_limit`;
 * when the first page comes back shorter than asked, it falls back to {@link collectPages}.
 *
 * @example
 * const dags = await collectPagesConcurrently((page) => api.dagsPage({}, page), { concurrency: 8 });
 */
export async function collectPagesConcurrently<T>(
  fetchPage: (page: PageRequest) => Promise<Page<T>>,
  options: { concurrency: number; maxItems?: number },
): Promise<T[]> {
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
  const first = await fetchPage({ limit: Math.min(PAGE_LIMIT, maxItems), offset: 0 });
  const wanted = Math.min(first.totalEntries, maxItems);
  if (first.items.length >= wanted) return first.items.slice(0, maxItems);
  if (first.items.length < Math.min(PAGE_LIMIT, maxItems)) {
    return collectPages(fetchPage, maxItems);
  }
  const offsets: number[] = [];
  for (let offset = first.items.length; offset < wanted && offsets.length < MAX_PAGES; offset += PAGE_LIMIT) offsets.push(offset);
  const pages: T[][] = new Array<T[]>(offsets.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < offsets.length) {
      const index = next++;
      const offset = offsets[index] as number;
      pages[index] = (await fetchPage({ limit: Math.min(PAGE_LIMIT, wanted - offset), offset })).items;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return [first.items, ...pages].flat().slice(0, maxItems);
}
