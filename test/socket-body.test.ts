import { request as httpRequest, type Server } from 'node:http';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, createTestMock, type TestMock } from './support/test-mock.ts';
import { listeningPort } from './support/listening.ts';

/**
 * Over a socket, a write's body is read from Node's request itself, not from a WHATWG Request
 * (issue 26). These cases send the same bodies in-process and over a real server — a multi-byte
 * character split across two packets, a byte-order mark, an empty body — and must get the same
 * answers and the same journal entries.
 */
let mock: TestMock;
let server: Server;
let port: number;

beforeAll(async () => {
  mock = await createTestMock({ size: 6 });
  server = serve({ fetch: mock.app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  port = await listeningPort(server);
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await mock?.webhooks.close();
});

/** Sends `parts` as a chunked body, one write each, a tick apart. */
function overSocket(method: string, path: string, parts: Buffer[]): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...AUTH, 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    const next = (i: number): void => {
      if (i === parts.length) return void req.end();
      req.write(parts[i]!);
      setTimeout(() => next(i + 1), 5);
    };
    next(0);
  });
}

async function inProcess(method: string, path: string, parts: Buffer[]): Promise<{ status: number; body: any }> {
  const res = await mock.request(path, { method, headers: { ...AUTH, 'Content-Type': 'application/json' }, body: Buffer.concat(parts) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const targets = { 'in-process': inProcess, 'real server': overSocket };

describe.each(Object.entries(targets))('a write body (%s)', (_name, send) => {
  it('reads a multi-byte character split across packets, and journals the text as sent', async () => {
    const id = [...mock.store.requests.keys()][0]!;
    const bytes = Buffer.from(JSON.stringify({ description: `Çağrı ${_name} ğüşöç` }));
    const cut = bytes.indexOf(Buffer.from('Ç')) + 1;
    const res = await send('PATCH', `/api/v1/cancellation_requests/${id}/`, [bytes.subarray(0, cut), bytes.subarray(cut)]);
    expect(res.status).toBe(200);
    expect(res.body.description).toBe(`Çağrı ${_name} ğüşöç`);
    expect(mock.journal.entries().at(-1)).toMatchObject({ method: 'PATCH', body: { description: `Çağrı ${_name} ğüşöç` } });
  });

  it('refuses a byte-order mark as DRF does, and journals nothing', async () => {
    const id = [...mock.store.requests.keys()][1]!;
    const before = mock.journal.lastSeq;
    const res = await send('PATCH', `/api/v1/cancellation_requests/${id}/`, [Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"description":"x"}')]);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('parse_error');
    expect(mock.journal.lastSeq).toBe(before);
  });

  it('reads an empty body as {} (a required field is then missing)', async () => {
    const pk = [...mock.store.plans.keys()][0]!;
    const res = await send('POST', `/api/v1/cancellation_plans/${pk}/update_status/`, []);
    expect(res.status).toBe(400);
    expect(res.body).toHaveProperty('status');
  });
});
