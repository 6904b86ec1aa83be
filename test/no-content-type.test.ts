import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_SCRIPT_PATH } from '../src/http/docs-routes.ts';
import { serveApp } from '../src/http/serve-app.ts';
import { AUTH, createTestMock, type TestMock } from './support/test-mock.ts';

/**
 * A 204 carries no `Content-Type`, as DRF sends none (its response drops the header when the
 * rendered content is empty): from every route family, in process and over a real socket (where
 * the Node adapter used to add `text/plain; charset=UTF-8`).
 */
let mock: TestMock;
let server: Server;
let base: string;
beforeAll(async () => {
  mock = await createTestMock({ size: 20 });
  server = serveApp({ fetch: mock.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const JSON_AUTH = { ...AUTH, 'Content-Type': 'application/json' };
/** Each a fresh 204 (a tag added then removed, a reason deleted, admin lists cleared, a preflight). */
const cases = (requestId: number, reasonId: number): Array<[string, string, RequestInit]> => [
  ['a domain write (add_tag)', `/api/v1/cancellation_requests/${requestId}/add_tag/`, { method: 'POST', headers: JSON_AUTH, body: '{"key":"no-type"}' }],
  ['a domain write (remove_tag)', `/api/v1/cancellation_requests/${requestId}/remove_tag/`, { method: 'POST', headers: JSON_AUTH, body: '{"key":"no-type"}' }],
  ['an engine delete', `/api/v1/cancellation_reasons/${reasonId}/`, { method: 'DELETE', headers: AUTH }],
  ['an admin delete (requests)', '/__mock/requests', { method: 'DELETE' }],
  ['an admin delete (faults)', '/__mock/faults', { method: 'DELETE' }],
  ['a CORS preflight', '/api/v1/cancellation_plans/', { method: 'OPTIONS', headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET' } }],
];

describe('204 answers', () => {
  it.each([
    ['in process', (path: string, init: RequestInit) => mock.app.request(path, init)],
    ['over a real socket', (path: string, init: RequestInit) => fetch(`${base}${path}`, init)],
  ])('carry no Content-Type %s', async (_target, send) => {
    const requestId = [...mock.store.requests.keys()][0]!;
    const reasonId = [...mock.store.reasons.keys()].at(-1)!;
    for (const [name, path, init] of cases(requestId, reasonId)) {
      const res = await send(path, init);
      expect(res.status, name).toBe(204);
      expect(res.headers.get('content-type'), name).toBeNull();
      expect(await res.text(), name).toBe('');
    }
  });
});

describe('304 answers', () => {
  it('carry no Content-Type over a real socket, as Django drops it from a Not Modified', async () => {
    const first = await fetch(`${base}${DOCS_SCRIPT_PATH}`);
    await first.arrayBuffer();
    const again = await fetch(`${base}${DOCS_SCRIPT_PATH}`, { headers: { 'If-None-Match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('content-type')).toBeNull();
    const preferred = await fetch(`${base}/api/v1/cancellation_plans/`, { headers: { ...AUTH, Prefer: 'code=304' } });
    expect(preferred.status).toBe(304);
    expect(preferred.headers.get('content-type')).toBeNull();
    // Every other answer keeps its type.
    expect(first.headers.get('content-type')).toMatch(/javascript/);
  });
});
