import { describe, expect, it } from 'vitest';
import { CORS_MAX_AGE_SECONDS, corsPolicy } from '../src/http/cors.ts';
import { AUTH, createTestMock } from './support/test-mock.ts';

const PLANS = '/api/v1/cancellation_plans/';

function corsHeaders(res: Response): Record<string, string> {
  return Object.fromEntries(
    [...res.headers].filter(([name]) => name.startsWith('access-control-')),
  );
}

function preflight(
  origin: string,
  method = 'POST',
  headers = 'authorization,content-type,x-mock-session,prefer',
) {
  return {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': method,
      'Access-Control-Request-Headers': headers,
    },
  };
}

describe('CORS origins by default', () => {
  const allowed = corsPolicy({ origins: null });
  it.each([
    ['http://localhost:5173', true],
    ['http://localhost', true],
    ['https://localhost:3000', true],
    ['http://127.0.0.1:8080', true],
    ['http://[::1]:4200', true],
    ['HTTP://LOCALHOST:5173', true],
    ['http://localhost.evil.example:5173', false],
    ['http://evil.example', false],
    ['http://127.0.0.2:5173', false],
    ['file://', false],
    ['null', false],
  ])('%s allowed: %s', (origin, ok) => {
    expect(allowed(origin) === 'origin').toBe(ok);
  });
});

describe('CORS on API answers', () => {
  it('marks an answer for an allowed origin, with credentials and the useful headers exposed', async () => {
    const mock = await createTestMock({ size: 20 });
    const res = await mock.request(`${PLANS}?limit=1&no_such_filter=1`, {
      headers: { ...AUTH, Origin: 'http://localhost:5173' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('vary')).toMatch(/Origin/);
    const exposed = res.headers.get('access-control-expose-headers')!.split(', ');
    expect(exposed).toEqual(
      expect.arrayContaining([
        'X-Mock-Ignored-Params',
        'Content-Disposition',
        'X-Mock-Session-Evicted',
      ]),
    );
    expect(res.headers.get('x-mock-ignored-params')).toBe('no_such_filter');
  });

  it('marks error answers too (a page must read a 401 to know it should log in)', async () => {
    const mock = await createTestMock({ size: 20 });
    const res = await mock.request(PLANS, { headers: { Origin: 'http://127.0.0.1:3000' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
  });

  it('gives a disallowed origin no CORS headers at all', async () => {
    const mock = await createTestMock({ size: 20 });
    const res = await mock.request(PLANS, { headers: { ...AUTH, Origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    expect(corsHeaders(res)).toEqual({});
    const pre = await mock.request(PLANS, preflight('https://evil.example', 'GET'));
    expect(corsHeaders(pre)).toEqual({});
  });

  it('adds nothing to a request without Origin (curl, servers)', async () => {
    const mock = await createTestMock({ size: 20 });
    const res = await mock.request(PLANS, { headers: AUTH });
    expect(corsHeaders(res)).toEqual({});
  });
});

describe('CORS preflight', () => {
  it('answers 204 with the methods, headers and max age the API uses, on a POST-only path (not 405)', async () => {
    const mock = await createTestMock({ size: 20 });
    const res = await mock.request(
      '/api/v1/cancellation_plans/1/update_status/',
      preflight('http://localhost:5173'),
    );
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const methods = res.headers.get('access-control-allow-methods')!.split(', ');
    expect(methods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    const headers = res.headers.get('access-control-allow-headers')!.toLowerCase().split(', ');
    expect(headers).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-mock-session', 'prefer']),
    );
    expect(res.headers.get('access-control-max-age')).toBe(String(CORS_MAX_AGE_SECONDS));
    // Not recorded as an API request: it is the browser asking, not the app.
    expect(mock.admin.requests.query({ limit: 10 }).count).toBe(0);
  });

  it('is answered before fault rules and needs no token', async () => {
    const mock = await createTestMock({ size: 20 });
    const rule = await mock.request('/__mock/faults', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: '/api/**', status: 503 }),
    });
    expect(rule.status).toBe(201);
    const res = await mock.request(
      PLANS,
      preflight('http://localhost:5173', 'GET', 'authorization'),
    );
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('leaves a plain OPTIONS (no preflight) to the API: 405 with Allow', async () => {
    const mock = await createTestMock({ size: 20 });
    const res = await mock.request(PLANS, { method: 'OPTIONS', headers: AUTH });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
  });

  it('answers for the admin API too, so an E2E page can reset the mock', async () => {
    const mock = await createTestMock({ size: 20 });
    const res = await mock.request(
      '/__mock/reset',
      preflight('http://localhost:5173', 'POST', 'x-mock-session'),
    );
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});

describe('MOCK_CORS_ORIGINS', () => {
  it('replaces the default: listed origins only, compared without case or trailing slash', async () => {
    const mock = await createTestMock({ size: 20, corsOrigins: ['https://QA.example.com/'] });
    const ok = await mock.request(PLANS, {
      headers: { ...AUTH, Origin: 'https://qa.example.com' },
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://qa.example.com');
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    const local = await mock.request(PLANS, {
      headers: { ...AUTH, Origin: 'http://localhost:5173' },
    });
    expect(corsHeaders(local)).toEqual({});
  });

  it('"*" allows any origin, without credentials (never * with credentials)', async () => {
    const mock = await createTestMock({ size: 20, corsOrigins: ['*'] });
    const res = await mock.request(PLANS, {
      headers: { ...AUTH, Origin: 'https://anywhere.example' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const pre = await mock.request(
      PLANS,
      preflight('https://anywhere.example', 'GET', 'authorization'),
    );
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('"*" beside listed origins: listed ones keep credentials', async () => {
    const mock = await createTestMock({ size: 20, corsOrigins: ['*', 'http://localhost:5173'] });
    const res = await mock.request(PLANS, {
      headers: { ...AUTH, Origin: 'http://localhost:5173' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });
});
