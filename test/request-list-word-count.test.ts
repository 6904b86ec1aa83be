import { beforeEach, describe, expect, it } from 'vitest';
import { channelOfRequest } from '../src/domain/channels/channel-scope.ts';
import { REQUESTS, createBody, createRequestVia, itemSupply, patchStatus } from './support/request-helpers.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * A request list filtered by `status` + `cancellation_type` (+ a `created_date` range) is counted
 * and paged from the two posting lists' words of bits, the range a span of keys (issue 26,
 * thirteenth session). Its count and every page must be the store's as it is: after status moves,
 * a rejection, a withdrawal (a delete), creates past the end of the tables, a reset and a reseed.
 * A session's lists (layered over the shared rows) do not take the word path: the session case
 * checks that the shared state's words stay true while a session moves its own rows beside them.
 * The expected rows come from the unfiltered list, which reads no filter's index (only the key
 * order), so the oracle is independent of the bit tables.
 */
let mock: TestMock;
beforeEach(async () => {
  // 264 requests: each status and type holds well over the 32 keys a list needs for its table.
  mock = await createTestMock({ size: 300 });
});

interface Row { id: number; status: string; cancellation_type: string; created_date: string }
interface Page { count: number; next: string | null; previous: string | null; results: Row[] }

const STATUSES = ['waiting', 'confirmed', 'approved', 'rejected', 'completed'];
const TYPES = ['cancel', 'refund'];
const LIMIT = 4;

const headers = (session: string | null) => ({ ...AUTH, ...(session ? { 'X-Mock-Session': session } : {}) });

async function get(path: string, session: string | null): Promise<Page> {
  const res = await mock.request(path, { headers: headers(session) });
  expect(res.status, path).toBe(200);
  return json(res);
}

/** Every request, newest first, from the unfiltered list. */
async function everyRow(session: string | null): Promise<Row[]> {
  const page = await get(`${REQUESTS}?limit=1000`, session);
  expect(page.count).toBeLessThanOrEqual(1000);
  return page.results;
}

/** Date bounds to ask with: none, and the dates of a spread of rows (first, last, between). */
function boundsOf(rows: readonly Row[]): string[] {
  const dates = [...new Set(rows.map((r) => r.created_date))].sort();
  const out: string[] = [];
  for (let i = 0; i < dates.length; i += Math.max(1, Math.floor(dates.length / 9))) out.push(dates[i]!);
  out.push(dates.at(-1)!);
  return out;
}

/**
 * Every status × type, alone and with `created_date__lte`, `__gte`, `__lt` and a two-sided range
 * at a spread of dates: the count, the first page, a middle page and the last against the rows.
 */
async function expectTrue(session: string | null): Promise<void> {
  const rows = await everyRow(session);
  const bounds = boundsOf(rows);
  for (const status of STATUSES) {
    for (const type of TYPES) {
      const mine = rows.filter((r) => r.status === status && r.cancellation_type === type);
      const cases: [string, (r: Row) => boolean][] = [['', () => true]];
      for (const [i, d] of bounds.entries()) {
        const e = encodeURIComponent(d);
        cases.push([`&created_date__lte=${e}`, (r) => r.created_date <= d]);
        if (i % 2 === 0) cases.push([`&created_date__gte=${e}`, (r) => r.created_date >= d]);
        if (i % 3 === 1) cases.push([`&created_date__lt=${e}`, (r) => r.created_date < d]);
        const hi = bounds[Math.min(bounds.length - 1, i + 2)]!;
        if (i % 2 === 1) cases.push([`&created_date__gt=${e}&created_date__lte=${encodeURIComponent(hi)}`, (r) => r.created_date > d && r.created_date <= hi]);
      }
      for (const [range, keep] of cases) {
        const want = mine.filter(keep).map((r) => r.id);
        const q = `${REQUESTS}?status=${status}&cancellation_type=${type}${range}&limit=${LIMIT}`;
        const first = await get(q, session);
        expect(first.count, q).toBe(want.length);
        expect(first.results.map((r) => r.id), q).toEqual(want.slice(0, LIMIT));
        const pages = Math.ceil(want.length / LIMIT);
        for (const p of new Set([Math.ceil(pages / 2), pages])) {
          if (p <= 1) continue;
          const page = await get(`${q}&page=${p}`, session);
          expect(page.count, `${q}&page=${p}`).toBe(want.length);
          expect(page.results.map((r) => r.id), `${q}&page=${p}`).toEqual(want.slice((p - 1) * LIMIT, p * LIMIT));
        }
      }
    }
  }
}

/**
 * Moves a few requests of each type out of `waiting` (a PATCH, a rejection), as a client would;
 * `from` picks other ones.
 */
async function moveSome(session: string | null, from = 0): Promise<void> {
  const rows = await everyRow(session);
  for (const type of TYPES) {
    const waiting = rows.filter((r) => r.status === 'waiting' && r.cancellation_type === type);
    expect(waiting.length).toBeGreaterThan(from + 6);
    for (const r of [waiting[from]!, waiting[from + 3]!, waiting.at(-1 - from)!]) {
      const res = await mock.request(`${REQUESTS}${r.id}/`, { method: 'PATCH', headers: { ...headers(session), 'Content-Type': 'application/json' }, body: '{"status":"confirmed"}' });
      expect(res.status).toBe(200);
    }
    const res = await mock.request(`${REQUESTS}${waiting[from + 5]!.id}/reject/`, { method: 'POST', headers: headers(session) });
    expect(res.status).toBe(200);
  }
}

describe('a request list counted from words of bits', () => {
  it('answers the store as seeded, and after status moves, a rejection and a withdrawal', async () => {
    await expectTrue(null);
    await moveSome(null);
    // A channel's withdrawal deletes a waiting request: its key leaves every list.
    const waiting = (await everyRow(null)).filter((r) => r.status === 'waiting');
    const gone = waiting[Math.floor(waiting.length / 2)]!;
    const channel = channelOfRequest(mock.store, mock.store.requests.get(gone.id)!);
    expect((await mock.request(`/api/channel/${channel}/cancellation_requests/${gone.id}/`, { method: 'DELETE', headers: AUTH })).status).toBe(204);
    expect((await everyRow(null)).some((r) => r.id === gone.id)).toBe(false);
    await expectTrue(null);
  });

  it('answers created requests, past the end of the lists\' tables', async () => {
    const supply = itemSupply(mock.store);
    // 60 creates take the keys past 264 + an eighth, where a table made at the seed's size ends.
    for (let i = 0; i < 60; i += 1) await createRequestVia(mock, createBody(mock.store, supply(), i % 3 === 0 ? 'refund' : 'cancel'));
    await expectTrue(null);
    expect((await patchStatus(mock, (await everyRow(null))[0]!.id, 'confirmed')).status).toBe(200);
    await expectTrue(null);
  });

  it('answers after a reset and a reseed', async () => {
    await expectTrue(null);
    await moveSome(null);
    expect((await mock.request('/__mock/reset', { method: 'POST' })).status).toBe(200);
    await expectTrue(null);
    const res = await mock.request('/__mock/reseed', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ seed: 9, size: 280 }) });
    expect(res.status).toBe(200);
    await expectTrue(null);
  });

  it('answers a session its own moves, and the shared state its own', async () => {
    await expectTrue(null);
    // The shared lists move first (their bits with them); the session's moves, walked as before,
    // must not touch the shared words.
    await moveSome(null);
    await moveSome('words-a', 1);
    await expectTrue('words-a');
    await expectTrue(null);
    // A session starts from the seed: it holds its own moves, not the shared state's.
    const shared = new Map((await everyRow(null)).map((r) => [r.id, r.status]));
    const moved = (await everyRow('words-a')).filter((r) => r.status !== shared.get(r.id));
    expect(moved.length).toBeGreaterThan(8);
  });
});
