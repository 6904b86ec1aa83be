import { beforeAll, describe, expect, it } from 'vitest';
import { loadAdminSpec } from '../src/admin/admin-spec.ts';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { createTokenTable, secretEquals } from '../src/http/tokens.ts';
import { createLogger } from '../src/logger.ts';
import type { Operation } from '../src/spec/load-specs.ts';
import { leakIn } from './support/fuzz-requests.ts';
import { AUTH, createTestMock, json, READONLY_TOKEN, sharedSpecs, TOKEN, type TestMock } from './support/test-mock.ts';

/**
 * Who gets in, and what an answer may give away (issue 13, SECURITY.md). Read-only tokens on every
 * write are proved by test/permissions.test.ts; random inputs by the fuzz suites; logs by
 * test/security-logs.test.ts.
 */

const PLANS = '/api/v1/cancellation_plans/';
const ADMIN_TOKEN = 'admin-secret-4711';
let mock: TestMock;

beforeAll(async () => {
  mock = await createTestMock({ size: 5 });
}, 60_000);

describe('API tokens', () => {
  // DRF's TokenAuthentication splits the header on whitespace and compares the keyword without
  // case; the key itself must match exactly.
  it.each([
    [`Token ${TOKEN}`, 200],
    [`token ${TOKEN}`, 200],
    [`TOKEN ${TOKEN}`, 200],
    [`Token ${TOKEN} `, 200],
    [`Token\t${TOKEN}`, 200],
    [`Token ${TOKEN.slice(0, -1)}`, 401],
    [`Token ${TOKEN.slice(0, 1)}`, 401],
    [`Token ${TOKEN}x`, 401],
    [`Token ${TOKEN.toUpperCase()}`, 401],
    [`Token ${TOKEN} ${TOKEN}`, 401],
    [`Bearer ${TOKEN}`, 401],
    [`Basic ${Buffer.from(`${TOKEN}:`).toString('base64')}`, 401],
    [`Token ${'x'.repeat(5000)}`, 401],
    ['Token \u00e9\u00e8', 401],
    ['', 401],
  ])('%j → %i', async (header, status) => {
    const res = await mock.request(PLANS, { headers: header === '' ? {} : { Authorization: header } });
    expect(res.status).toBe(status);
  });

  it('is read from the Authorization header only: not from the query, a cookie or another header', async () => {
    const cases: Array<{ path: string; headers: Record<string, string> }> = [
      { path: `${PLANS}?token=${TOKEN}`, headers: {} },
      { path: `${PLANS}?auth_token=${TOKEN}`, headers: {} },
      { path: PLANS, headers: { Cookie: `token=${TOKEN}` } },
      { path: PLANS, headers: { 'X-Api-Key': TOKEN } },
      { path: PLANS, headers: { 'Proxy-Authorization': `Token ${TOKEN}` } },
    ];
    for (const init of cases) {
      expect((await mock.request(init.path, { headers: init.headers })).status, JSON.stringify(init)).toBe(401);
    }
  });

  it('compares keys through fixed-length digests: any length or alphabet, no throw, no partial match', () => {
    const table = createTokenTable({ token: TOKEN, readonlyToken: READONLY_TOKEN });
    expect(table.lookup(TOKEN)).toMatchObject({ role: 'full' });
    expect(table.lookup(READONLY_TOKEN)).toMatchObject({ role: 'readonly' });
    for (const guess of ['', 't', TOKEN.slice(0, -1), `${TOKEN}\u0000`, 'ü'.repeat(10_000), READONLY_TOKEN.slice(5)]) {
      expect(table.lookup(guess), JSON.stringify(guess.slice(0, 20))).toBeNull();
    }
    expect(secretEquals('a', 'a'.repeat(1000))).toBe(false);
    expect(secretEquals(ADMIN_TOKEN, ADMIN_TOKEN)).toBe(true);
  });
});

describe('the admin API', () => {
  let adminOps: Operation[];
  beforeAll(async () => {
    const all = (await loadAdminSpec()).specs.operations;
    // DOMAIN.md §1: health and the status page need no token; every other `/__mock/` route is admin.
    expect(all.filter((op) => op.isPublic).map((op) => op.operationId).sort()).toEqual(['getMockHealth', 'getMockStatusPage']);
    adminOps = all.filter((op) => !op.isPublic);
  });

  /** A concrete path for an admin operation (`{id}`-style parameters filled). */
  const pathOf = (op: Operation) => op.path.replace(/\{[^}]+\}/g, '1');

  it('needs the admin token on every admin operation once one is set, from loopback too', async () => {
    const locked = await createTestMock({ size: 5, adminToken: ADMIN_TOKEN });
    locked.admin.hooks.remoteAddress = () => '127.0.0.1';
    expect(adminOps.length).toBeGreaterThan(10);
    for (const op of adminOps) {
      for (const headers of [{}, AUTH, { Authorization: `Token ${READONLY_TOKEN}` }, { Authorization: `Token ${ADMIN_TOKEN.slice(0, -1)}` }, { Authorization: `Bearer ${ADMIN_TOKEN}` }]) {
        const res = await locked.app.request(pathOf(op), { method: op.method, headers });
        expect(res.status, `${op.operationId} with ${JSON.stringify(headers)}`).toBe(401);
      }
      const ok = await locked.app.request(pathOf(op), { method: op.method, headers: { Authorization: `Token ${ADMIN_TOKEN}` } });
      expect([401, 403], `${op.operationId} with the admin token`).not.toContain(ok.status);
    }
    await locked.webhooks.close();
  });

  it('answers only loopback clients on every admin operation when no admin token is set', async () => {
    const open = await createTestMock({ size: 5 });
    for (const address of ['10.0.0.7', '192.168.1.2', '::ffff:10.0.0.1', '172.17.0.1', '8.8.8.8']) {
      open.admin.hooks.remoteAddress = () => address;
      for (const op of adminOps) {
        const res = await open.app.request(pathOf(op), { method: op.method, headers: AUTH });
        expect(res.status, `${op.operationId} from ${address}`).toBe(403);
      }
    }
    await open.webhooks.close();
  });
});

describe('CORS', () => {
  it.each(['https://evil.example', 'null', 'http://localhost.evil.example', 'http://evil.example:5173', 'https://localhost@evil.example', 'file://'])(
    'gives %s no CORS answer, on a read, an error and a preflight',
    async (origin) => {
      const inits: Array<{ method: string; headers: Record<string, string> }> = [
        { method: 'GET', headers: { ...AUTH, Origin: origin } },
        { method: 'GET', headers: { Origin: origin } },
        { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' } },
      ];
      for (const init of inits) {
        const res = await mock.request(PLANS, init);
        expect(res.headers.get('access-control-allow-origin'), `${init.method} from ${origin}`).toBeNull();
        expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      }
    },
  );
});

describe('what an answer gives away', () => {
  it('answers an internal error with DRF\'s 500 body only; the stack goes to the log', async () => {
    const lines: string[] = [];
    const { specs } = await sharedSpecs();
    const m = await buildMock(testConfig({ token: TOKEN, size: 5 }), { logger: createLogger('error', (l) => lines.push(l)), specs });
    m.store.plans.get = () => {
      throw new TypeError(`boom at /work/main/src/secret.ts:12:3 with ${TOKEN}`);
    };
    const res = await m.app.request(`${PLANS}1/`, { headers: AUTH });
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ detail: 'A server error occurred.', code: 'error' });
    expect(leakIn(text)).toBeNull();
    expect(text).not.toContain(TOKEN);
    expect(lines.join('\n')).toContain('boom');
    await m.webhooks.close();
  });

  it('never echoes a token in an answer, a header or a page', async () => {
    for (const path of [PLANS, '/__mock/', '/__mock/health', '/docs', `${PLANS}?limit=1`, '/api/v1/nope/']) {
      const res = await mock.request(path, { headers: AUTH });
      const text = await res.text();
      expect(text, path).not.toContain(TOKEN);
      for (const [name, value] of res.headers) expect(value, `${path} ${name}`).not.toContain(TOKEN);
    }
    const login = await mock.request('/api/v1/auth/login/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'akinon', password: 'wrong-password-123' }) });
    expect(await login.text()).not.toContain('wrong-password-123');
  });
});

describe('the mutation journal', () => {
  it('keeps a write\'s body with its credentials masked, and nothing of a login', async () => {
    const m = await createTestMock({ size: 5 });
    await m.request('/api/v1/auth/login/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'akinon', password: 'akinon' }) });
    const res = await m.request('/whisperer/hooks/', {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ event_type: 'cancellation_plan.created', target_url: 'http://user:url-pass-123@127.0.0.1:9/x', secret_key: 'hook-secret-123456' }),
    });
    expect(res.status).toBe(201);
    const entries = m.journal.entries();
    expect(entries.map((e) => e.operationId)).toEqual(['createWebhookSubscription']);
    const text = JSON.stringify(entries);
    expect(text).not.toContain('hook-secret-123456');
    expect(text).not.toContain('url-pass-123');
    expect(entries[0]!.body).toMatchObject({ secret_key: '********', target_url: 'http://user:********@127.0.0.1:9/x' });
    await m.webhooks.close();
  });
});

describe('webhook targets', () => {
  const HOOKS = '/whisperer/hooks/';
  const subscribe = async (target_url: string) =>
    (await mock.request(HOOKS, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify({ event_type: 'cancellation_plan.created', target_url }) }));

  it.each([
    'http://10.0.0.1/hook', 'http://192.168.1.1/hook', 'http://169.254.169.254/latest/meta-data/', 'http://example.com/hook',
    'http://127.0.0.1@evil.example/hook', 'http://localhost.evil.example/hook', 'http://evil.example#@127.0.0.1/', 'http://[::ffff:10.0.0.1]/',
    'http://0.0.0.0/hook', 'file:///etc/passwd', 'gopher://127.0.0.1:25/', 'ftp://127.0.0.1/',
  ])('refuses %s under the default allow-list (loopback)', async (url) => {
    const res = await subscribe(url);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await json(res))).toContain('target_url');
  });

  it.each(['http://127.0.0.1:9/hook', 'http://localhost:9/hook', 'http://[::1]:9/hook', 'https://LOCALHOST:9/x'])('accepts the loopback target %s', async (url) => {
    const res = await subscribe(url);
    expect(res.status).toBe(201);
    const { id } = await json(res);
    expect((await mock.request(`${HOOKS}${id}/`, { method: 'DELETE', headers: AUTH })).status).toBe(204);
  });
});
