import type { Server } from 'node:http';
import { connect } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientErrors, SERVER_LIMITS, serverOptions } from '../src/http/server-limits.ts';
import { createTestMock, TOKEN, type TestMock } from './support/test-mock.ts';
import { listeningPort } from './support/listening.ts';

/**
 * The limits of a listening server (issue 13), against a real `node:http` server on 127.0.0.1
 * built as `serve` builds it: oversized headers and URLs are refused (431, JSON), malformed
 * requests too (400), slow clients are cut off (408) and aborted ones leave nothing behind —
 * no connection, no listener — while the server keeps answering.
 */

const HEADERS_TIMEOUT_MS = 400;
let mock: TestMock;
let server: Server;
let port: number;

/** Sends raw bytes on a new connection; answers everything the server sent until it closed. */
function raw(parts: Array<string | Buffer>, options: { pauseMs?: number; abortAfterMs?: number; waitMs?: number; port?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(options.port ?? port, '127.0.0.1');
    let got = '';
    const limit = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${options.waitMs ?? 5000} ms; got ${got.slice(0, 200)}`));
    }, options.waitMs ?? 5000);
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(limit);
      resolve(got);
    });
    socket.on('connect', async () => {
      for (const part of parts) {
        socket.write(part);
        if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
      }
      if (options.abortAfterMs !== undefined) setTimeout(() => socket.destroy(), options.abortAfterMs);
    });
  });
}

function statusOf(response: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
}

function bodyOf(response: string): unknown {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

function connections(): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
}

async function settles(what: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('did not settle in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function stillAnswers(): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/cancellation_plans/?limit=1`, { headers: { Authorization: `Token ${TOKEN}`, Connection: 'close' } });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

beforeAll(async () => {
  mock = await createTestMock({ size: 5 });
  const options = serverOptions({ ...SERVER_LIMITS, headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: 1500, connectionsCheckingIntervalMs: 50 });
  server = serve({ fetch: mock.app.fetch, hostname: '127.0.0.1', port: 0, serverOptions: options }) as Server;
  answerClientErrors(server);
  port = await listeningPort(server);
}, 60_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await mock?.webhooks.close();
});

describe('a listening server under hostile clients', () => {
  it('answers 431 with a JSON body to headers over 16 KiB, and keeps serving', async () => {
    const response = await raw([`GET /api/v1/cancellation_plans/ HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]);
    expect(statusOf(response)).toBe(431);
    expect(bodyOf(response)).toEqual({ detail: 'Request header fields are too large.', code: 'request_header_fields_too_large' });
    await stillAnswers();
  });

  it('answers 431 to a 64 KiB URL, and an ordinary answer to a 12 KiB one', async () => {
    const long = await raw([`GET /api/v1/cancellation_plans/?${'a'.repeat(64 * 1024)}=1 HTTP/1.1\r\nHost: localhost\r\n\r\n`]);
    expect(statusOf(long)).toBe(431);
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/cancellation_plans/?pk__in=${'1,'.repeat(6000)}1`, { headers: { Authorization: `Token ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  it('answers 400 with a JSON body to a request that is not HTTP', async () => {
    const response = await raw(['HELLO THERE\r\n\r\n']);
    expect(statusOf(response)).toBe(400);
    expect(bodyOf(response)).toEqual({ detail: 'Malformed HTTP request.', code: 'bad_request' });
  });

  it('answers 413 over the wire and closes or drains the rest of the upload', async () => {
    const head = `POST /api/v1/cancellation_requests/bulk_add_tags/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Token ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${3 * 1024 * 1024}\r\nConnection: close\r\n\r\n`;
    const response = await raw([head, Buffer.alloc(256 * 1024, 0x20)], { abortAfterMs: 1000 });
    expect(statusOf(response)).toBe(413);
    await stillAnswers();
  });

  it('cuts off a client that never finishes its headers (slow-loris) with 408', async () => {
    // Not timed: raw() waits 5 s at most for the close. (A bound under 2.4 s failed whenever the
    // loop this server shares with the test was held 2 s; nor could it tell the headers timeout
    // from the 1.5 s request timeout, which answers the same 408.)
    const response = await raw(['GET /api/v1/cancellation_plans/ HTTP/1.1\r\n', 'Host: localhost\r\n', 'X-Slow: 1\r\n'], { pauseMs: 50 });
    expect(statusOf(response)).toBe(408);
    await stillAnswers();
  });

  it('cuts off a client that never finishes its headers by the headers timeout alone', async () => {
    // The server above answers the same 408 at its request timeout: this one has none, so only
    // `headersTimeout` (as serverOptions wires it) can close the connection.
    const options = serverOptions({ ...SERVER_LIMITS, headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: 0, connectionsCheckingIntervalMs: 50 });
    const headersOnly = serve({ fetch: mock.app.fetch, hostname: '127.0.0.1', port: 0, serverOptions: options }) as Server;
    answerClientErrors(headersOnly);
    const own = await listeningPort(headersOnly);
    try {
      expect(headersOnly.requestTimeout).toBe(0);
      expect(headersOnly.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
      const response = await raw(['GET /api/v1/cancellation_plans/ HTTP/1.1\r\n', 'Host: localhost\r\n', 'X-Slow: 1\r\n'], { pauseMs: 50, port: own });
      expect(statusOf(response)).toBe(408);
    } finally {
      headersOnly.closeAllConnections();
      await new Promise((r) => headersOnly.close(r));
    }
  });

  it('cuts off a client that trickles its body past the request timeout with 408', async () => {
    const head = `POST /api/v1/cancellation_plans/1/update_status/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Token ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n`;
    const trickle = Array.from({ length: 40 }, () => ' ');
    const response = await raw([head, ...trickle], { pauseMs: 100, waitMs: 8000 });
    expect(statusOf(response)).toBe(408);
    await stillAnswers();
  });

  it('leaks nothing when clients abort mid-body, mid-header or right after connecting', async () => {
    const listeners = () => [server.listenerCount('connection'), server.listenerCount('request'), server.listenerCount('clientError'), process.listenerCount('uncaughtException')];
    const before = listeners();
    const post = `POST /api/v1/cancellation_plans/1/update_status/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Token ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`;
    const aborts = [];
    for (let i = 0; i < 20; i += 1) {
      aborts.push(raw([post, '{"status": "appr'], { abortAfterMs: 30 }));
      aborts.push(raw(['GET /api/v1/cancellation_plans/ HTTP/1.1\r\nHo'], { abortAfterMs: 10 }));
      aborts.push(raw([], { abortAfterMs: 0 }));
    }
    await Promise.all(aborts);
    await settles(async () => (await connections()) === 0);
    expect(listeners()).toEqual(before);
    expect(mock.violations).toEqual([]);
    expect(mock.store.plans.get(1)?.status).not.toBe('approved');
    await stillAnswers();
    await settles(async () => (await connections()) === 0);
  });
});
