import { Agent, request } from 'node:http';
import { Hono } from 'hono';
import { afterAll, expect, it } from 'vitest';
import { createOperationGate } from '../src/http/operation-gate.ts';
import { serveApp } from '../src/http/serve-app.ts';
import { createTokenTable, type TokenTable } from '../src/http/tokens.ts';
import type { Operation } from '../src/spec/load-specs.ts';
import { listeningPort } from './support/listening.ts';

/**
 * SECURITY.md's "Per connection" memory works only if the gate hands the token table the
 * request's socket: without it every key is digested (answers stay right, the memory is dead).
 */
const real = createTokenTable({ token: 'k', readonlyToken: null });
const seen: unknown[] = [];
const spy: TokenTable = { lookup: (key, connection) => (seen.push(connection), real.lookup(key, connection)) };
const op = { operationId: 'read', method: 'GET', path: '/r/', isPublic: false } as unknown as Operation;
const app = new Hono();
app.get('/r/', createOperationGate([op], spy).operation('read') as never, (c) => c.text('ok'));
const server = serveApp({ fetch: (req, env) => app.fetch(req, env), hostname: '127.0.0.1', port: 0 });
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
afterAll(() => {
  agent.destroy();
  server.close();
});

it('hands the token table the same socket for every request of a keep-alive connection, and none in process', async () => {
  const port = await listeningPort(server);
  const get = () =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, agent, path: '/r/', headers: { Authorization: 'Token k' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.end();
    });
  expect([await get(), await get(), await get()]).toEqual([200, 200, 200]);
  expect(seen).toHaveLength(3);
  expect(seen[0]).toBeTypeOf('object');
  expect(seen[1]).toBe(seen[0]);
  expect(seen[2]).toBe(seen[0]);
  expect((await app.request('/r/', { headers: { Authorization: 'Token k' } })).status).toBe(200);
  expect(seen).toHaveLength(4);
  expect(seen[3]).toBeUndefined();
});
