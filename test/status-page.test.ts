import { describe, expect, it } from 'vitest';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { createFixedClock } from '../src/common/clock.ts';
import { renderStatusPage } from '../src/admin/status-page-html.ts';
import { redactQuery, statusView } from '../src/admin/status-page.ts';
import { STATUS_POLL_HEADER } from '../src/http/admin-path.ts';
import { createLogger } from '../src/logger.ts';
import { AUTH, createTestMock, sharedSpecs, TEST_NOW } from './support/test-mock.ts';

const PLANS = '/api/v1/cancellation_plans/';

describe('the status page /__mock/', () => {
  it('needs no token and shows counts, recent requests, sessions and fault rules', async () => {
    const mock = await createTestMock({ size: 20, adminToken: 'admin-secret' });
    await mock.request(`${PLANS}?limit=3`, {
      headers: { ...AUTH, 'X-Mock-Session': 'e2e-worker-7' },
    });
    const rule = await mock.request('/__mock/faults', {
      method: 'POST',
      headers: { Authorization: 'Token admin-secret', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        method: 'POST',
        path: '/api/v1/cancellation_plans/*/update_status/',
        status: 503,
        count: 2,
      }),
    });
    expect(rule.status).toBe(201);
    const res = await mock.request('/__mock/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/<td>plans<\/td>|<th>plans<\/th>/);
    expect(html).toContain(`<td>${mock.store.plans.size}</td>`);
    expect(html).toContain(`${PLANS}?limit=3`);
    expect(html).toContain('listCancellationPlans');
    expect(html).toContain('e2e-worker-7');
    expect(html).toContain('/api/v1/cancellation_plans/*/update_status/');
    expect(html).toContain('answer 503');
    expect(html).toContain(`Mock time ${TEST_NOW}`);
    expect(html).toContain('<h2>Webhook deliveries</h2>');
  });

  it('refreshes itself: a script re-reads the page every 2 s, a meta refresh without scripts', async () => {
    const mock = await createTestMock({ size: 20 });
    const html = await (await mock.request('/__mock/')).text();
    expect(html).toContain('setInterval(');
    expect(html).toContain('}, 2000);');
    expect(html).toContain(`'${STATUS_POLL_HEADER}': '1'`);
    expect(html).toContain('<main id="status">');
    expect(html).toMatch(/<noscript><meta http-equiv="refresh"/);
  });

  it('shows no token, secret, request body, Authorization header or fault body', async () => {
    const mock = await createTestMock({
      size: 20,
      token: 'api-secret-1',
      readonlyToken: 'ro-secret-2',
      adminToken: 'admin-secret-3',
      webhookSecret: 'hook-secret-4',
      webhookUrl: 'http://127.0.0.1:9/hook?key=hook-key-5',
      password: 'pass-secret-6',
    });
    await mock.request('/api/v1/auth/login/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'akinon', password: 'pass-secret-6' }),
    });
    await mock.request(`${PLANS}?api_key=query-secret-7&limit=1`, {
      headers: { Authorization: 'Token api-secret-1' },
    });
    await mock.request(`${PLANS}?limit=1`, { headers: { Authorization: 'Token ro-secret-2' } });
    await mock.request('/__mock/faults', {
      method: 'POST',
      headers: { Authorization: 'Token admin-secret-3', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        path: '/api/v1/x/',
        status: 418,
        body: { detail: 'fault-body-8' },
        headers: { 'X-Hint': 'fault-header-9' },
      }),
    });
    const html = await (await mock.request('/__mock/')).text();
    for (const secret of [
      'api-secret-1',
      'ro-secret-2',
      'admin-secret-3',
      'hook-secret-4',
      'hook-key-5',
      'pass-secret-6',
      'query-secret-7',
      'fault-body-8',
      'fault-header-9',
    ]) {
      expect(html, secret).not.toContain(secret);
    }
    expect(html).not.toMatch(/authorization/i);
    expect(html).toContain('api_key=***&amp;limit=1');
    expect(html).toContain('/api/v1/auth/login/');
  });

  it('masks an operator secret a client sent where the page shows what was sent: any query value, a path, a session name', async () => {
    const mock = await createTestMock({
      size: 20,
      token: 'api-secret-1',
      readonlyToken: 'ro-secret-2',
      adminToken: 'admin-secret-3',
      webhookSecret: 'hook-secret-4',
    });
    const auth = { Authorization: 'Token api-secret-1' };
    // Names that do not look secret: the query redaction by name passes them.
    await mock.request(`${PLANS}?x=admin-secret-3&limit=1`, { headers: auth });
    await mock.request(`${PLANS}?sig=ro-secret-2`, { headers: auth });
    await mock.request('/api/v1/cancellation_requests/hook-secret-4/', { headers: auth });
    await mock.request(`${PLANS}?limit=2`, { headers: { ...auth, 'X-Mock-Session': 'admin-secret-3' } });
    const html = await (await mock.request('/__mock/')).text();
    for (const secret of ['admin-secret-3', 'ro-secret-2', 'hook-secret-4']) {
      expect(html, secret).not.toContain(secret);
    }
    expect(html).toContain(`${PLANS}?x=********&amp;limit=1`);
    expect(html).toContain('/api/v1/cancellation_requests/********/');
    expect(html).toContain(`${PLANS}?limit=2`);
  });

  it('escapes what it shows', async () => {
    const mock = await createTestMock({ size: 20 });
    const res = await mock.request('/__mock/faults', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: '/x/<img src=x onerror=alert(1)>', status: 500 }),
    });
    expect(res.status).toBe(201);
    const html = await (await mock.request('/__mock/')).text();
    expect(html).not.toContain('<img');
    expect(html).toContain('/x/&lt;img src=x onerror=alert(1)&gt;');
  });

  it('logs its own refreshes at debug level, other requests at info', async () => {
    const { specs, checker } = await sharedSpecs();
    const lines: string[] = [];
    const mock = await buildMock(testConfig({ size: 20, logLevel: 'info' }), {
      logger: createLogger('info', (l) => lines.push(l)),
      clock: createFixedClock(TEST_NOW),
      specs,
      checker,
    });
    await mock.app.request('/__mock/', { headers: { [STATUS_POLL_HEADER]: '1' } });
    expect(lines.filter((l) => l.includes('GET /__mock/'))).toEqual([]);
    await mock.app.request('/__mock/');
    expect(lines.filter((l) => l.includes('GET /__mock/ 200'))).toHaveLength(1);
    await mock.app.request('/__mock/health', { headers: { [STATUS_POLL_HEADER]: '1' } });
    expect(lines.filter((l) => l.includes('GET /__mock/health 200'))).toHaveLength(1);
  });
});

describe('webhook deliveries on the status page', () => {
  it('are listed when a source is given, with the subscriber URL cut to origin and path', () => {
    const view = statusView({
      counts: () => ({ plans: 1 }),
      seed: 1,
      size: 1,
      deliveries: {
        recentDeliveries: (limit) =>
          [
            {
              time: '2026-03-04T10:00:00.000Z',
              event: 'cancellation_plan.created',
              url: 'https://user:pw@hooks.example/in?token=t0ps3cret',
              status: 204,
              attempts: 1,
              state: 'delivered',
            },
          ].slice(0, limit),
      },
    });
    const html = renderStatusPage(view);
    expect(html).toContain('cancellation_plan.created');
    expect(html).toContain('https://hooks.example/in');
    expect(html).toContain('delivered');
    expect(html).not.toContain('t0ps3cret');
    expect(html).not.toContain('user:pw');
  });
});

describe('redactQuery', () => {
  it.each([
    ['/a/?limit=1', '/a/?limit=1'],
    ['/a/?token=abc&limit=1', '/a/?token=***&limit=1'],
    ['/a/?API_KEY=abc', '/a/?API_KEY=***'],
    ['/a/?password=p&status=waiting', '/a/?password=***&status=waiting'],
    ['/a/', '/a/'],
  ])('%s → %s', (input, output) => {
    expect(redactQuery(input)).toBe(output);
  });
});
