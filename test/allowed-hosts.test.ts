import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Config } from '../src/config.ts';
import { loadAdminSpec } from '../src/admin/admin-spec.ts';
import { hostPart, hostPolicy, invalidHostBody } from '../src/http/allowed-hosts.ts';
import { rawRequest } from './support/raw-http.ts';
import { AUTH, createTestMock, json } from './support/test-mock.ts';

/**
 * Issue 19: a page elsewhere must not drive the mock. Admin requests from a browser origin the
 * CORS list does not allow are refused 403; and, as Django's ALLOWED_HOSTS does, any request for
 * a `Host` the mock does not answer to (DNS rebinding) is refused 400, API and admin alike.
 */
const PLANS = '/api/v1/cancellation_plans/';

async function served(overrides: Partial<Config>, run: (port: number) => Promise<void>) {
  const mock = await createTestMock({ size: 5, ...overrides });
  const server = serve({ fetch: mock.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  try {
    await run((server.address() as AddressInfo).port);
  } finally {
    server.close();
  }
}

describe('admin requests from another origin', () => {
  it('are refused 403 — a text/plain reset from a page elsewhere changes nothing', async () => {
    const mock = await createTestMock({ size: 5 });
    const made = await mock.request('/__mock/fixtures', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'order' }),
    });
    expect(made.status).toBe(201);
    const orders = (await json(await mock.request('/__mock/health'))).counts.orders;
    const res = await mock.request('/__mock/reset', {
      method: 'POST',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(await json(res)).toEqual({
      detail:
        "Origin 'http://evil.example' may not use the admin API (MOCK_CORS_ORIGINS lists the origins that may).",
      code: 'permission_denied',
    });
    expect((await json(await mock.request('/__mock/health'))).counts.orders).toBe(orders);
    const local = await mock.request('/__mock/reset', { method: 'POST', headers: { Origin: 'http://localhost:5173' } });
    expect(local.status).toBe(200);
  });

  it('follow MOCK_CORS_ORIGINS when it is set', async () => {
    const mock = await createTestMock({ size: 5, corsOrigins: ['https://qa.example'] });
    const from = (origin: string) =>
      mock.request('/__mock/faults', { headers: { Origin: origin } }).then((r) => r.status);
    expect(await from('https://qa.example')).toBe(200);
    expect(await from('http://localhost:5173')).toBe(403);
  });
});

describe('the Host header', () => {
  it('must name loopback by default, on the API and the admin API alike', async () => {
    await served({}, async (port) => {
      for (const host of ['evil.example', `evil.example:${port}`, 'localhost.evil.example', '10.0.0.1']) {
        for (const [method, path] of [['GET', PLANS], ['POST', '/__mock/reset'], ['GET', '/__mock/health']]) {
          const res = await rawRequest(port, { method: method!, path: path!, headers: { Host: host, ...AUTH } });
          expect(res.status, `${method} ${path} Host: ${host}`).toBe(400);
          expect(JSON.parse(res.body)).toEqual({
            detail: `Invalid HTTP_HOST header: '${host}'. You may need to add '${hostPart(host)}' to MOCK_ALLOWED_HOSTS.`,
            code: 'disallowed_host',
          });
        }
      }
      for (const host of ['localhost', `localhost:${port}`, `127.0.0.1:${port}`, '[::1]:80', 'app.localhost']) {
        const res = await rawRequest(port, { path: PLANS, headers: { Host: host, ...AUTH } });
        expect(res.status, `${host} ${res.body}`).toBe(200);
      }
    });
  });

  it('may name what MOCK_ALLOWED_HOSTS adds, or anything with *', async () => {
    await served({ allowedHosts: ['host.docker.internal', '.dev.example'] }, async (port) => {
      const status = (host: string) =>
        rawRequest(port, { path: PLANS, headers: { Host: host, ...AUTH } }).then((r) => r.status);
      expect(await status(`host.docker.internal:${port}`)).toBe(200);
      expect(await status('a.dev.example')).toBe(200);
      expect(await status('dev.example')).toBe(200);
      expect(await status('evil.example')).toBe(400);
    });
    await served({ allowedHosts: ['*'] }, async (port) => {
      const res = await rawRequest(port, { path: PLANS, headers: { Host: 'anything.example', ...AUTH } });
      expect(res.status).toBe(200);
    });
  });
});

describe('the host policy', () => {
  const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
  const name = fc.array(label, { minLength: 1, maxLength: 3 }).map((l) => l.join('.') + '.example');
  const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });

  it('allows a listed name in any case and on any port, and refuses every other non-loopback name', () => {
    fc.assert(
      fc.property(name, name, port, fc.boolean(), (listed, other, p, upper) => {
        const allowed = hostPolicy({ allowedHosts: [listed], listenHost: '127.0.0.1' })!;
        const asSent = (h: string) => {
          const cased = upper ? h.toUpperCase() : h;
          return p === undefined ? cased : `${cased}:${p}`;
        };
        expect(allowed(hostPart(asSent(listed)))).toBe(true);
        expect(allowed(hostPart(asSent(other)))).toBe(other === listed);
        expect(allowed(hostPart(asSent('127.0.0.1')))).toBe(true);
      }),
    );
  });

  it('checks nothing when listening beyond loopback with no list (a container, a QA box)', () => {
    expect(hostPolicy({ allowedHosts: null, listenHost: '0.0.0.0' })).toBeNull();
    expect(hostPolicy({ allowedHosts: null, listenHost: '::1' })).not.toBeNull();
    expect(hostPolicy({ allowedHosts: ['mock'], listenHost: '0.0.0.0' })!('evil.example')).toBe(false);
  });
});

describe('the admin document', () => {
  it('documents the disallowed_host 400 on every admin operation, and the Origin 403 on every guarded one', async () => {
    const { operations, checker } = await loadAdminSpec();
    const host = invalidHostBody('evil.example:80');
    const origin = { detail: "Origin 'http://evil.example' may not use the admin API (MOCK_CORS_ORIGINS lists the origins that may).", code: 'permission_denied' };
    const undocumented: string[] = [];
    for (const op of operations.values()) {
      const hostFindings = checker.check(op.operationId, { status: 400, contentType: 'application/json', body: host });
      if (hostFindings.length > 0) undocumented.push(`${op.operationId} 400`);
      // Health and the status page need no token, and run no guard: no Origin refusal there.
      if (!op.isPublic && checker.check(op.operationId, { status: 403, contentType: 'application/json', body: origin }).length > 0)
        undocumented.push(`${op.operationId} 403`);
    }
    expect(undocumented).toEqual([]);
  });

  it('matches what a real server answers: health refused for a foreign Host is the documented 400', async () => {
    await served({}, async (port) => {
      const res = await rawRequest(port, { path: '/__mock/health', headers: { Host: 'evil.example' } });
      expect(res.status).toBe(400);
      const { checker } = await loadAdminSpec();
      expect(checker.check('getMockHealth', { status: res.status, contentType: String(res.headers['content-type']), body: JSON.parse(res.body) })).toEqual([]);
    });
  });
});
