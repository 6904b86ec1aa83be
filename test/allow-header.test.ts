import { beforeAll, describe, expect, it } from 'vitest';
import type { Operation } from '../src/spec/load-specs.ts';
import { servedOperations } from '../src/spec/served-operations.ts';
import { AUTH, createTestMock, json, READONLY_TOKEN, sharedSpecs, type TestMock } from './support/test-mock.ts';

/**
 * The `Allow` of a 405 names the methods the path answers, as DRF's does (`GET, POST, HEAD`):
 * a client that reads it and tries each method listed gets that path's own operation, never
 * another 405 — nor the `{id}/` route's answer for a literal path's text. And DRF's view
 * authenticates and checks permissions (`APIView.initial`) before it looks a method's handler
 * up: a 405 is heard only by a caller who may use the view.
 */
let mock: TestMock;
let operations: Operation[];
/** Every served path template, with a request path made of it. */
let paths: Array<{ template: string; path: string }>;
beforeAll(async () => {
  mock = await createTestMock({ size: 20 });
  operations = servedOperations((await sharedSpecs()).specs);
  const templates = new Set(operations.map((op) => op.path));
  paths = [...templates].map((t) => ({ template: t, path: t.replace(/\{file\}/g, 'x.jpg').replace(/\{[^}]+\}/g, '1') }));
}, 60_000);

const READONLY = { Authorization: `Token ${READONLY_TOKEN}` };
const JSON_TYPE = { 'Content-Type': 'application/json' };
const PLANS = '/api/v1/cancellation_plans/';
const LITERAL_PATHS = ['/api/v1/cancellation_requests/bulk_add_tags/', '/api/v1/cancellation_requests/bulk_remove_tags/', '/api/v1/cancellation_requests/detailed/', '/api/v1/cancellation_requests/filter_tags/', '/api/v1/cancellation_requests/exclude_tags/'];

const send = (path: string, method: string, headers: Record<string, string> = AUTH) => {
  const body = ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined;
  return mock.request(path, { method, headers: body === undefined ? headers : { ...headers, ...JSON_TYPE }, ...(body !== undefined && { body }) });
};
/** The operation the request log names for the last API request (null: an unrouted answer). */
const lastOperation = async () => (await json(await mock.request('/__mock/requests?limit=1'))).results[0].operation_id as string | null;

describe('the Allow header of a 405', () => {
  it("lists only methods the path answers, each answered by that path's own operation, on every served path", async () => {
    for (const { template, path } of paths) {
      const refused = await mock.request(path, { method: 'PROPFIND', headers: AUTH });
      expect(refused.status, path).toBe(405);
      const allow = refused.headers.get('allow')!.split(', ');
      const own = operations.filter((op) => op.path === template);
      expect(allow.filter((m) => m !== 'HEAD').sort(), path).toEqual([...new Set(own.map((op) => op.method))].sort());
      for (const method of allow) {
        const res = await send(path, method);
        expect(res.status, `${method} ${path} (Allow: ${allow.join(', ')})`).not.toBe(405);
        const want = own.find((op) => op.method === (method === 'HEAD' ? 'GET' : method))!;
        expect(await lastOperation(), `${method} ${path}`).toBe(want.operationId);
      }
    }
  });

  it('answers a plain OPTIONS (no CORS preflight) 405, with HEAD but not OPTIONS in Allow', async () => {
    const res = await mock.request(PLANS, { method: 'OPTIONS', headers: AUTH });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await json(res)).toEqual({ detail: 'Method "OPTIONS" not allowed.', code: 'method_not_allowed' });
  });

  it('still answers a CORS preflight without a token, as before any authentication', async () => {
    const res = await mock.request(PLANS, { method: 'OPTIONS', headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'DELETE' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});

describe('a method the path does not answer, as DRF dispatch answers it', () => {
  it('is 401 without a valid token, as DRF runs initial() before it looks the handler up', async () => {
    for (const headers of [{}, { Authorization: 'Token nope' }, { Authorization: 'Bearer x' }] as Record<string, string>[]) {
      const res = await send(PLANS, 'DELETE', headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Token');
      expect(res.headers.get('allow')).toBeNull();
    }
    expect(await json(await send(PLANS, 'DELETE', {}))).toEqual({ detail: 'Authentication credentials were not provided.', code: 'not_authenticated' });
    expect((await send(PLANS, 'PROPFIND', {})).status).toBe(401);
    expect((await send(PLANS, 'OPTIONS', {})).status).toBe(401);
  });

  it('is 403 for a read-only token and a method that writes, 405 for one that reads', async () => {
    const res = await send(PLANS, 'DELETE', READONLY);
    expect(res.status).toBe(403);
    expect(await json(res)).toMatchObject({ code: 'permission_denied' });
    const head = await send('/api/v1/cancellation_requests/bulk_add_tags/', 'HEAD', READONLY);
    expect(head.status).toBe(405);
    expect(head.headers.get('allow')).toBe('POST');
    expect((await send('/api/v1/cancellation_requests/bulk_add_tags/', 'GET', READONLY)).status).toBe(405);
  });

  it('is 405 without a token where every operation of the path is public (login)', async () => {
    const login = operations.find((op) => op.operationId === 'login')!;
    const res = await send(login.path, 'GET', {});
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});

describe('the Allow header of a 405 on a literal path', () => {
  it('names only its own operations, not those of the {id}/ path its text also matches', async () => {
    const refused = (path: string) => mock.request(path, { method: 'PROPFIND', headers: AUTH });
    expect((await refused('/api/v1/cancellation_requests/bulk_add_tags/')).headers.get('allow')).toBe('POST');
    expect((await refused('/api/v1/cancellation_requests/detailed/')).headers.get('allow')).toBe('GET, HEAD');
  });

  it("refuses the {id}/ route's methods there with its own 405, as Django's URL list takes the literal route first", async () => {
    for (const path of LITERAL_PATHS) {
      const allow = (await mock.request(path, { method: 'PROPFIND', headers: AUTH })).headers.get('allow')!;
      for (const method of ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE'].filter((m) => !allow.split(', ').includes(m))) {
        const res = await send(path, method);
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get('allow'), `${method} ${path}`).toBe(allow);
        if (method !== 'HEAD') expect(await json(res)).toEqual({ detail: `Method "${method}" not allowed.`, code: 'method_not_allowed' });
        expect(await lastOperation(), `${method} ${path}`).toBeNull();
      }
    }
    // The {id}/ route still answers its ids.
    const id = [...mock.store.requests.keys()][0]!;
    expect((await mock.request(`/api/v1/cancellation_requests/${id}/`, { headers: AUTH })).status).toBe(200);
  });

  it('authenticates and checks permissions before any method answer there, as DRF dispatch runs initial() first', async () => {
    const path = '/api/v1/cancellation_requests/bulk_add_tags/';
    expect((await mock.request(path)).status).toBe(401);
    expect((await send(path, 'PUT', READONLY)).status).toBe(403);
    expect((await send(path, 'PATCH', { Authorization: 'Token nope' })).status).toBe(401);
  });

  it("names no {id}/ operation for faults there: Prefer finds no {id}/ example, a fault rule's answer is logged unrouted", async () => {
    const res = await mock.request('/api/v1/cancellation_requests/bulk_add_tags/', { headers: { ...AUTH, Prefer: 'code=200' } });
    expect(res.status).toBe(405);
    const example = await mock.request('/api/v1/cancellation_requests/bulk_add_tags/', { headers: { ...AUTH, Prefer: 'example=default' } });
    expect(example.status).toBe(400);
    expect(await json(example)).toEqual({ detail: 'Prefer: example=default: no served operation matches this request.', code: 'invalid_prefer' });
    // A fault rule's answer there names no operation in the request log (it named the {id}/ GET).
    const rule = await mock.request('/__mock/faults', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ method: 'GET', path: '/api/v1/cancellation_requests/bulk_add_tags/', status: 503, count: 1 }) });
    expect(rule.status).toBe(201);
    expect((await send('/api/v1/cancellation_requests/bulk_add_tags/', 'GET')).status).toBe(503);
    expect(await lastOperation()).toBeNull();
    await send('/api/v1/cancellation_requests/bulk_remove_tags/', 'POST');
    expect(await lastOperation()).toBe('bulkRemoveCancellationRequestTags');
  });
});
