import { describe, expect, it } from 'vitest';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * A session's fault rules are the session's, as its store is (SECURITY.md: sessions are for those
 * who get in): an unauthenticated request naming the session gets the gate's 401, neither the
 * rule's answer nor a spent firing of it. A public operation (login, an image file: its GET and
 * HEAD, and a method login's path does not answer), which nobody authenticates, still meets them, and a rule for every session still fires for anyone.
 */
const PLANS = '/api/v1/cancellation_plans/';
const LOGIN = '/api/v1/auth/login/';
const SESSION = { 'X-Mock-Session': 'qa-1' };

async function addRule(mock: TestMock, rule: unknown, headers: Record<string, string> = {}): Promise<{ id: number }> {
  const res = await mock.request('/__mock/faults', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(rule) });
  expect(res.status).toBe(201);
  return json(res);
}

describe("a session's fault rule", () => {
  it('does not fire for an unauthenticated request naming the session, nor spend its count', async () => {
    const mock = await createTestMock({ size: 10 });
    expect((await mock.request(PLANS, { headers: { ...AUTH, ...SESSION } })).status).toBe(200);
    await addRule(mock, { path: PLANS, status: 503, count: 1 }, SESSION);
    for (const headers of [SESSION, { ...SESSION, Authorization: 'Token wrong' }]) {
      const anonymous = await mock.request(PLANS, { headers });
      expect([anonymous.status, anonymous.headers.get('X-Mock-Fault')]).toEqual([401, null]);
    }
    const rules = await json(await mock.request('/__mock/faults', { headers: SESSION }));
    expect(rules.results.map((r: { hits: number }) => r.hits)).toEqual([0]);
    const own = await mock.request(PLANS, { headers: { ...AUTH, ...SESSION } });
    expect([own.status, own.headers.get('X-Mock-Fault')]).toEqual([503, 'injected']);
    expect((await mock.request(PLANS, { headers: { ...AUTH, ...SESSION } })).status).toBe(200);
  });

  it('still fires on a public operation, and a shared rule still fires for anyone', async () => {
    const mock = await createTestMock({ size: 10 });
    expect((await mock.request(PLANS, { headers: { ...AUTH, ...SESSION } })).status).toBe(200);
    await addRule(mock, { path: LOGIN, status: 429 }, SESSION);
    const login = await mock.request(LOGIN, { method: 'POST', headers: { 'Content-Type': 'application/json', ...SESSION }, body: '{}' });
    expect([login.status, login.headers.get('X-Mock-Fault')]).toEqual([429, 'injected']);
    await addRule(mock, { path: PLANS, status: 503 });
    expect((await mock.request(PLANS, { headers: SESSION })).status).toBe(503);
  });

  it('fires alike for GET and HEAD of an image file, and for a method login does not answer, with no token', async () => {
    const mock = await createTestMock({ size: 10 });
    let file = '';
    for (let i = 1; i < 200 && !file; i++) {
      const path = `/media/cancellation_request_images/${i}.png`;
      if ((await mock.app.request(path, { method: 'HEAD' })).status === 200) file = path;
    }
    expect(file).not.toBe('');
    expect((await mock.request(PLANS, { headers: { ...AUTH, ...SESSION } })).status).toBe(200);
    await addRule(mock, { path: '/media/**', status: 503 }, SESSION);
    for (const method of ['GET', 'HEAD']) {
      const res = await mock.app.request(file, { method, headers: SESSION });
      expect([method, res.status, res.headers.get('X-Mock-Fault')]).toEqual([method, 503, 'injected']);
    }
    await addRule(mock, { path: LOGIN, status: 429 }, SESSION);
    const get = await mock.app.request(LOGIN, { headers: SESSION });
    expect([get.status, get.headers.get('X-Mock-Fault')]).toEqual([429, 'injected']);
  });
});
