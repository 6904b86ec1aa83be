import { beforeEach, describe, expect, it } from 'vitest';
import { REQUESTS } from './support/request-helpers.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * A request list's page is filled into one array of its own size (`WordSelection.slice`), its
 * candidate sets gathered into arrays of the query's size, and the index lookups behind them
 * found without a fresh closure or empty array each time (issue 26, nineteenth session). Lists of
 * different filters asked in turns must each answer their own rows on every page — the last,
 * short one, and a limit past the count — in the shared state and in a session (whose date range
 * has no index: one candidate set fewer than filters), and a write to a collection a filter reads
 * through (a plan's status) must still move the requests that read it. The expected rows come from
 * the unfiltered list and the store, which read none of the filters' indexes.
 */
let mock: TestMock;
beforeEach(async () => {
  // Each status and type holds well over the 32 keys that give its posting list a bit table.
  mock = await createTestMock({ size: 300 });
});

interface Row { id: number; status: string; cancellation_type: string; created_date: string }
interface Page { count: number; next: string | null; results: Row[] }

const headers = (session: string | null) => ({ ...AUTH, ...(session ? { 'X-Mock-Session': session } : {}) });

async function get(path: string, session: string | null = null): Promise<Page> {
  const res = await mock.request(path, { headers: headers(session) });
  expect(res.status, path).toBe(200);
  return json(res);
}

interface Ask { status: string; type: string; lte: string; limit: number }
const pathOf = (a: Ask, page: number) =>
  `${REQUESTS}?status=${a.status}&cancellation_type=${a.type}&created_date__lte=${encodeURIComponent(a.lte)}&limit=${a.limit}&page=${page}`;

/** Two lists of different filters and page sizes, asked page by page in turns. */
async function expectInTurns(asks: readonly Ask[], session: string | null): Promise<void> {
  const rows = (await get(`${REQUESTS}?limit=1000`, session)).results;
  const want = asks.map((a) => rows.filter((r) => r.status === a.status && r.cancellation_type === a.type && r.created_date <= a.lte).map((r) => r.id));
  for (const w of want) expect(w.length).toBeGreaterThan(0);
  const pages = asks.map((a, i) => Math.max(1, Math.ceil(want[i]!.length / a.limit)));
  const seen: number[][] = asks.map(() => []);
  for (let p = 1; p <= Math.max(...pages); p += 1) {
    for (let i = 0; i < asks.length; i += 1) {
      if (p > pages[i]!) continue;
      const page = await get(pathOf(asks[i]!, p), session);
      expect(page.count, pathOf(asks[i]!, p)).toBe(want[i]!.length);
      const ids = page.results.map((r) => r.id);
      // Each page its own size: a full one, or the rest on the last; never a row of the other list.
      expect(ids, pathOf(asks[i]!, p)).toEqual(want[i]!.slice((p - 1) * asks[i]!.limit, p * asks[i]!.limit));
      for (const r of page.results) expect([r.status, r.cancellation_type]).toEqual([asks[i]!.status, asks[i]!.type]);
      seen[i]!.push(...ids);
    }
  }
  expect(seen).toEqual(want);
}

/** A date between the rows' first and last, so a range cuts each list short. */
async function middleDate(): Promise<string> {
  const dates = [...new Set((await get(`${REQUESTS}?limit=1000`)).results.map((r) => r.created_date))].sort();
  return dates[Math.floor(dates.length * 0.7)]!;
}

describe('request list pages asked in turns', () => {
  it('answer each list its own rows on every page, the last short one and a limit past the count', async () => {
    const mid = await middleDate();
    const far = '2999-01-01T00:00:00.000000Z';
    await expectInTurns(
      [
        { status: 'waiting', type: 'cancel', lte: mid, limit: 7 },
        { status: 'completed', type: 'refund', lte: far, limit: 3 },
        { status: 'approved', type: 'cancel', lte: mid, limit: 1000 },
      ],
      null,
    );
  });

  it('answer a session, whose date range no index answers, the same way', async () => {
    const mid = await middleDate();
    await expectInTurns(
      [
        { status: 'confirmed', type: 'refund', lte: mid, limit: 4 },
        { status: 'waiting', type: 'cancel', lte: mid, limit: 9 },
      ],
      'page-arrays',
    );
  });
});

describe('a request list by a value read through another collection', () => {
  it('moves a request when its plan\'s status moves, between two lists', async () => {
    const store = mock.store;
    const byPlanStatus = (s: string) =>
      [...store.requests.values()]
        .filter((r) => r.cancellation_plan !== null && store.plans.get(r.cancellation_plan)?.status === s)
        .map((r) => r.id)
        .sort((a, b) => b - a);
    const list = async (s: string) => (await get(`${REQUESTS}?cancellation_plan_status=${s}&limit=1000`)).results.map((r) => r.id);
    const request = [...store.requests.values()].find((r) => r.cancellation_plan !== null && store.plans.get(r.cancellation_plan)?.status === 'waiting');
    expect(request, 'a request whose plan is waiting').toBeDefined();
    // Both lists read first, so their index lookups are made and kept before the write.
    expect(await list('waiting')).toEqual(byPlanStatus('waiting'));
    expect(await list('confirmed')).toEqual(byPlanStatus('confirmed'));
    const res = await mock.request(`/api/v1/cancellation_plans/${request!.cancellation_plan}/update_status/`, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'confirmed' }),
    });
    expect(res.status).toBe(200);
    const confirmed = await list('confirmed');
    expect(confirmed).toContain(request!.id);
    expect(confirmed).toEqual(byPlanStatus('confirmed'));
    expect(await list('waiting')).not.toContain(request!.id);
    expect(await list('waiting')).toEqual(byPlanStatus('waiting'));
  });
});
