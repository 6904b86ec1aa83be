import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

const JSON_TYPE = { 'Content-Type': 'application/json' };
const PLANS = '/api/v1/cancellation_plans/';
let mock: TestMock;
let slept: number[];
beforeAll(async () => {
  mock = await createTestMock({ size: 10 });
});
beforeEach(async () => {
  await mock.request('/__mock/faults', { method: 'DELETE' });
  slept = [];
  mock.admin.hooks.sleep = async (ms) => void slept.push(ms);
  mock.admin.hooks.random = Math.random;
});

const addRule = async (rule: unknown, headers: Record<string, string> = {}) => {
  const res = await mock.request('/__mock/faults', {
    method: 'POST',
    headers: { ...JSON_TYPE, ...headers },
    body: JSON.stringify(rule),
  });
  return { status: res.status, body: await json(res) };
};
const get = (path: string, headers: Record<string, string> = {}) =>
  mock.request(path, { headers: { ...AUTH, ...headers } });

describe('fault rules', () => {
  it('answers a status and body for a count of matching requests, then retires', async () => {
    const created = await addRule({
      method: 'get',
      path: '/api/v1/cancellation_plans/',
      status: 503,
      body: { detail: 'Down.', code: 'down' },
      headers: { 'Retry-After': '1' },
      count: 2,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(Number),
      method: 'GET',
      remaining: 2,
      status: 503,
      hits: 0,
      session: null,
    });
    for (let i = 0; i < 2; i += 1) {
      const res = await get(PLANS);
      expect(res.status).toBe(503);
      expect(res.headers.get('x-mock-fault')).toBe('injected');
      expect(res.headers.get('x-mock-fault-rule')).toBe(String(created.body.id));
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await json(res)).toEqual({ detail: 'Down.', code: 'down' });
    }
    expect((await get(PLANS)).status).toBe(200);
    expect((await json(await mock.request('/__mock/faults'))).results).toEqual([]);
  });

  it("answers Omnitron's body for the status when none is given", async () => {
    await addRule({ path: '/api/v1/cancellation_plans/*/', status: 500 });
    const res = await get(`${PLANS}1/`);
    expect(res.status).toBe(500);
    expect(await json(res)).toEqual({ detail: 'A server error occurred.', code: 'error' });
    expect((await get(PLANS)).status).toBe(200); // `*` stays within one segment
  });

  it('matches paths with * within a segment and ** across segments, and by method', async () => {
    await addRule({ method: 'POST', path: '/api/**/update_status/', status: 409 });
    expect((await get(`${PLANS}1/`)).status).toBe(200);
    const res = await mock.request(`${PLANS}1/update_status/`, {
      method: 'POST',
      headers: { ...AUTH, ...JSON_TYPE },
      body: '{}',
    });
    expect(res.status).toBe(409);
  });

  it('adds latency and lets the real answer through', async () => {
    await addRule({ path: PLANS, latency_ms: 40 });
    const res = await get(`${PLANS}?limit=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-mock-fault')).toBe('latency');
    expect(slept).toEqual([40]);
  });

  it('waits with real timers when no sleep is injected', async () => {
    mock.admin.hooks.sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    await addRule({ path: PLANS, latency_ms: 30, status: 504 });
    const started = performance.now();
    const res = await get(PLANS);
    expect(res.status).toBe(504);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('fires with the probability given, drawn from the injected random source', async () => {
    const draws = [0.9, 0.1, 0.49, 0.5];
    mock.admin.hooks.random = () => draws.shift()!;
    await addRule({ path: PLANS, probability: 0.5, status: 500 });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await get(PLANS)).status);
    expect(statuses).toEqual([200, 500, 500, 200]);
  });

  it('drops the connection on a real server, and the server keeps serving', async () => {
    await addRule({ path: PLANS, drop: true, count: 1 });
    const server = serve({ fetch: mock.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await expect(fetch(`${base}${PLANS}`, { headers: AUTH })).rejects.toThrow();
      expect((await fetch(`${base}${PLANS}?limit=1`, { headers: AUTH })).status).toBe(200);
    } finally {
      server.close();
    }
  });

  it('answers an in-process caller, which has no connection, a marked 502', async () => {
    await addRule({ path: PLANS, drop: true });
    const res = await get(PLANS);
    expect(res.status).toBe(502);
    expect(res.headers.get('x-mock-fault')).toBe('injected');
    expect((await json(res)).code).toBe('mock_connection_dropped');
  });

  it('applies a rule made in a session to that session only', async () => {
    await addRule({ path: PLANS, status: 500 }, { 'X-Mock-Session': 'faulty' });
    expect((await get(PLANS, { 'X-Mock-Session': 'faulty' })).status).toBe(500);
    expect((await get(PLANS, { 'X-Mock-Session': 'healthy' })).status).toBe(200);
    expect((await get(PLANS)).status).toBe(200);
    expect(
      (
        await json(
          await mock.request('/__mock/faults', { headers: { 'X-Mock-Session': 'healthy' } }),
        )
      ).results,
    ).toEqual([]);
  });

  it('lists, deletes one and clears', async () => {
    const a = (await addRule({ path: '/a', status: 500 })).body;
    const b = (await addRule({ path: '/b', latency_ms: 5 })).body;
    expect(
      (await json(await mock.request('/__mock/faults'))).results.map((r: { id: number }) => r.id),
    ).toEqual([a.id, b.id]);
    expect((await mock.request(`/__mock/faults/${a.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await mock.request(`/__mock/faults/${a.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await mock.request('/__mock/faults/nope', { method: 'DELETE' })).status).toBe(404);
    expect(
      (await json(await mock.request('/__mock/faults'))).results.map((r: { id: number }) => r.id),
    ).toEqual([b.id]);
    expect((await mock.request('/__mock/faults', { method: 'DELETE' })).status).toBe(204);
    expect((await json(await mock.request('/__mock/faults'))).results).toEqual([]);
  });

  it.each([
    [{}, { path: ['This field is required.'] }],
    [{ path: 'no-slash', status: 500 }, { path: ['Must be a path pattern starting with "/".'] }],
    [
      { path: '/__mock/reset', status: 500 },
      { path: ['Admin routes (/__mock/) cannot be faulted.'] },
    ],
    [{ path: '/x', status: 99 }, { status: ['Must be an HTTP status from 200 to 599.'] }],
    [
      { path: '/x', status: 500, drop: true },
      { drop: ['A dropped connection has no status; give one or the other.'] },
    ],
    [
      { path: '/x', status: 500, probability: 0 },
      { probability: ['Must be a number greater than 0 and at most 1.'] },
    ],
    [
      { path: '/x', status: 500, count: 0 },
      { count: ['Ensure this value is greater than or equal to 1.'] },
    ],
    [
      { path: '/x', latency_ms: 1e9 },
      { latency_ms: ['Must be a whole number of milliseconds from 0 to 60000.'] },
    ],
    [{ path: '/x', method: 'FETCH', status: 500 }, { method: ['"FETCH" is not a valid choice.'] }],
    [
      { path: '/x', latency: 5 },
      {
        latency: [
          'Unknown field; a rule takes method, path, probability, count, status, body, headers, latency_ms, drop.',
        ],
      },
    ],
    [{ path: '/x', body: {} }, { body: ['A body needs a status.'] }],
    [
      { path: '/x' },
      {
        non_field_errors: ['A rule needs a status, a latency_ms or drop: true.'],
        code: 'invalid_fault',
      },
    ],
  ])('refuses the rule %j with 400 naming the problem', async (rule, errors) => {
    const res = await addRule(rule);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(errors);
  });

  it('never faults the admin routes', async () => {
    mock.admin.faults.add(
      {
        method: '*',
        path: '/**',
        probability: 1,
        remaining: null,
        status: 500,
        body: null,
        headers: {},
        latency_ms: 0,
        drop: false,
      },
      null,
      new Date().toISOString(),
    );
    expect((await get(PLANS)).status).toBe(500);
    expect((await mock.request('/__mock/faults')).status).toBe(200);
    expect((await mock.request('/__mock/health')).status).toBe(200);
  });
});

describe('Prefer header (Prism-style)', () => {
  it('answers code=500 and code=404 with Omnitron bodies, marked injected', async () => {
    const five = await get(PLANS, { Prefer: 'code=500' });
    expect(five.status).toBe(500);
    expect(five.headers.get('x-mock-fault')).toBe('injected');
    expect(await json(five)).toEqual({ detail: 'A server error occurred.', code: 'error' });
    const four = await get(`${PLANS}1/`, { Prefer: 'code=404' });
    expect(four.status).toBe(404);
    expect((await json(four)).code).toBe('not_found');
  });

  it('answers a named example of the operation, from the spec', async () => {
    const res = await mock.request('/api/v1/auth/login/', {
      method: 'POST',
      headers: { ...JSON_TYPE, Prefer: 'example=bad_credentials' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({
      non_field_errors: ['Unable to log in with provided credentials.'],
    });
    const unknown = await mock.request('/api/v1/auth/login/', {
      method: 'POST',
      headers: { ...JSON_TYPE, Prefer: 'example=nope' },
      body: '{}',
    });
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).code).toBe('invalid_prefer');
  });

  it('waits latency=… first, and lets a 2xx code through to the real answer', async () => {
    const res = await get(`${PLANS}?limit=1`, { Prefer: 'latency=800, code=200' });
    expect(res.status).toBe(200);
    expect((await json(res)).results).toHaveLength(1);
    expect(slept).toEqual([800]);
  });

  it('refuses a 2xx code the operation does not document, instead of passing to another status', async () => {
    const res = await get(`${PLANS}1/`, { Prefer: 'code=204' });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ detail: 'Prefer: code=204: retrieveCancellationPlan documents no 204 answer.', code: 'invalid_prefer' });
    expect((await get(`${PLANS}1/`, { Prefer: 'code=200' })).status).toBe(200);
  });

  it('refuses a malformed preference and ignores unknown ones', async () => {
    const bad = await get(PLANS, { Prefer: 'code=abc' });
    expect(bad.status).toBe(400);
    expect((await json(bad)).code).toBe('invalid_prefer');
    expect((await get(`${PLANS}?limit=1`, { Prefer: 'respond-async, dynamic=true' })).status).toBe(
      200,
    );
  });

  it('is overridden by a rule that fires, and the answer names the winner', async () => {
    const rule = await addRule({ path: PLANS, status: 418, count: 1 });
    const ruled = await get(PLANS, { Prefer: 'code=500' });
    expect(ruled.status).toBe(418);
    expect(ruled.headers.get('x-mock-fault')).toBe('injected');
    expect(ruled.headers.get('x-mock-fault-source')).toBe('rule');
    expect(ruled.headers.get('x-mock-fault-rule')).toBe(String(rule.body.id));
    const preferred = await get(PLANS, { Prefer: 'code=500' });
    expect(preferred.status).toBe(500);
    expect(preferred.headers.get('x-mock-fault')).toBe('injected');
    expect(preferred.headers.get('x-mock-fault-source')).toBe('prefer');
    expect(preferred.headers.get('x-mock-fault-rule')).toBeNull();
  });

  it('names the source of added latency too', async () => {
    const slow = await get(`${PLANS}?limit=1`, { Prefer: 'latency=5' });
    expect(slow.headers.get('x-mock-fault')).toBe('latency');
    expect(slow.headers.get('x-mock-fault-source')).toBe('prefer');
    await addRule({ path: PLANS, latency_ms: 5 });
    const ruled = await get(`${PLANS}?limit=1`);
    expect(ruled.headers.get('x-mock-fault')).toBe('latency');
    expect(ruled.headers.get('x-mock-fault-source')).toBe('rule');
  });

  it("logs a rule's answer under the operation it stood in for", async () => {
    await mock.request('/__mock/requests', { method: 'DELETE' });
    await addRule({ method: 'GET', path: '/api/v1/cancellation_plans/*/', status: 503, count: 1 });
    await get(`${PLANS}1/`);
    const log = await json(await mock.request('/__mock/requests'));
    expect(log.results[0]).toMatchObject({
      status: 503,
      fault: 'injected',
      operation_id: 'retrieveCancellationPlan',
    });
    const page = await (await mock.request('/__mock/')).text();
    expect(page).toMatch(/<td>503<\/td><td>[\d.]+<\/td><td>retrieveCancellationPlan<\/td>/);
  });
});
