import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { serveApp } from '../src/http/serve-app.ts';
import { silentLogger } from '../src/logger.ts';
import { listeningPort } from './support/listening.ts';
import { rawRequest } from './support/raw-http.ts';
import { AUTH, sharedSpecs, TOKEN } from './support/test-mock.ts';

/**
 * Django matches the percent-decoded path as the client sent it and resolves no `.` or `..`
 * segment, so no route is reached through one: a DRF lookup is `[^/.]+`. The WHATWG URL parser
 * resolves `..`, `%2e%2e`, `%2E.` and `.%2e` alike before the app sees the request, which once
 * answered `…/cancellation_plans/1/%2e%2e/` with the plan list. Only a raw client can send such a
 * path (browsers and `fetch` resolve it first), so these go through a real server's socket.
 */
let port: number;
let server: Server;

beforeAll(async () => {
  const { specs, checker } = await sharedSpecs();
  const mock = await buildMock(testConfig({ token: TOKEN, size: 10 }), { logger: silentLogger, specs, checker });
  server = serveApp({ fetch: (req, env) => mock.app.fetch(req, env), hostname: '127.0.0.1', port: 0 });
  port = await listeningPort(server);
}, 60_000);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const NOT_FOUND = { detail: 'Not found.', code: 'not_found' };
const DOTTED = [
  '/api/v1/cancellation_plans/1/%2e%2e/',
  '/api/v1/cancellation_plans/1/%2E./',
  '/api/v1/cancellation_plans/1/.%2e/',
  '/api/v1/cancellation_plans/1/../',
  '/api/v1/cancellation_plans/%2e/',
  '/api/v1/cancellation_plans/%2e%2e/',
  '/api/v1/cancellation_plans/%2e%2e',
  '/api/v1/x/%2e%2e/cancellation_plans/',
  '/api/v1/cancellation_requests/1/%2e%2e/',
  '/api/v1/cancellation_requests/%2e%2e/',
  '/api/v1/cancellation_reasons/1/%2e%2e/',
  '/api/v1/cancellation_reasons/%2e%2e/',
  '/__mock/x/%2e%2e/health',
  '/docs/%2e%2e/docs/',
  '/media/cancellation_request_images/x/%2e%2e/0001.png',
];

describe('a path with a dot segment, over a real socket', () => {
  it('answers 404 Not found. to every method, with or without a token', async () => {
    for (const path of DOTTED) {
      for (const [method, headers] of [['GET', AUTH], ['GET', {}], ['POST', AUTH], ['DELETE', {}]] as const) {
        const res = await rawRequest(port, { method, path, headers: { ...headers } });
        expect([res.status, JSON.parse(res.body)], `${method} ${path}`).toEqual([404, NOT_FOUND]);
      }
    }
  });

  it('answers 404 in the absolute form of a request target too', async () => {
    const res = await rawRequest(port, { path: `http://127.0.0.1:${port}/api/v1/cancellation_plans/1/%2e%2e/`, headers: AUTH });
    expect([res.status, JSON.parse(res.body)]).toEqual([404, NOT_FOUND]);
  });

  it('leaves dots that are no segment of their own, and dots in the query, as they were', async () => {
    const list = await rawRequest(port, { path: '/api/v1/cancellation_plans/?ordering=pk&x=/../..', headers: AUTH });
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body).count).toBe(10);
    expect((await rawRequest(port, { path: '/api/v1/cancellation_plans/1/', headers: AUTH })).status).toBe(200);
    expect((await rawRequest(port, { path: '/api/v1/cancellation_plans/1.5/', headers: AUTH })).status).toBe(404);
    expect((await rawRequest(port, { path: '/api/v1/cancellation_plans/%2e..x/', headers: AUTH })).status).toBe(404);
  });
});

describe('a path with a dot segment, in the admin request log', () => {
  it('is logged as the client sent it, not as the URL parser resolved it', async () => {
    await rawRequest(port, { method: 'DELETE', path: '/__mock/requests' });
    await rawRequest(port, { path: '/api/%2e%2e/__mock/state?x=1', headers: AUTH });
    await rawRequest(port, { path: '/api/v1/cancellation_plans/1/%2e%2e/', headers: AUTH });
    await rawRequest(port, { path: '/api/v1/cancellation_plans/1/?a=%2e', headers: AUTH });
    const log = JSON.parse((await rawRequest(port, { path: '/__mock/requests' })).body) as { results: Array<{ path: string; status: number }> };
    expect(log.results.map((r) => `${r.path} ${r.status}`).reverse()).toEqual([
      '/api/../__mock/state?x=1 404',
      '/api/v1/cancellation_plans/1/../ 404',
      '/api/v1/cancellation_plans/1/?a=%2e 200',
    ]);
  });
});

/** An extra document with a `{name}.{ext}` path: the app's router hands every match to Hono's TrieRouter. */
const PATTERN_DOC = `openapi: 3.0.3
info: {title: pattern path, version: 1.0.0}
security: [{Token: []}]
paths:
  /api/v1/files/{name}.{ext}/:
    parameters:
      - {name: name, in: path, required: true, schema: {type: string}}
      - {name: ext, in: path, required: true, schema: {type: string}}
    get:
      operationId: retrieveFile
      responses:
        '200': {description: A file, content: {application/json: {schema: {$ref: '#/components/schemas/File'}}}}
components:
  securitySchemes: {Token: {type: apiKey, in: header, name: Authorization}}
  schemas:
    File: {title: File, type: object, properties: {id: {type: integer, readOnly: true}, name: {type: string}}}
`;

describe('a path with a dot segment, where Hono\'s TrieRouter matches', () => {
  it('answers 404, not 401, to a path that also holds a `*`', async () => {
    for (const path of ['/api/channel/%2a/cancellation_plans/%2e%2e/', '/api/channel/%2e%2e/cancellation_plans/*/']) {
      const res = await rawRequest(port, { path });
      expect([res.status, JSON.parse(res.body)], path).toEqual([404, NOT_FOUND]);
    }
  });

  it('answers 404, not 401, when an extra document has a path of another form', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dot-segments-')), 'files.openapi.yaml');
    writeFileSync(file, PATTERN_DOC);
    const { specs, checker } = await sharedSpecs([file]);
    const mock = await buildMock(testConfig({ token: TOKEN, size: 10, spec: [file] }), { logger: silentLogger, specs, checker });
    const other = serveApp({ fetch: (req, env) => mock.app.fetch(req, env), hostname: '127.0.0.1', port: 0 });
    try {
      const at = await listeningPort(other);
      for (const path of ['/api/v1/cancellation_plans/%2e%2e/', '/api/v1/cancellation_requests/%2e/detailed/']) {
        for (const headers of [{}, AUTH]) {
          const res = await rawRequest(at, { path, headers: { ...headers } });
          expect([res.status, JSON.parse(res.body)], path).toEqual([404, NOT_FOUND]);
        }
      }
      expect((await rawRequest(at, { path: '/api/v1/cancellation_plans/1/', headers: AUTH })).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  }, 60_000);
});
