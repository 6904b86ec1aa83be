import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from './support/raw-http.ts';
import { servedMock } from './support/served-mock.ts';
import { AUTH, createTestMock } from './support/test-mock.ts';

// rev-prefer-auth (nineteenth session): a path no route takes meets no gate and no handler, so a
// `Prefer` there forced a 500 (or an `invalid_prefer` 400) for anyone, without a token; and a dot
// segment, which no route takes either, matched an `{id}` pattern and got that operation's canned
// answer. Both now answer as without `Prefer`, as Prism's 404 does.
describe('Prefer on a path no route takes', () => {
  it('answers as without Prefer, with a token or without', async () => {
    const mock = await createTestMock({ size: 10 });
    const cases = [['GET', '/api/v1/nothing/'], ['POST', '/api/v1/cancellation_plans/1/create_payment_plan'], ['GET', '/api/v1/cancellation_plans/1']] as const;
    for (const auth of [{}, AUTH]) {
      for (const [method, path] of cases) {
        const init = (prefer?: string): RequestInit => ({ method, headers: { ...auth, 'Content-Type': 'application/json', ...(prefer ? { Prefer: prefer } : {}) }, ...(method === 'POST' ? { body: '{}' } : {}) });
        const plain = await mock.app.request(path, init());
        for (const prefer of ['code=500', 'example=x']) {
          const res = await mock.app.request(path, init(prefer));
          expect([method, path, prefer, res.status, res.headers.get('X-Mock-Fault')]).toEqual([method, path, prefer, plain.status, null]);
        }
      }
    }
  });
});

describe('Prefer on a raw dot-segment path', () => {
  let port: number;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ port, close } = await servedMock());
  }, 60_000);
  afterAll(() => close());

  it('answers 404 as without Prefer, not the operation an {id} pattern would match', async () => {
    const headers = { ...AUTH, 'Content-Type': 'application/json' };
    const path = '/api/v1/cancellation_plans/../create_payment_plan/';
    const plain = await rawRequest(port, { method: 'POST', path, headers, body: '{}' });
    const preferred = await rawRequest(port, { method: 'POST', path, headers: { ...headers, Prefer: 'code=200' }, body: '{}' });
    expect(plain.status).toBe(404);
    expect([preferred.status, preferred.headers['x-mock-fault']]).toEqual([404, undefined]);
  });
});
