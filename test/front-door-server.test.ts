import { Agent, request } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { serveApp } from '../src/http/serve-app.ts';
import { silentLogger } from '../src/logger.ts';
import { listeningPort } from './support/listening.ts';
import { AUTH, sharedSpecs, TOKEN } from './support/test-mock.ts';

/**
 * Issue 26 (ninth session): a plain read is answered in the tick it arrives — every handler of a
 * match runs as one (fused-router.ts), features that are off cost a check, and the server hands a
 * synchronous answer to the adapter as it is. A real server built as `serve` builds it (no
 * self-check), one keep-alive connection: what is switched on at runtime (a fault rule, `Prefer`,
 * a session) takes effect on the very next request, and what the middlewares add after the route
 * (CORS headers, the request log's entry) is still there.
 */
const REQUESTS = '/api/v1/cancellation_requests/';
let port: number;
let server: Server;
let mock: Awaited<ReturnType<typeof buildMock>>;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  const { specs, checker } = await sharedSpecs();
  mock = await buildMock(testConfig({ token: TOKEN, size: 10 }), { logger: silentLogger, specs, checker });
  server = serveApp({ fetch: (req, env) => mock.app.fetch(req, env), hostname: '127.0.0.1', port: 0 });
  port = await listeningPort(server);
}, 60_000);
afterAll(async () => {
  agent.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: any; socket: unknown }

function send(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ host: '127.0.0.1', port, agent, method, path, headers: { ...headers, ...(text !== undefined && { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode!, headers: res.headers, body: raw === '' ? null : JSON.parse(raw), socket: req.socket });
      });
    });
    req.on('error', reject);
    req.end(text);
  });
}

describe('a plain read through the front door of a real server', () => {
  it('keeps the connection, and takes up fault rules, Prefer and sessions on the next request', async () => {
    const first = (await send('GET', `${REQUESTS}?limit=2`, AUTH)).body.results;
    const [a, b] = first as Array<{ id: number; description: string }>;
    const path = `${REQUESTS}${a!.id}/`;

    const plain = await send('GET', path, AUTH);
    expect([plain.status, plain.body.id, plain.headers.connection]).toEqual([200, a!.id, 'keep-alive']);
    expect(plain.headers['x-mock-fault']).toBeUndefined();
    // A bodiless read answered at once leaves the connection for the next request.
    const again = await send('GET', `${REQUESTS}${b!.id}/`, AUTH);
    expect([again.status, again.socket]).toEqual([200, plain.socket]);

    // A fault rule armed at runtime answers the next request for its path, and only while armed.
    const rule = await send('POST', '/__mock/faults', {}, { method: 'GET', path, status: 503, body: { detail: 'Down.', code: 'down' } });
    expect(rule.status).toBe(201);
    const faulted = await send('GET', path, AUTH);
    expect([faulted.status, faulted.body, faulted.headers['x-mock-fault']]).toEqual([503, { detail: 'Down.', code: 'down' }, 'injected']);
    expect((await send('GET', `${REQUESTS}${b!.id}/`, AUTH)).status).toBe(200);
    expect((await send('DELETE', '/__mock/faults')).status).toBe(204);
    expect((await send('GET', path, AUTH)).status).toBe(200);

    // `Prefer` on one request, none on the next.
    const preferred = await send('GET', path, { ...AUTH, Prefer: 'code=404' });
    expect([preferred.status, preferred.headers['x-mock-fault-source']]).toEqual([404, 'prefer']);
    expect((await send('GET', path, AUTH)).status).toBe(200);

    // A session started by a request sees its own write; the shared state does not.
    const session = { ...AUTH, 'X-Mock-Session': 'front-door' };
    const patched = await send('PATCH', path, session, { description: 'in the session' });
    expect(patched.status).toBe(200);
    expect((await send('GET', path, session)).body.description).toBe('in the session');
    expect((await send('GET', path, AUTH)).body.description).toBe(a!.description);

    // A bad token is still refused before the route, with DRF's header.
    const refused = await send('GET', path, { Authorization: 'Token nope' });
    expect([refused.status, refused.headers['www-authenticate']]).toEqual([401, 'Token']);
  });

  it('adds CORS headers after the route and logs each request with what the client got, in order', async () => {
    expect((await send('DELETE', '/__mock/requests')).status).toBe(204);
    const id = (await send('GET', `${REQUESTS}?limit=1`, AUTH)).body.results[0].id;
    const path = `${REQUESTS}${id}/`;
    const cross = await send('GET', path, { ...AUTH, Origin: 'http://localhost:5173' });
    expect([cross.status, cross.headers['access-control-allow-origin'], cross.headers.vary]).toEqual([200, 'http://localhost:5173', 'Origin']);
    expect((await send('GET', path, { ...AUTH, Prefer: 'code=503' })).status).toBe(503);
    expect((await send('GET', `${REQUESTS}999999/`, AUTH)).status).toBe(404);
    const log = (await send('GET', '/__mock/requests')).body;
    expect(log.results.map((e: any) => [e.method, e.path, e.status, e.operation_id, e.fault])).toEqual([
      ['GET', `${REQUESTS}999999/`, 404, 'retrieveCancellationRequest', null],
      ['GET', path, 503, 'retrieveCancellationRequest', 'injected'],
      ['GET', path, 200, 'retrieveCancellationRequest', null],
      ['GET', `${REQUESTS}?limit=1`, 200, 'listCancellationRequests', null],
    ]);
  });
});

describe('a plain read, in process', () => {
  it('is answered synchronously: app.fetch hands back a Response, not a promise (what the front door is for)', async () => {
    const pk = mock.store.plans.keys().next().value!;
    const id = mock.store.requests.keys().next().value!;
    // The request list answers synchronously once its indexes are built: the first list builds them.
    await mock.app.fetch(new Request(`http://127.0.0.1${REQUESTS}`, { headers: AUTH }));
    for (const path of [`/api/v1/cancellation_plans/${pk}/`, `${REQUESTS}${id}/`, REQUESTS]) {
      const answer = mock.app.fetch(new Request(`http://127.0.0.1${path}`, { headers: AUTH }));
      expect(answer instanceof Promise, path).toBe(false);
      expect((answer as Response).status, path).toBe(200);
    }
  });
});
