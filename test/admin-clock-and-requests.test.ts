import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseClockShift } from '../src/common/control-clock.ts';
import { RequestLog } from '../src/http/request-log.ts';
import { AUTH, createTestMock, json, TEST_NOW, type TestMock } from './support/test-mock.ts';

const JSON_TYPE = { 'Content-Type': 'application/json' };
const PLANS = '/api/v1/cancellation_plans/';
let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 30 });
});

const setClock = (body: unknown) =>
  mock.request('/__mock/clock', { method: 'PUT', headers: JSON_TYPE, body: JSON.stringify(body) });
const waitingPlans = () => [...mock.store.plans.values()].filter((p) => p.status === 'waiting');
const confirm = (pk: number) =>
  mock.request(`${PLANS}${pk}/update_status/`, {
    method: 'POST',
    headers: { ...AUTH, ...JSON_TYPE },
    body: JSON.stringify({ status: 'confirmed' }),
  });

describe('admin clock', () => {
  beforeEach(async () => {
    await mock.request('/__mock/clock', { method: 'DELETE' });
    await mock.request('/__mock/reset', { method: 'POST' });
  });

  it('sets the time, and writes are stamped with it ("a plan changed yesterday")', async () => {
    const res = await setClock({ now: '2026-03-03T09:30:00Z' });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      now: '2026-03-03T09:30:00.000Z',
      offset_seconds: -88200,
      real: false,
    });
    const plan = waitingPlans()[0]!;
    expect((await confirm(plan.pk)).status).toBe(200);
    const after = await mock.getJson(`${PLANS}${plan.pk}/`);
    expect(after.modified_date.slice(0, 19)).toBe('2026-03-03T09:30:00');
  });

  it('advances by an ISO 8601 duration or by seconds, and DELETE returns to real time', async () => {
    expect((await json(await setClock({ advance: 'PT24H' }))).now).toBe('2026-03-05T10:00:00.000Z');
    expect((await json(await setClock({ advance: -3600 }))).now).toBe('2026-03-05T09:00:00.000Z');
    const plan = waitingPlans()[0]!;
    await confirm(plan.pk);
    expect((await mock.getJson(`${PLANS}${plan.pk}/`)).modified_date.slice(0, 13)).toBe(
      '2026-03-05T09',
    );
    const back = await mock.request('/__mock/clock', { method: 'DELETE' });
    expect(await json(back)).toEqual({ now: TEST_NOW, offset_seconds: 0, real: true });
    expect(await json(await mock.request('/__mock/clock'))).toMatchObject({ real: true });
  });

  it('dates fixtures from the moved clock too', async () => {
    await setClock({ advance: '-P1D' });
    const made = await json(
      await mock.request('/__mock/fixtures', {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ kind: 'plan', status: 'approved' }),
      }),
    );
    const plan = await mock.getJson(`${PLANS}${made.plan}/`);
    expect(plan.created_date.slice(0, 10)).toBe('2026-03-03');
  });

  it.each([
    [
      {},
      {
        non_field_errors: [
          'Give either "now" (an ISO 8601 date-time) or "advance" (an ISO 8601 duration or seconds).',
        ],
        code: 'invalid_clock',
      },
    ],
    [{ now: 'yesterday' }, { now: ['Enter a valid date/time.'] }],
    [
      { advance: 'PT' },
      {
        advance: [
          'Give an ISO 8601 duration ("PT24H", "-P1D") or a number of seconds, at most a century.',
        ],
      },
    ],
    [
      { now: '2026-01-01', advance: 'PT1H' },
      {
        non_field_errors: [
          'Give either "now" (an ISO 8601 date-time) or "advance" (an ISO 8601 duration or seconds).',
        ],
        code: 'invalid_clock',
      },
    ],
    [{ at: 1 }, { at: ['Unknown field; give "now" or "advance".'] }],
  ])('refuses %j with 400 naming the problem', async (body, errors) => {
    const res = await setClock(body);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(errors);
  });

  it('reads durations the ISO 8601 way', () => {
    expect(parseClockShift('P1W2DT3H4M5.5S')).toBe(((9 * 24 + 3) * 3600 + 4 * 60 + 5.5) * 1000);
    expect(parseClockShift('-PT30M')).toBe(-1_800_000);
    expect(parseClockShift('P')).toBeNull();
    expect(parseClockShift('P200Y')).toBeNull();
    expect(parseClockShift(1e12)).toBeNull();
  });
});

describe('admin request log', () => {
  beforeEach(async () => {
    await mock.request('/__mock/reset', { method: 'POST' });
    await mock.request('/__mock/requests', { method: 'DELETE' });
  });

  it('answers the last requests, newest first, with method, path, status, timing and operationId', async () => {
    const plan = waitingPlans()[0]!;
    await mock.request(`${PLANS}${plan.pk}/`, { headers: AUTH });
    await mock.request(`${PLANS}?limit=2`, { headers: AUTH });
    await mock.request(`${PLANS}999999/`, { headers: AUTH });
    await mock.request('/api/v1/nowhere/', { headers: AUTH });
    await mock.request('/__mock/health'); // admin calls are not recorded
    const body = await json(await mock.request('/__mock/requests'));
    expect(body.count).toBe(4);
    expect(body.capacity).toBe(1000);
    const [nowhere, missing, list, retrieve] = body.results;
    expect(retrieve).toMatchObject({
      method: 'GET',
      path: `${PLANS}${plan.pk}/`,
      status: 200,
      operation_id: 'retrieveCancellationPlan',
      session: null,
      fault: null,
    });
    expect(retrieve.duration_ms).toEqual(expect.any(Number));
    expect(list).toMatchObject({ path: `${PLANS}?limit=2`, operation_id: 'listCancellationPlans' });
    expect(missing).toMatchObject({ status: 404, operation_id: 'retrieveCancellationPlan' });
    expect(nowhere).toMatchObject({ status: 404, operation_id: null });
    expect(retrieve.seq).toBeLessThan(nowhere.seq);
  });

  it('filters by operation and limits, so a test can assert "the app called it once"', async () => {
    const [a, b] = [...mock.store.plans.values()].filter((p) =>
      ['waiting', 'waiting_supplier', 'confirmation_waiting', 'confirmed'].includes(p.status),
    );
    const cancel = (pk: number) =>
      mock.request(`${PLANS}${pk}/update_status/`, {
        method: 'POST',
        headers: { ...AUTH, ...JSON_TYPE },
        body: JSON.stringify({ status: 'cancelled' }),
      });
    await cancel(a!.pk);
    await mock.request(`${PLANS}${b!.pk}/`, { headers: AUTH });
    await cancel(b!.pk);
    const moves = await json(
      await mock.request('/__mock/requests?operation=updateCancellationPlanStatus&limit=1'),
    );
    expect(moves.count).toBe(2);
    expect(moves.results).toHaveLength(1);
    expect(moves.results[0].path).toBe(`${PLANS}${b!.pk}/update_status/`);
  });

  it("shows a session's requests only to that session, and records faults", async () => {
    await mock.request(`${PLANS}?limit=1`, {
      headers: { ...AUTH, 'X-Mock-Session': 'logged', Prefer: 'code=503' },
    });
    await mock.request(`${PLANS}?limit=1`, { headers: AUTH });
    const mine = await json(
      await mock.request('/__mock/requests', { headers: { 'X-Mock-Session': 'logged' } }),
    );
    expect(mine.results).toEqual([
      expect.objectContaining({ session: 'logged', status: 503, fault: 'injected' }),
    ]);
    expect((await json(await mock.request('/__mock/requests'))).count).toBe(2);
  });

  it.each(['0', 'x', '1001'])('refuses limit=%s', async (limit) => {
    const res = await mock.request(`/__mock/requests?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(Object.keys(await json(res))).toEqual(['limit']);
  });

  it('stamps entries with real time, so a moved mock clock never reorders the log', async () => {
    await mock.request(`${PLANS}?limit=1`, { headers: AUTH });
    const moved = await mock.request('/__mock/clock', {
      method: 'PUT',
      headers: JSON_TYPE,
      body: JSON.stringify({ advance: '-P1D' }),
    });
    expect(moved.status).toBe(200);
    await mock.request(`${PLANS}?limit=2`, { headers: AUTH });
    await mock.request('/__mock/clock', { method: 'DELETE' });
    const [second, first] = (await json(await mock.request('/__mock/requests'))).results;
    expect(second.seq).toBeGreaterThan(first.seq);
    expect(Date.parse(second.time)).toBeGreaterThanOrEqual(Date.parse(first.time));
    expect(second.time).toBe(TEST_NOW);
  });

  it('keeps a bounded ring', () => {
    const log = new RequestLog(3);
    for (let i = 1; i <= 5; i += 1) {
      log.add({
        time: 't',
        method: 'GET',
        path: `/${i}`,
        status: 200,
        duration_ms: 1,
        operation_id: null,
        session: null,
        fault: null,
      });
    }
    const { count, results } = log.query({ limit: 10 });
    expect(count).toBe(3);
    expect(results.map((r) => r.path)).toEqual(['/5', '/4', '/3']);
  });
});
