import { collectPages } from '../../src/airflow/paging';

describe('collectPages', () => {
  it('stops at an empty page even when total_entries promises more', async () => {
    const asked: number[] = [];
    const items = await collectPages(async ({ offset }) => {
      asked.push(offset);
      return { items: offset === 0 ? [1, 2] : [], totalEntries: 10 };
    });

    expect(items).toEqual([1, 2]);
    expect(asked).toEqual([0, 2]);
  });

  it('asks for no more than the items still wanted', async () => {
    const limits: number[] = [];
    const items = await collectPages(async ({ limit, offset }) => {
      limits.push(limit);
      return { items: Array.from({ length: Math.min(limit, 100) }, (_, i) => offset + i), totalEntries: 1000 };
    }, 150);

    expect(items).toHaveLength(150);
    expect(limits).toEqual([100, 50]);
  });
});
