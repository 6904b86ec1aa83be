import type { AddressInfo } from 'node:net';
import { request as httpRequest, Agent } from 'node:http';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serveApp } from '../src/http/serve-app.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

const JSON_TYPE = { 'Content-Type': 'application/json' };
const PLANS = '/api/v1/cancellation_plans/';
let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 10 });
});
beforeEach(async () => {
  await mock.request('/__mock/faults', { method: 'DELETE' });
});

const addRule = async (rule: unknown) => {
  const res = await mock.request('/__mock/faults', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(rule) });
  return { status: res.status, body: await json(res) };
};

describe('fault rule headers', () => {
  it.each([
    ['a CR LF in a value', { 'X-Bad': 'a\r\nSet-Cookie: b=c' }, 'X-Bad'],
    ['a control character in a value', { 'X-Bad': 'a\u0001b' }, 'X-Bad'],
    ['a character beyond Latin-1', { 'X-Reason': 'Bakımda ş' }, 'X-Reason'],
    ['a Latin-1 letter (sent as UTF-8 beside a JSON body)', { 'X-Note': 'caf\u00e9' }, 'X-Note'],
    ['Content-Length', { 'Content-Length': '0' }, 'Content-Length'],
    ['Transfer-Encoding', { 'transfer-encoding': 'chunked' }, 'transfer-encoding'],
    ['Connection', { Connection: 'close' }, 'Connection'],
    ['Proxy-Connection', { 'Proxy-Connection': 'close' }, 'Proxy-Connection'],
  ])('refuses %s with 400 naming the header, and adds no rule', async (_, headers, name) => {
    const res = await addRule({ path: PLANS, status: 503, headers });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body)).toEqual(['headers']);
    expect(res.body.headers[0]).toContain(`"${name}"`);
    expect((await json(await mock.request('/__mock/faults'))).results).toEqual([]);
    expect((await mock.request(PLANS, { headers: AUTH })).status).toBe(200);
  });

  it('still sends the headers a rule may set, tabs included', async () => {
    const res = await addRule({ path: PLANS, status: 503, headers: { 'Retry-After': '1', 'X-Note': 'bak\tok' } });
    expect(res.status).toBe(201);
    const faulted = await mock.request(PLANS, { headers: AUTH });
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('1');
    expect(faulted.headers.get('x-note')).toBe('bak\tok');
  });

  it('keeps a keep-alive connection in step after a faulted answer on a real server, and sends a header with a tab as set', async () => {
    // On main a rule could say `Content-Length: 5`: bytes past it broke the connection (a parse error in Node).
    const server = serveApp({ fetch: mock.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const port = (server.address() as AddressInfo).port;
    const get = (path: string) =>
      new Promise<{ status: number; body: string; note: unknown }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, agent, headers: { ...AUTH, Host: `127.0.0.1:${port}` } }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => resolve({ status: res.statusCode ?? 0, body, note: res.headers['x-note'] }));
        });
        req.on('error', reject).end();
      });
    try {
      const rule = await addRule({ path: PLANS, status: 503, count: 1, headers: { 'Content-Length': '5' } });
      expect(rule.status).toBe(400);
      await addRule({ path: PLANS, status: 503, count: 1, headers: { 'X-Note': 'ok\tas set' } });
      const first = await get(PLANS);
      expect(first.status).toBe(503);
      expect(first.note).toBe('ok\tas set');
      expect(JSON.parse(first.body)).toMatchObject({ code: 'service_unavailable' });
      const second = await get(`${PLANS}?limit=1`);
      expect(second.status).toBe(200);
      expect(JSON.parse(second.body).count).toBe(10);
    } finally {
      agent.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

