import { beforeEach, describe, expect, it } from 'vitest';
import { REQUESTS } from './support/request-helpers.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * A state file may hold a request whose pk is past 2³²−1 (any safe whole number imports). No
 * posting list's bit table can hold it: a list by `status` + `cancellation_type` that counts
 * from words of bits must then not (the key would drop out of the count and the page).
 */
let mock: TestMock;
beforeEach(async () => {
  mock = await createTestMock({ size: 300 });
});

const BIG = 2 ** 32 + 7;

describe('a request list over a key no bit table can hold', () => {
  it('counts and pages the imported request whose pk is past 2^32', async () => {
    const text = await (await mock.request('/__mock/state', { headers: AUTH })).text();
    const lines = text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
    // The newest waiting cancel moves to pk 2^32 + 7, with every reference to it.
    const moved = lines.filter((o) => o.map === 'requests' && o.v.status === 'waiting' && o.v.cancellation_type === 'cancel').at(-1);
    const old = moved.k as number;
    moved.k = BIG;
    moved.v.id = BIG;
    for (const o of lines) {
      if (o.tags === 'cancellation_request' && o.k === old) o.k = BIG;
      if (o.map === 'requestsByItem') o.v = o.v.map((k: number) => (k === old ? BIG : k));
      if (o.record === 'sequences') o.v.requests = BIG + 1;
    }
    // Keys in ascending order, as an export writes them: the moved request goes last of its map.
    const requests = lines.filter((o) => o.map === 'requests' && o !== moved);
    const at = lines.indexOf(requests.at(-1)) + 1;
    const ordered = lines.filter((o) => o !== moved);
    ordered.splice(at - 1, 0, moved);
    const put = await mock.request('/__mock/state', { method: 'PUT', headers: { 'Content-Type': 'application/x-ndjson' }, body: ordered.map((o) => JSON.stringify(o)).join('\n') + '\n' });
    expect(put.status, await put.clone().text()).toBe(200);
    const all = (await json(await mock.request(`${REQUESTS}?status=waiting&limit=1000`, { headers: AUTH }))).results as { id: number; cancellation_type: string }[];
    const want = all.filter((r) => r.cancellation_type === 'cancel').map((r) => r.id);
    expect(want[0]).toBe(BIG);
    const page = await json(await mock.request(`${REQUESTS}?status=waiting&cancellation_type=cancel&limit=5`, { headers: AUTH }));
    expect(page.count).toBe(want.length);
    expect(page.results.map((r: { id: number }) => r.id)).toEqual(want.slice(0, 5));
  });
});
