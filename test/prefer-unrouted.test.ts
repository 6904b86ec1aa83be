import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { serveApp } from '../src/http/serve-app.ts';
import { silentLogger } from '../src/logger.ts';
import { listeningPort } from './support/listening.ts';
import { rawRequest } from './support/raw-http.ts';
import { AUTH, createTestMock, sharedSpecs, TOKEN } from './support/test-mock.ts';

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
  let server: Server;
  beforeAll(async () => {
    const { specs, checker } = await sharedSpecs();
    const mock = await buildMock(testConfig({ token: TOKEN, size: 10 }), { logger: silentLogger, specs, checker });
    server = serveApp({ fetch: (req, env) => mock.app.fetch(req, env), hostname: '127.0.0.1', port: 0 });
    port = await listeningPort(server);
  }, 60_000);
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers 404 as without Prefer, not the operation an {id} pattern would match', async () => {
    const headers = { ...AUTH, 'Content-Type': 'application/json' };
    const path = '/api/v1/cancellation_plans/../create_payment_plan/';
    const plain = await rawRequest(port, { method: 'POST', path, headers, body: '{}' });
    const preferred = await rawRequest(port, { method: 'POST', path, headers: { ...headers, Prefer: 'code=200' }, body: '{}' });
    expect(plain.status).toBe(404);
    expect([preferred.status, preferred.headers['x-mock-fault']]).toEqual([404, undefined]);
  });
});
