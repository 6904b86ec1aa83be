import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { expect, it } from 'vitest';
import { replayJournal } from '../src/journal/replay-journal.ts';
import { rawRequest } from './support/raw-http.ts';
import { createTestMock, json, TOKEN } from './support/test-mock.ts';

/**
 * SECURITY.md: sessions are for those who get in. A request the admin guard refuses (a webhook
 * delivery, a page elsewhere) or ALLOWED_HOSTS refuses (a DNS-rebinding page) takes no session
 * slot, and a request that may not create the session it names works on the shared state and is
 * logged and journaled so (a replay then gives the same state).
 */
type Mock = Awaited<ReturnType<typeof createTestMock>>;
const names = async (mock: Mock): Promise<string[]> =>
  (await json(await mock.request('/__mock/sessions'))).sessions.map((s: { name: string }) => s.name);
const PUBLIC = fileURLToPath(new URL('./fixtures/review/public-post.openapi.yaml', import.meta.url));

it('a webhook delivery to /__mock/ (X-Whisperer-Event), refused 403, takes no session slot', async () => {
  const mock = await createTestMock({ size: 5 });
  const res = await mock.request('/__mock/reset', { method: 'POST', headers: { 'X-Whisperer-Event': 'cancellation_request.created', 'X-Mock-Session': 'hooked' } });
  expect(res.status).toBe(403);
  expect(await names(mock)).toEqual([]);
});

it('an admin request from a refused origin takes no session slot', async () => {
  const mock = await createTestMock({ size: 5 });
  const res = await mock.request('/__mock/reset', { method: 'POST', headers: { Origin: 'http://evil.example', 'X-Mock-Session': 'cross' } });
  expect(res.status).toBe(403);
  expect(await names(mock)).toEqual([]);
});

it('a DNS-rebinding request to /__mock/ is refused 400 and takes no session slot', async () => {
  const mock = await createTestMock({ size: 5 });
  const server = serve({ fetch: mock.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  try {
    const port = (server.address() as AddressInfo).port;
    const host = `evil.example:${port}`;
    const res = await rawRequest(port, { method: 'GET', path: '/__mock/requests', headers: { Host: host, Origin: `http://${host}`, 'X-Mock-Session': 'rebound' } });
    expect(res.status).toBe(400);
    expect(await names(mock)).toEqual([]);
  } finally {
    server.close();
  }
});

it('an anonymous public write naming an unknown session goes to the shared state, and its journal replays to the same state', async () => {
  const live = await createTestMock({ spec: [PUBLIC], size: 5 });
  const res = await live.request('/api/v1/signups/', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Mock-Session': 'mine' }, body: JSON.stringify({ name: 'anon' }) });
  expect(res.status).toBe(201);
  expect(await names(live)).toEqual([]);
  const logged = (await json(await live.request('/__mock/requests?limit=1'))).results[0];
  expect(logged.session ?? null).toBeNull();
  const replay = await createTestMock({ spec: [PUBLIC], size: 5 });
  expect(await replayJournal((p, init) => Promise.resolve(replay.app.request(p, init)), (live as unknown as { journal: { entries(): never } }).journal.entries(), TOKEN)).toEqual([]);
  const shared = async (m: Mock) => (await json(await m.request('/api/v1/signups/'))).map((r: { name: string }) => r.name);
  expect(await shared(replay)).toEqual(await shared(live));
  expect(await shared(live)).toContain('anon');
});
