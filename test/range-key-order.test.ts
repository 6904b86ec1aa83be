import { beforeEach, describe, expect, it } from 'vitest';
import { REQUESTS, createBody, createRequestVia, itemSupply, send } from './support/request-helpers.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * A date range whose values rise with the keys (requests are made in time) answers "is this key
 * in the range" as a span of keys (`store/range-index.ts`, issue 26). A write that files a row out
 * of that order — a request made with the clock set back files the newest key among older dates —
 * must end the shortcut: the lists must still answer exactly the rows whose dates are in range.
 */
let mock: TestMock;
beforeEach(async () => {
  mock = await createTestMock({ size: 40 });
});

type Field = 'created_date' | 'modified_date';

/** The ids a `status` + date-range list answers, and the ids the store says it must. */
async function both(status: string, field: Field, op: 'gte' | 'lte', date: string): Promise<[number[], number[]]> {
  const res = await mock.request(`${REQUESTS}?status=${status}&${field}__${op}=${encodeURIComponent(date)}&limit=1000`, { headers: AUTH });
  expect(res.status).toBe(200);
  const body = (await json(res)) as { count: number; results: { id: number }[] };
  const got = body.results.map((r) => r.id);
  expect(body.count).toBe(got.length);
  const want = [...mock.store.requests.values()]
    .filter((r) => r.status === status && (op === 'gte' ? r[field] >= date : r[field] <= date))
    .map((r) => r.id)
    .sort((a, b) => b - a);
  return [got, want];
}

/** The most common status, so its set is smaller than a wide date range but holds several rows. */
function busiestStatus(): string {
  const counts = new Map<string, number>();
  for (const r of mock.store.requests.values()) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

describe('a date range filter over rows made in time', () => {
  it('answers the rows in range before and after a write files a row out of key order', async () => {
    const status = busiestStatus();
    const mine = [...mock.store.requests.values()].filter((r) => r.status === status).sort((a, b) => a.id - b.id);
    expect(mine.length).toBeGreaterThan(3);
    const middle = mine[Math.floor(mine.length / 2)]!;
    const check = async (when: string) => {
      for (const field of ['created_date', 'modified_date'] as const) {
        for (const op of ['gte', 'lte'] as const) {
          const [got, want] = await both(status, field, op, middle[field]);
          expect(got, `${field}__${op} ${when}`).toEqual(want);
          expect(want.length).toBeGreaterThan(0);
        }
      }
    };
    await check('as seeded');
    // The oldest request of that status becomes the newest modified: its key is filed last.
    const oldest = mine[0]!;
    expect((await send(mock, 'PATCH', `${REQUESTS}${oldest.id}/`, { description: 'moved to the end' })).status).toBe(200);
    expect(mock.store.requests.get(oldest.id)!.modified_date > middle.modified_date).toBe(true);
    await check('after a PATCH');
    // A request made with the clock set back: the newest key, filed among older dates.
    const clock = await mock.request('/__mock/clock', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ now: middle.created_date }) });
    expect(clock.status).toBe(200);
    const created = await createRequestVia(mock, createBody(mock.store, itemSupply(mock.store)()));
    expect(created.id).toBeGreaterThan(Math.max(...mock.store.requests.keys()) - 1);
    const made = mock.store.requests.get(created.id)!;
    expect(made.created_date < mine.at(-1)!.created_date).toBe(true);
    const [got, want] = await both(made.status, 'created_date', 'gte', made.created_date);
    expect(got).toEqual(want);
    expect(got).toContain(created.id);
    const [got2, want2] = await both(made.status, 'created_date', 'lte', made.created_date);
    expect(got2).toEqual(want2);
    expect(got2).toContain(created.id);
  });
});

describe('a modified_date range over rows whose modified dates rise with their keys', () => {
  it('answers the rows in range after a PATCH files an old row last', async () => {
    // Seeded modified dates do not rise with the keys; an imported state whose do (each request
    // modified when it was made) gives the index its key order, which a PATCH of an old row ends.
    const exported = await mock.request('/__mock/state', { headers: AUTH });
    expect(exported.status).toBe(200);
    const lines = (await exported.text()).split('\n').filter(Boolean).map((line) => {
      const entry = JSON.parse(line) as { map?: string; v?: { created_date: string; modified_date: string } };
      if (entry.map === 'requests') entry.v!.modified_date = entry.v!.created_date;
      return JSON.stringify(entry);
    });
    const imported = await mock.request('/__mock/state', { method: 'PUT', headers: { ...AUTH, 'Content-Type': 'application/x-ndjson' }, body: `${lines.join('\n')}\n` });
    expect(imported.status, await imported.clone().text()).toBe(200);
    expect([...mock.store.requests.values()].every((r) => r.modified_date === r.created_date)).toBe(true);
    const status = busiestStatus();
    const mine = [...mock.store.requests.values()].filter((r) => r.status === status).sort((a, b) => a.id - b.id);
    const middle = mine[Math.floor(mine.length / 2)]!;
    for (const op of ['gte', 'lte'] as const) {
      const [got, want] = await both(status, 'modified_date', op, middle.modified_date);
      expect(got, `modified_date__${op} as imported`).toEqual(want);
    }
    const oldest = mine[0]!;
    expect((await send(mock, 'PATCH', `${REQUESTS}${oldest.id}/`, { description: 'moved to the end' })).status).toBe(200);
    for (const op of ['gte', 'lte'] as const) {
      const [got, want] = await both(status, 'modified_date', op, middle.modified_date);
      expect(got, `modified_date__${op} after the PATCH`).toEqual(want);
      expect(want.length).toBeGreaterThan(0);
    }
    const [got, want] = await both(status, 'modified_date', 'gte', mock.store.requests.get(oldest.id)!.modified_date);
    expect(got).toEqual(want);
    expect(got).toContain(oldest.id);
  });
});
