import { request as httpRequest, type Server } from 'node:http';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, createTestMock, type TestMock } from './support/test-mock.ts';
import { listeningPort } from './support/listening.ts';

/**
 * A write's body read and its journal entry take the content type and the session name from
 * Node's raw headers on a real server (request-header.ts), not from a `Headers` built per request:
 * what they read must be what `c.req.header()` reads in-process — names in any case, a repeated
 * header joined, whitespace trimmed.
 */
const REQUESTS = '/api/v1/cancellation_requests/';
let mock: TestMock;
let server: Server;
let port: number;

beforeAll(async () => {
  mock = await createTestMock({ size: 10 });
  server = serve({ fetch: mock.app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  port = await listeningPort(server);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A PATCH over the socket, raw header names and order as given. */
function patchOverSocket(path: string, rawHeaders: string[], body: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'PATCH', path, headers: ['Host', `127.0.0.1:${port}`, ...rawHeaders] }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text === '' ? null : JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const firstId = async () => (await mock.getJson(`${REQUESTS}?limit=1`)).results[0].id as number;

describe('request writes over a real server', () => {
  it('journal the session and content type as sent, whatever the header names\' case', async () => {
    const id = await firstId();
    const body = JSON.stringify({ description: 'over the socket' });
    const answer = await patchOverSocket(`${REQUESTS}${id}/`, [
      'AUTHORIZATION', `Token ${TOKEN}`, 'content-TYPE', ' application/json; charset=utf-8 ',
      'x-mock-SESSION', 'qa-headers', 'Content-Length', String(Buffer.byteLength(body)),
    ], body);
    expect(answer.status).toBe(200);
    expect(answer.body.description).toBe('over the socket');
    const last = mock.journal.entries().at(-1)!;
    expect(last).toMatchObject({ method: 'PATCH', path: `${REQUESTS}${id}/`, session: 'qa-headers', contentType: 'application/json; charset=utf-8', status: 200 });
    expect(last.body).toEqual({ description: 'over the socket' });
  });

  it('answer 415 naming the content type as the in-process app does', async () => {
    const id = await firstId();
    const body = JSON.stringify({ description: 'x' });
    const overSocket = await patchOverSocket(`${REQUESTS}${id}/`, [
      'Authorization', `Token ${TOKEN}`, 'Content-Type', 'text/plain', 'Content-Type', 'charset=x',
      'Content-Length', String(Buffer.byteLength(body)),
    ], body);
    const inProcess = await mock.app.request(`${REQUESTS}${id}/`, {
      method: 'PATCH', body,
      headers: [['Authorization', `Token ${TOKEN}`], ['Content-Type', 'text/plain'], ['Content-Type', 'charset=x']],
    });
    expect(overSocket.status).toBe(415);
    expect(overSocket.body).toEqual(await inProcess.json());
    expect(overSocket.body.detail).toBe('Unsupported media type "text/plain, charset=x" in request.');
  });
});
