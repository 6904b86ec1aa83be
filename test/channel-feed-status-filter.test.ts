import { beforeAll, describe, expect, it } from 'vitest';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * The sales-channel plan feed filters by status under the name the vendor's page gives it,
 * `cancellation_plan_status` (apidocs.akinon.com/omnitron-openapis/saleschannelcancellationplans:
 * "cancellation_plan_status … Status of the cancellation plan, Example: waiting").
 */

const feed = (channel: number, query: string) => `/api/channel/${channel}/cancellation_plans/inserts_or_updates/?limit=1000&${query}`;
let mock: TestMock;
let strict: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 80 });
  strict = await createTestMock({ size: 80, strict: true });
});

/** The channel with the most plans, and a status some but not all of its plans have. */
async function busyChannel(): Promise<{ channel: number; status: string; all: Array<{ pk: number; status: string }> }> {
  let best = { channel: 0, status: '', all: [] as Array<{ pk: number; status: string }> };
  for (const channel of mock.store.channels.keys()) {
    const all = (await mock.getJson(feed(channel, ''))) as Array<{ pk: number; status: string }>;
    if (all.length > best.all.length) best = { channel, status: '', all };
  }
  best.status = best.all.map((p) => p.status).find((s) => best.all.some((p) => p.status !== s))!;
  return best;
}

describe('channel plan feed by cancellation_plan_status', () => {
  it('answers only the plans of that status, as status= does, and names nothing ignored', async () => {
    const { channel, status, all } = await busyChannel();
    const res = await mock.request(feed(channel, `cancellation_plan_status=${status}`), { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-mock-ignored-params')).toBeNull();
    const rows = (await json(res)) as Array<{ pk: number; status: string }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(all.length);
    expect(rows.every((p) => p.status === status)).toBe(true);
    expect(rows.map((p) => p.pk)).toEqual(all.filter((p) => p.status === status).map((p) => p.pk));
    expect(await mock.getJson(feed(channel, `status=${status}`))).toEqual(rows);
  });

  it('pages the filtered feed as the feed pages, by the vendor name alone', async () => {
    const { channel, status, all } = await busyChannel();
    const mine = all.filter((p) => p.status === status).map((p) => p.pk);
    const second = (await mock.getJson(`/api/channel/${channel}/cancellation_plans/inserts_or_updates/?limit=1&page=2&cancellation_plan_status=${status}`)) as Array<{ pk: number }>;
    expect(second.map((p) => p.pk)).toEqual(mine.length >= 2 ? [mine[1]] : []);
  });

  it("refuses a status that is not one, in django-filter's words", async () => {
    const res = await mock.request(feed(1, 'cancellation_plan_status=bogus'), { headers: AUTH });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ cancellation_plan_status: ['Select a valid choice. bogus is not one of the available choices.'] });
  });

  it('is a known parameter under --strict', async () => {
    const res = await strict.request(feed(1, 'cancellation_plan_status=waiting'), { headers: AUTH });
    expect(res.status).toBe(200);
  });
});
