import { beforeEach, describe, expect, it } from 'vitest';
import { AUTH, READONLY_TOKEN, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * `Prefer` answers only a request the operation gate admits (SECURITY.md: 401 without a valid
 * token, 403 for the read-only token's write; Prism checks security before it answers an example).
 * A request the gate refuses gets the gate's answer exactly as without `Prefer`: no canned status,
 * no `invalid_prefer` 400, no added delay. Public operations (login, an image file) still answer
 * `Prefer` without a token, and fault rules keep their order: a rule for every session fires for
 * anyone, before the gate.
 */
const PLANS = '/api/v1/cancellation_plans/';
const PAYMENT_PLAN = `${PLANS}1/create_payment_plan/`;
const LOGIN = '/api/v1/auth/login/';
const READONLY = { Authorization: `Token ${READONLY_TOKEN}` };
const JSON_TYPE = { 'Content-Type': 'application/json' };

let mock: TestMock;
let slept: number[];
beforeEach(async () => {
  mock = await createTestMock({ size: 10 });
  slept = [];
  mock.admin.hooks.sleep = async (ms) => void slept.push(ms);
});

/** Status, the headers a client would compare, and the body. */
async function seen(res: Response) {
  return {
    status: res.status,
    fault: res.headers.get('X-Mock-Fault'),
    source: res.headers.get('X-Mock-Fault-Source'),
    authenticate: res.headers.get('WWW-Authenticate'),
    body: await res.text(),
  };
}

const post = (path: string, headers: Record<string, string>) =>
  mock.request(path, { method: 'POST', headers: { ...JSON_TYPE, ...headers }, body: '{}' });

describe('Prefer on a request the gate refuses', () => {
  it.each([
    ['no token', {}],
    ['a wrong token', { Authorization: 'Token wrong' }],
    ['a malformed header', { Authorization: 'Token a b' }],
  ])('answers a read with %s the gate’s 401, as without Prefer', async (_, headers: Record<string, string>) => {
    const plain = await seen(await mock.request(`${PLANS}1/`, { headers }));
    expect(plain.status).toBe(401);
    for (const prefer of ['code=404', 'code=500', 'code=200', 'example=default', 'latency=5', 'code=abc', 'example=nope']) {
      const res = await seen(await mock.request(`${PLANS}1/`, { headers: { ...headers, Prefer: prefer } }));
      expect([prefer, res]).toEqual([prefer, plain]);
    }
    const list = await seen(await mock.request(PLANS, { headers: { ...headers, Prefer: 'code=500' } }));
    expect([list.status, list.fault]).toEqual([401, null]);
    expect(slept).toEqual([]);
  });

  it('answers a write without a token 401, never the canned 200, and logs it so', async () => {
    const res = await post(PAYMENT_PLAN, { Prefer: 'code=200' });
    expect([res.status, res.headers.get('X-Mock-Fault')]).toEqual([401, null]);
    expect(await json(res)).toEqual({ detail: 'Authentication credentials were not provided.', code: 'not_authenticated' });
    const logged = await json(await mock.request('/__mock/requests?limit=1'));
    expect(logged.results[0]).toMatchObject({ method: 'POST', status: 401, operation_id: 'createCancellationPlanPaymentPlan', fault: null });
  });

  it('answers the read-only token 403 on a write, whatever it prefers', async () => {
    for (const prefer of ['code=200', 'code=500', 'code=abc']) {
      const res = await post(PAYMENT_PLAN, { ...READONLY, Prefer: prefer });
      expect([prefer, res.status, res.headers.get('X-Mock-Fault')]).toEqual([prefer, 403, null]);
      expect(await json(res)).toEqual({ detail: 'You do not have permission to perform this action.', code: 'permission_denied' });
    }
  });

  it("answers a method the path does not answer with the gate's refusal before Prefer", async () => {
    const literal = '/api/v1/cancellation_requests/bulk_add_tags/';
    const anonymous = await mock.request(literal, { headers: { Prefer: 'code=500' } });
    expect([anonymous.status, anonymous.headers.get('X-Mock-Fault'), anonymous.headers.get('Allow')]).toEqual([401, null, null]);
    const readonly = await mock.request(literal, { method: 'PATCH', headers: { ...READONLY, ...JSON_TYPE, Prefer: 'code=500' }, body: '{}' });
    expect([readonly.status, readonly.headers.get('X-Mock-Fault')]).toEqual([403, null]);
  });
});

describe('Prefer on a request the gate admits', () => {
  it('answers the full token the canned answer, as before', async () => {
    const res = await post(PAYMENT_PLAN, { ...AUTH, Prefer: 'code=200' });
    expect([res.status, res.headers.get('X-Mock-Fault'), res.headers.get('X-Mock-Fault-Source')]).toEqual([200, 'injected', 'prefer']);
    expect(await json(res)).toEqual({ message: 'Payment plan created successfully' });
    const bad = await mock.request(`${PLANS}1/`, { headers: { ...AUTH, Prefer: 'code=abc' } });
    expect([bad.status, (await json(bad)).code]).toEqual([400, 'invalid_prefer']);
  });

  it('answers the read-only token its preference on a read', async () => {
    const res = await mock.request(`${PLANS}1/`, { headers: { ...READONLY, Prefer: 'code=404' } });
    expect([res.status, res.headers.get('X-Mock-Fault-Source')]).toEqual([404, 'prefer']);
  });

  it('answers public operations without a token: login, an image file and its HEAD', async () => {
    const login = await post(LOGIN, { Prefer: 'example=bad_credentials' });
    expect([login.status, login.headers.get('X-Mock-Fault-Source')]).toEqual([400, 'prefer']);
    const notAnswered = await mock.request(LOGIN, { headers: { Prefer: 'code=503' } });
    expect([notAnswered.status, notAnswered.headers.get('X-Mock-Fault-Source')]).toEqual([503, 'prefer']);
    let file = '';
    for (let i = 1; i < 200 && !file; i++) {
      const path = `/media/cancellation_request_images/${i}.png`;
      if ((await mock.app.request(path, { method: 'HEAD' })).status === 200) file = path;
    }
    expect(file).not.toBe('');
    for (const method of ['GET', 'HEAD']) {
      const res = await mock.app.request(file, { method, headers: { Prefer: 'code=404' } });
      expect([method, res.status, res.headers.get('X-Mock-Fault-Source')]).toEqual([method, 404, 'prefer']);
    }
  });
});

describe('fault rules beside Prefer', () => {
  it('fires a rule for every session without a token, before the gate; Prefer then meets the gate', async () => {
    const rule = await mock.request('/__mock/faults', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ path: `${PLANS}*/`, status: 503, count: 1 }) });
    expect(rule.status).toBe(201);
    const ruled = await mock.request(`${PLANS}1/`, { headers: { Prefer: 'code=404' } });
    expect([ruled.status, ruled.headers.get('X-Mock-Fault-Source')]).toEqual([503, 'rule']);
    const spent = await mock.request(`${PLANS}1/`, { headers: { Prefer: 'code=404' } });
    expect([spent.status, spent.headers.get('X-Mock-Fault')]).toEqual([401, null]);
  });
});
