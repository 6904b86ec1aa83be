import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOCK_RANGE } from '../src/common/control-clock.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

const JSON_TYPE = { 'Content-Type': 'application/json' };
const PLANS = '/api/v1/cancellation_plans/';
const OUT_OF_RANGE = `Ensure the clock stays ${CLOCK_RANGE.text}.`;
let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 10 });
});
afterAll(async () => {
  await mock?.webhooks.close();
});

const setClock = (body: unknown) =>
  mock.request('/__mock/clock', { method: 'PUT', headers: JSON_TYPE, body: JSON.stringify(body) });
const readClock = async () => (await json(await mock.request('/__mock/clock'))).now as string;

/** A fixture plan made now, and a date filter over every plan: what an out-of-range clock broke. */
async function stampAndFilter(): Promise<void> {
  const made = await mock.request('/__mock/fixtures', {
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({ kind: 'plan', status: 'approved' }),
  });
  expect(made.status).toBe(201);
  const plan = await mock.getJson(`${PLANS}${(await json(made)).plan}/`);
  expect(plan.created_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  const list = await mock.request(`${PLANS}?created_date__gt=2000-01-01&limit=1`, { headers: AUTH });
  expect(list.status).toBe(200);
}

describe('the clock stays where dates can be written and read', () => {
  it('refuses an advance past year 9999 with a field error, the clock unchanged', async () => {
    expect((await setClock({ now: '9998-12-31T23:00:00Z' })).status).toBe(200);
    const res = await setClock({ advance: 'PT2H' });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ advance: [OUT_OF_RANGE] });
    expect(await readClock()).toBe('9998-12-31T23:00:00.000Z');
    await stampAndFilter();
    await mock.request('/__mock/clock', { method: 'DELETE' });
  });

  it.each([
    [{ now: '9999-12-31T23:00:00Z' }, 'now'],
    [{ now: '1969-12-31T23:59:59Z' }, 'now'],
    [{ now: '0001-01-01' }, 'now'],
  ])('refuses %j with 400 naming the field', async (body, field) => {
    const before = await readClock();
    const res = await setClock(body);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ [field]: [OUT_OF_RANGE] });
    expect(await readClock()).toBe(before);
  });

  it('holds for the result of any sequence of moves, not per call (property)', async () => {
    const year = fc.integer({ min: 1, max: 9999 }).map((y) => String(y).padStart(4, '0'));
    const move = fc.oneof(
      year.map((y) => ({ now: `${y}-06-15T12:00:00Z` })),
      fc.integer({ min: -36_500, max: 36_500 }).map((days) => ({ advance: `${days < 0 ? '-' : ''}P${Math.abs(days)}D` })),
      fc.integer({ min: -3e9, max: 3e9 }).map((seconds) => ({ advance: seconds })),
      fc.constant(null),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(move, { minLength: 1, maxLength: 12 }), async (moves) => {
        await mock.request('/__mock/clock', { method: 'DELETE' });
        for (const m of moves) {
          const before = await readClock();
          const res =
            m === null ? await mock.request('/__mock/clock', { method: 'DELETE' }) : await setClock(m);
          const body = await json(res);
          if (res.status === 400) {
            expect(Object.keys(body)).toHaveLength(1);
            expect(await readClock()).toBe(before);
          } else expect(res.status).toBe(200);
          const at = Date.parse(await readClock());
          expect(at).toBeGreaterThanOrEqual(CLOCK_RANGE.min);
          expect(at).toBeLessThanOrEqual(CLOCK_RANGE.max);
        }
        await stampAndFilter();
      }),
      { numRuns: 40, seed: 19_007 },
    );
    await mock.request('/__mock/clock', { method: 'DELETE' });
  }, 60_000);
});
