import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApp } from '../src/http/serve-app.ts';
import { rawRequest } from './support/raw-http.ts';
import { AUTH, createTestMock } from './support/test-mock.ts';

/**
 * Issue 19: early answers must not break keep-alive clients, and every answer the listening
 * server gives — Node's own included — carries the shared `{"detail", "code"}` shape. A real
 * server (`serveApp`, as `serve` uses it) and a pooled keep-alive client that sends its next
 * request on the same connection.
 */
const TAGS = '/api/v1/cancellation_requests/bulk_add_tags/';
const THREE_MB = 3 * 1024 * 1024;
let port: number;
let close: () => void;

beforeAll(async () => {
  const mock = await createTestMock({ size: 5 });
  const server = serveApp({ fetch: mock.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
  close = () => server.close();
}, 60_000);
afterAll(() => close());

interface Sent {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** The body, written in 64 KiB chunks (chunked unless a Content-Length header is given). */
  body?: Buffer;
}

/** One request through `agent`; resolves with the answer (a refused upload may fail to write). */
function send(agent: Agent, sent: Sent): Promise<{ status: number; headers: Record<string, unknown>; body: string; continued: boolean }> {
  return new Promise((resolve, reject) => {
    let continued = false;
    const req = request({ host: '127.0.0.1', port, agent, method: sent.method, path: sent.path, headers: sent.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString(), continued }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // The server may close while the rest of a refused body is still being written.
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    const write = () => {
      const body = sent.body ?? Buffer.alloc(0);
      for (let at = 0; at < body.length; at += 65_536) req.write(body.subarray(at, at + 65_536));
      req.end();
    };
    if (sent.headers?.Expect === '100-continue') {
      req.on('continue', () => {
        continued = true;
        write();
      });
    } else write();
  });
}

/** A raw exchange on a fresh socket: the bytes in, the whole answer out (the server closes). */
function rawExchange(bytes: string, end = false): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    // `end`: the client sends nothing more (a half-close), so the server never waits on it.
    const socket = connect(port, '127.0.0.1', () => (end ? socket.end(bytes) : socket.write(bytes)));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString();
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body });
    });
    socket.setTimeout(5000, () => socket.destroy());
  });
}

const TOO_LARGE = { detail: 'Request body is too large.', code: 'payload_too_large' };

describe('early answers on a keep-alive connection', () => {
  const big = Buffer.alloc(THREE_MB, 'x');
  it.each<[string, Sent, number, object]>([
    ['a 413 to a declared 3 MB body', { method: 'POST', path: TAGS, headers: { ...AUTH, 'Content-Type': 'application/json', 'Content-Length': String(THREE_MB) }, body: big }, 413, TOO_LARGE],
    ['a 413 to a chunked 3 MB body', { method: 'POST', path: TAGS, headers: { ...AUTH, 'Content-Type': 'application/json' }, body: big }, 413, TOO_LARGE],
    ['a 415 to a 3 MB state import of the wrong type', { method: 'PUT', path: '/__mock/state', headers: { 'Content-Type': 'text/plain', 'Content-Length': String(THREE_MB) }, body: big }, 415, { detail: 'Unsupported media type "text/plain" in request.', code: 'unsupported_media_type' }],
  ])('%s says Connection: close, and the next request on the pool succeeds', async (_what, sent, status, body) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(agent, sent);
      expect([first.status, JSON.parse(first.body)]).toEqual([status, body]);
      expect(first.headers.connection).toBe('close');
      const next = await send(agent, { method: 'GET', path: '/__mock/health' });
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('refuses an oversized Expect: 100-continue upload before inviting it', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(agent, {
        method: 'POST',
        path: TAGS,
        headers: { ...AUTH, 'Content-Type': 'application/json', 'Content-Length': String(THREE_MB), Expect: '100-continue' },
        body: big,
      });
      expect([first.status, JSON.parse(first.body), first.continued]).toEqual([413, TOO_LARGE, false]);
      const small = await send(agent, {
        method: 'POST',
        path: '/__mock/reset',
        headers: { 'Content-Type': 'application/json', 'Content-Length': '2', Expect: '100-continue' },
        body: Buffer.from('{}'),
      });
      expect([small.status, small.continued]).toEqual([200, true]);
    } finally {
      agent.destroy();
    }
  });
});

describe('answers Node gives itself', () => {
  it.each([
    ['no Host header', 'GET /__mock/health HTTP/1.1\r\nConnection: close\r\n\r\n', 400, { detail: "Invalid HTTP_HOST header: ''. The request has no Host header.", code: 'disallowed_host' }],
    ['an Expect it does not know', 'GET /__mock/health HTTP/1.1\r\nHost: localhost\r\nExpect: 200-ok\r\n\r\n', 417, { detail: 'Only "Expect: 100-continue" is understood.', code: 'expectation_failed' }],
    ['OPTIONS *', 'OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', 400, { detail: 'Malformed HTTP request.', code: 'bad_request' }],
    ['CONNECT', 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 405, { detail: 'Method "CONNECT" not allowed.', code: 'method_not_allowed' }],
  ])('%s: the shared JSON error shape', async (_what, bytes, status, body) => {
    const res = await rawExchange(bytes);
    expect(res.status, res.head).toBe(status);
    expect(res.head).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(res.body)).toEqual(body);
  });

  it('a plain request still answers (the wiring keeps the app reachable)', async () => {
    const res = await rawRequest(port, { path: '/__mock/health' });
    expect(res.status).toBe(200);
  });
});

describe('every answer the server gives itself (property)', () => {
  it('is a complete JSON error in the shared shape, for any malformed request line and header mix', async () => {
    const head = fc.record({
      method: fc.constantFrom('GET', 'POST', 'CONNECT', 'OPTIONS', 'PRI', 'TRACE', 'G(T', ''),
      target: fc.constantFrom('/', '*', '/__mock/health', 'example.com:443', '/api/v1/cancellation_plans/', '/%zz', ''),
      version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTX'),
      headers: fc.subarray(['Host: localhost', 'Host: evil.example', 'Expect: 200-ok', 'Content-Length: abc', 'Content-Length: 2', 'Transfer-Encoding: chunked', 'X-A: a\x01b', 'Bad Header: 1']),
    });
    await fc.assert(
      fc.asyncProperty(head, async (h) => {
        const bytes = `${h.method} ${h.target} ${h.version}\r\n${[...h.headers, 'Connection: close'].map((x) => `${x}\r\n`).join('')}\r\n`;
        const res = await rawExchange(bytes, true);
        // The client sent all it will; an answer, when one comes, is complete and in the shape.
        if (res.status === 0) return;
        if (res.status < 400) return;
        expect(res.head, JSON.stringify(bytes)).toMatch(/content-type: application\/json/i);
        const body = JSON.parse(res.body) as Record<string, unknown>;
        expect(Object.keys(body).sort(), JSON.stringify(bytes)).toEqual(['code', 'detail']);
        expect(typeof body.detail).toBe('string');
      }),
      { numRuns: 40, seed: 19_012 },
    );
  }, 60_000);
});

describe('a JSON body', () => {
  it('that starts with a UTF-8 byte-order mark is a parse error, as DRF answers it', async () => {
    const mock = await createTestMock({ size: 5 });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"kind": "order"}')]);
    for (const path of ['/__mock/fixtures', TAGS]) {
      const res = await mock.request(path, {
        method: 'POST',
        headers: { ...AUTH, 'Content-Type': 'application/json' },
        body: bom,
      });
      expect(res.status, path).toBe(400);
      expect(await res.json()).toEqual({
        detail: 'JSON parse error - Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)',
        code: 'parse_error',
      });
    }
  });
});
