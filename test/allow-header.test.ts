import { beforeAll, describe, expect, it } from 'vitest';
import { servedOperations } from '../src/spec/served-operations.ts';
import { AUTH, createTestMock, json, READONLY_TOKEN, sharedSpecs, type TestMock } from './support/test-mock.ts';

/**
 * The `Allow` of a 405 names the methods the path answers, as DRF's does (`GET, POST, HEAD`):
 * a client that reads it and tries each method listed gets an answer, never another 405.
 */
let mock: TestMock;
let paths: string[];
beforeAll(async () => {
  mock = await createTestMock({ size: 20 });
  const templates = new Set(servedOperations((await sharedSpecs()).specs).map((op) => op.path));
  paths = [...templates].map((t) => t.replace(/\{file\}/g, 'x.jpg').replace(/\{[^}]+\}/g, '1'));
}, 60_000);

describe('the Allow header of a 405', () => {
  it('lists only methods the path answers, on every served path', async () => {
    for (const path of paths) {
      const refused = await mock.request(path, { method: 'PROPFIND', headers: AUTH });
      expect(refused.status, path).toBe(405);
      const allow = refused.headers.get('allow')!.split(', ');
      for (const method of allow) {
        const body = ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined;
        const headers = body === undefined ? AUTH : { ...AUTH, 'Content-Type': 'application/json' };
        const res = await mock.request(path, { method, headers, ...(body !== undefined && { body }) });
        expect(res.status, `${method} ${path} (Allow: ${allow.join(', ')})`).not.toBe(405);
      }
    }
  });

  it('answers a plain OPTIONS (no CORS preflight) 405, with HEAD but not OPTIONS in Allow', async () => {
    const res = await mock.request('/api/v1/cancellation_plans/', { method: 'OPTIONS', headers: AUTH });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await json(res)).toEqual({ detail: 'Method "OPTIONS" not allowed.', code: 'method_not_allowed' });
  });
});

describe('the Allow header of a 405 on a literal path', () => {
  it('names only its own operations, not those of the {id}/ path its text also matches', async () => {
    const refused = (path: string) => mock.request(path, { method: 'PROPFIND', headers: AUTH });
    expect((await refused('/api/v1/cancellation_requests/bulk_add_tags/')).headers.get('allow')).toBe('POST');
    expect((await refused('/api/v1/cancellation_requests/detailed/')).headers.get('allow')).toBe('GET, HEAD');
  });

  it('authenticates and checks permissions before any method answer there, as DRF dispatch runs initial() first', async () => {
    const path = '/api/v1/cancellation_requests/bulk_add_tags/';
    expect((await mock.request(path)).status).toBe(401);
    const readonly = { Authorization: `Token ${READONLY_TOKEN}`, 'Content-Type': 'application/json' };
    expect((await mock.request(path, { method: 'PUT', headers: readonly, body: '{}' })).status).toBe(403);
  });
});
