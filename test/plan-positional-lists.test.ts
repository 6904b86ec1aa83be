import { describe, expect, it } from 'vitest';
import { AUTH, allRows, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * The plan list by `tag`/`tag__exclude` and a channel's plan feed by `status` read their pages by
 * position from indexes kept beside the store (issue 26): a tag's ids in key order, kept by every
 * tag write; one channel's plans of one status in the feed's order, kept by every plan write. Each
 * case lists first (so the index exists), writes, and lists again: the count and every page's pks
 * must be what the written state says, computed here without the list code.
 */

const PLANS = '/api/v1/cancellation_plans/';
const feedPath = (channel: number) => `/api/channel/${channel}/cancellation_plans/inserts_or_updates/`;
const descending = (pks: Iterable<number>) => [...pks].sort((a, b) => b - a);

/** Every page of `query` at `limit`, one past the end included: the count and the pks, page by page. */
async function pagesOf(mock: TestMock, query: string, limit: number): Promise<{ count: number; pages: number[][] }> {
  const first = await mock.getJson(`${PLANS}?${query}&limit=${limit}`);
  const pages: number[][] = [first.results.map((p: { pk: number }) => p.pk)];
  for (let page = 2; page <= Math.ceil(first.count / limit); page += 1) {
    pages.push((await mock.getJson(`${PLANS}?${query}&limit=${limit}&page=${page}`)).results.map((p: { pk: number }) => p.pk));
  }
  return { count: first.count, pages };
}

const paged = (pks: number[], limit: number) => {
  const out: number[][] = [];
  for (let i = 0; i < Math.max(1, pks.length); i += limit) out.push(pks.slice(i, i + limit));
  return out;
};

describe('plan lists read by position', () => {
  it('counts and pages tag and tag__exclude as tags are added and removed and plans are made', async () => {
    const mock = await createTestMock({ size: 60 });
    const tags = mock.store.tags.cancellation_plan;
    let all = (await allRows(mock, PLANS)).map((p) => p.pk as number);
    const marked = new Set<number>();
    const expectLists = async () => {
      const carriers = descending(marked);
      const others = descending(all.filter((pk) => !marked.has(pk)));
      expect(await pagesOf(mock, 'tag=qa-mark', 3)).toEqual({ count: carriers.length, pages: paged(carriers, 3) });
      expect(await pagesOf(mock, 'tag__exclude=qa-mark', 7)).toEqual({ count: others.length, pages: paged(others, 7) });
    };
    // Tagged out of key order (a dataset or state file tags in its own order).
    for (const pk of [all[5]!, all[40]!, all[17]!]) (tags.add(pk, 'qa-mark'), marked.add(pk));
    await expectLists();
    for (const pk of [all[0]!, all[59]!, all[30]!, all[31]!]) (tags.add(pk, 'qa-mark'), marked.add(pk));
    tags.remove(all[17]!, 'qa-mark');
    marked.delete(all[17]!);
    await expectLists();
    // Down to one carrier and up again; then a plan made after the index was read.
    for (const pk of [...marked].slice(1)) (tags.remove(pk, 'qa-mark'), marked.delete(pk));
    await expectLists();
    const made = await mock.postJson('/__mock/fixtures', { kind: 'plan', status: 'waiting', items: 1 });
    expect(made.status).toBe(201);
    const { plan } = (await json(made)) as { plan: number };
    all = [...all, plan];
    await expectLists();
    tags.addAll([plan, all[12]!], ['qa-mark']);
    marked.add(plan).add(all[12]!);
    await expectLists();
  });

  it('pages a channel feed by status in the feed order as plans change status', async () => {
    const mock = await createTestMock({ size: 80 });
    const channelOf = (pk: number) => mock.store.orders.get(mock.store.plans.get(pk)!.order)!.channel;
    const plans = [...mock.store.plans.values()];
    const movable = plans.filter((p) => p.status === 'failed' || p.status === 'manuel_refund_need');
    expect(movable.length).toBeGreaterThan(1);
    const channel = channelOf(movable[0]!.pk);
    // The feed's order (DOMAIN.md, ADR 0014): oldest change first, then pk — from the store itself.
    const expected = (status: string) =>
      [...mock.store.plans.values()]
        .filter((p) => p.status === status && channelOf(p.pk) === channel)
        .sort((a, b) => (a.modified_date < b.modified_date ? -1 : a.modified_date > b.modified_date ? 1 : a.pk - b.pk))
        .map((p) => p.pk);
    const expectFeeds = async () => {
      for (const status of ['failed', 'manuel_refund_need', 'completed']) {
        const want = expected(status);
        for (let page = 1; page <= Math.ceil(want.length / 2) + 1; page += 1) {
          const res = await mock.request(`${feedPath(channel)}?status=${status}&limit=2&page=${page}`, { headers: AUTH });
          expect(res.status).toBe(200);
          expect((await json(res)).map((p: { pk: number }) => p.pk), `${status} page ${page}`).toEqual(want.slice((page - 1) * 2, page * 2));
        }
      }
    };
    await expectFeeds();
    // A repeated `status` is read by its last value, as the filter reads it: the feed's range
    // must be keyed by that one (keyed by the first, it would answer none of these).
    expect(expected('failed').length).toBeGreaterThan(0);
    const repeated = await mock.request(`${feedPath(channel)}?status=completed&status=failed&limit=1000`, { headers: AUTH });
    expect((await json(repeated)).map((p: { pk: number }) => p.pk)).toEqual(expected('failed'));
    for (const p of movable.filter((m) => channelOf(m.pk) === channel)) {
      const to = p.status === 'failed' ? 'manuel_refund_need' : 'failed';
      expect((await mock.postJson(`${PLANS}${p.pk}/update_status/`, { status: to })).status).toBe(200);
      await expectFeeds();
    }
  });
});
