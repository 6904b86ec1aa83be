import { request as httpRequest, type Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Context } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requestHeader, trimHttpWhitespace } from '../src/http/request-header.ts';
import type { Logger } from '../src/logger.ts';
import {
  READONLY_TOKEN,
  TEST_NOW,
  TOKEN,
  createTestMock,
  type TestMock,
} from './support/test-mock.ts';
import { listeningPort } from './support/listening.ts';

/**
 * The per-request middlewares (auth, CORS, sessions, faults, the request and access logs) read
 * headers from Node's raw headers on a real server and through `c.req.header()` in-process, and
 * skip their work when a request needs none. Every case here runs against both — `app.request()`
 * and a listening @hono/node-server — and must get the same answer.
 */
const PLANS = '/api/v1/cancellation_plans/';
type Pairs = Array<[string, string]>;
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: any;
}

let mock: TestMock;
let server: Server;
let port: number;
const lines: string[] = [];
const logger: Logger = {
  level: 'info',
  error: (m) => void lines.push(`ERROR ${m}`),
  warn: (m) => void lines.push(`WARN ${m}`),
  info: (m) => void lines.push(`INFO ${m}`),
  debug: (m) => void lines.push(`DEBUG ${m}`),
};

beforeAll(async () => {
  mock = await createTestMock({ size: 20 }, { logger });
  server = serve({ fetch: mock.app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  port = await listeningPort(server);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(async () => {
  await mock.request('/__mock/faults', { method: 'DELETE' });
  await mock.request('/__mock/requests', { method: 'DELETE' });
  lines.length = 0;
});

const targets = {
  'in-process': async (method: string, path: string, pairs: Pairs): Promise<Answer> => {
    const res = await mock.request(path, { method, headers: new Headers(pairs) });
    // Headers first: once the server below is listening, `Response` is @hono/node-server's, whose
    // body read rebuilds the response from its first headers (edits made after are not in it).
    const headers = Object.fromEntries(res.headers);
    const text = await res.text();
    return { status: res.status, headers, body: text ? JSON.parse(text) : null };
  },
  'real server': (method: string, path: string, pairs: Pairs): Promise<Answer> =>
    new Promise((resolve, reject) => {
      // An array of raw headers: a name sent twice goes out as two header lines.
      const raw = ['Host', `127.0.0.1:${port}`, ...pairs.flat()];
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: raw }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          expect(mock.violations).toEqual([]);
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
          delete headers.date;
          delete headers.connection;
          delete headers['keep-alive'];
          resolve({ status: res.statusCode!, headers, body: text ? JSON.parse(text) : null });
        });
      });
      req.on('error', reject);
      req.end();
    }),
};

const token = (t: string): [string, string] => ['Authorization', `Token ${t}`];

describe.each(Object.entries(targets))('the request hot path (%s)', (_name, send) => {
  it.each<[string, Pairs, number, string | null]>([
    ['no token', [], 401, 'not_authenticated'],
    ['the token', [token(TOKEN)], 200, null],
    ['a lower-case header name and keyword', [['authorization', `token ${TOKEN}`]], 200, null],
    ['spaces around the value', [['Authorization', `   Token ${TOKEN}   `]], 200, null],
    ['the keyword alone', [['Authorization', 'Token']], 401, 'authentication_failed'],
    ['a wrong token', [token('nope')], 401, 'authentication_failed'],
    // Sent twice, a header reads as both values joined (`Headers.get`): two tokens, one space too many.
    ['the header twice', [token(TOKEN), token(TOKEN)], 401, 'authentication_failed'],
  ])('authenticates %s', async (_case, pairs, status, code) => {
    const res = await send('GET', `${PLANS}?limit=1`, pairs);
    expect(res.status).toBe(status);
    if (code) expect(res.body.code).toBe(code);
    if (status === 401) expect(res.headers['www-authenticate']).toBe('Token');
  });

  it('refuses a write with the read-only token', async () => {
    const plan = [...mock.store.plans.values()][0]!;
    const res = await send('POST', `${PLANS}${plan.pk}/update_status/`, [token(READONLY_TOKEN)]);
    expect(res.status).toBe(403);
  });

  it('marks answers for an allowed origin only, and answers preflights', async () => {
    const allowed = await send('GET', `${PLANS}?limit=1`, [
      token(TOKEN),
      ['Origin', 'http://localhost:5173'],
    ]);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(allowed.headers.vary).toMatch(/Origin/);
    const plain = await send('GET', `${PLANS}?limit=1`, [token(TOKEN)]);
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
    expect(plain.headers.vary).toBeUndefined();
    const preflight = await send('OPTIONS', PLANS, [
      ['Origin', 'http://localhost:5173'],
      ['Access-Control-Request-Method', 'POST'],
      ['Access-Control-Request-Private-Network', 'true'],
    ]);
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-private-network']).toBe('true');
  });

  it('refuses an invalid session name and logs a valid one', async () => {
    expect(
      (await send('GET', `${PLANS}?limit=1`, [token(TOKEN), ['X-Mock-Session', '-bad']])).body.code,
    ).toBe('invalid_session');
    expect(
      (await send('GET', `${PLANS}?limit=1`, [token(TOKEN), ['x-mock-session', 'hot']])).status,
    ).toBe(200);
    const log = (await mock.getJson('/__mock/requests')).results;
    expect(log.map((r: any) => [r.status, r.session])).toEqual([
      [200, 'hot'],
      [400, null],
    ]);
  });

  it('logs what faults and Prefer did, and nothing for an untouched answer', async () => {
    await mock.postJson('/__mock/faults', {
      method: 'GET',
      path: `${PLANS}*/`,
      status: 503,
      count: 1,
    });
    const plan = [...mock.store.plans.values()][0]!;
    expect((await send('GET', `${PLANS}${plan.pk}/`, [token(TOKEN)])).status).toBe(503);
    expect(
      (await send('GET', `${PLANS}${plan.pk}/`, [token(TOKEN), ['Prefer', 'code=404']])).status,
    ).toBe(404);
    expect(
      (await send('GET', `${PLANS}${plan.pk}/`, [token(TOKEN), ['Prefer', 'latency=0']])).status,
    ).toBe(200);
    expect((await send('GET', `${PLANS}${plan.pk}/`, [token(TOKEN)])).status).toBe(200);
    const log = (await mock.getJson('/__mock/requests')).results;
    expect(log.map((r: any) => [r.status, r.fault])).toEqual([
      [200, null],
      [200, null],
      [404, 'injected'],
      [503, 'injected'],
    ]);
  });

  it('logs the arrival time on the mock clock, written out when the log is read', async () => {
    await send('GET', `${PLANS}?limit=1`, [token(TOKEN)]);
    await mock.request('/__mock/clock', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: '{"advance": 3600}',
    });
    try {
      const [entry] = (await mock.getJson('/__mock/requests')).results;
      expect(entry.time).toBe(TEST_NOW);
    } finally {
      await mock.request('/__mock/clock', { method: 'DELETE' });
    }
  });

  it("names the client's X-Request-Id in the access line, or a fresh one", async () => {
    await send('GET', `${PLANS}?limit=1`, [token(TOKEN), ['X-Request-Id', 'trace-42']]);
    await send('GET', `${PLANS}?limit=1`, [token(TOKEN)]);
    const access = lines.filter((l) => l.startsWith('INFO GET '));
    expect(access[0]).toMatch(/ 200 [\d.]+ms op=listCancellationPlans id=trace-42$/);
    expect(access[1]).toMatch(/ id=[0-9a-f-]{36}$/);
  });
});

describe('requestHeader', () => {
  const on = (raw: string[] | undefined, fallback: Record<string, string> = {}) =>
    ({
      env: raw && { incoming: { rawHeaders: raw } },
      req: { header: (n: string) => fallback[n] },
    }) as unknown as Context;

  it.each<[string, string, string[], string | undefined]>([
    ['absent', 'origin', ['Host', 'x'], undefined],
    ['in any case', 'x-mock-session', ['X-MOCK-SESSION', 'a'], 'a'],
    [
      'trimmed of HTTP whitespace only',
      'prefer',
      ['Prefer', ' \t code=404\u00a0 '],
      'code=404\u00a0',
    ],
    [
      'joined when repeated',
      'authorization',
      ['Authorization', 'Token a', 'Host', 'x', 'authorization', 'Token b'],
      'Token a, Token b',
    ],
    ['that is empty', 'origin', ['Origin', ''], ''],
  ])('reads a header %s as Headers.get does', (_case, name, raw, expected) => {
    const headers = new Headers();
    for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
    expect(requestHeader(on(raw), name)).toBe(expected);
    expect(headers.get(name) ?? undefined).toBe(expected);
  });

  it('asks c.req.header() when there is no Node request (app.request)', () => {
    expect(requestHeader(on(undefined, { origin: 'http://localhost' }), 'origin')).toBe(
      'http://localhost',
    );
  });

  it('trims like the Fetch spec: tab, LF, CR and space', () => {
    expect(trimHttpWhitespace('\r\n\t x y \t\r\n')).toBe('x y');
    expect(trimHttpWhitespace('\u00a0x\u00a0')).toBe('\u00a0x\u00a0');
    const same = 'no-trim';
    expect(trimHttpWhitespace(same)).toBe(same);
  });
});
