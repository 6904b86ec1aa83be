import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { beforeEach, describe, expect, it } from 'vitest';
import { PLANS, REQUESTS, createBody, createRequestVia, itemSupply, patchStatus } from './support/request-helpers.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * Request and plan reads answer kept JSON (issue 26): a request's per record, a plan's checked
 * against the store, pages joined from them. Every case reads first (so the bytes are kept), then
 * writes one way, then reads back through the detail and the lists: the answer must show the
 * write, and the detail and the list row must be the same JSON.
 */
let mock: TestMock;
beforeEach(async () => {
  mock = await createTestMock({ size: 12 });
});

const JSON_TYPE = { 'Content-Type': 'application/json' };
const as = (session?: string): Record<string, string> => (session ? { 'X-Mock-Session': session } : {});

async function get(path: string, session?: string): Promise<any> {
  const res = await mock.request(path, { headers: { ...AUTH, ...as(session) } });
  expect(res.status, path).toBe(200);
  return json(res);
}

/** The request as its detail, the plain list and the tag list (when tagged) answer it: one JSON. */
async function readRequest(id: number, session?: string): Promise<any> {
  const detail = await get(`${REQUESTS}${id}/`, session);
  const row = (await get(`${REQUESTS}?limit=1000`, session)).results.find((r: any) => r.id === id);
  expect(row, 'the plain list row').toEqual(detail);
  const filtered = (await get(`${REQUESTS}?status=${detail.status}&limit=1000`, session)).results.find((r: any) => r.id === id);
  expect(filtered, 'the filtered list row').toEqual(detail);
  return detail;
}

async function readPlan(pk: number): Promise<any> {
  const detail = await get(`${PLANS}${pk}/`);
  const row = (await get(`${PLANS}?status=${detail.status}&limit=1000`)).results.find((p: any) => p.pk === pk);
  expect(row, 'the plan list row').toEqual(detail);
  return detail;
}

const patch = (id: number, body: unknown, session?: string) =>
  mock.request(`${REQUESTS}${id}/`, { method: 'PATCH', headers: { ...AUTH, ...JSON_TYPE, ...as(session) }, body: JSON.stringify(body) });
const admin = (path: string, method: string, body?: string, type = JSON_TYPE) =>
  mock.request(path, { method, headers: type, ...(body !== undefined && { body }) });
const firstRequest = () => [...mock.store.requests.values()][0]!;
const waitingRequest = () => [...mock.store.requests.values()].find((r) => r.status === 'waiting')!;

describe('hot reads after writes', () => {
  it('show an update in the detail and the lists', async () => {
    const { id } = firstRequest();
    await readRequest(id);
    expect((await patch(id, { description: 'after the update' })).status).toBe(200);
    expect((await readRequest(id)).description).toBe('after the update');
  });

  it('show a rejection and an approval', async () => {
    const waiting = waitingRequest();
    await readRequest(waiting.id);
    expect((await mock.postJson(`${REQUESTS}${waiting.id}/reject/`, {})).status).toBe(200);
    expect((await readRequest(waiting.id)).status).toBe('rejected');

    const created = await createRequestVia(mock, createBody(mock.store, itemSupply(mock.store)()));
    await readRequest(created.id);
    expect((await patchStatus(mock, created.id, 'approved')).status).toBe(200);
    expect((await readRequest(created.id)).status).toBe('approved');
  });

  it('show a tagged request, as it is now, in the tag list', async () => {
    const { id } = firstRequest();
    await readRequest(id);
    expect((await mock.postJson(`${REQUESTS}bulk_add_tags/`, { ids: [id], keys: ['fresh'] })).status).toBe(204);
    expect((await patch(id, { description: 'tagged, then updated' })).status).toBe(200);
    const page = await get(`${REQUESTS}filter_tags/?key=fresh`);
    expect(page.results).toEqual([await readRequest(id)]);
    expect(page.results[0].description).toBe('tagged, then updated');
  });

  it('keep a session write in the session and the shared answer as it was', async () => {
    const { id } = firstRequest();
    const shared = await readRequest(id);
    await readRequest(id, 'fresh-a');
    expect((await patch(id, { description: 'in the session' }, 'fresh-a')).status).toBe(200);
    expect((await readRequest(id, 'fresh-a')).description).toBe('in the session');
    expect(await readRequest(id)).toEqual(shared);
  });

  it('show what an import, a reset and a reseed put in place', async () => {
    const { id } = firstRequest();
    const seeded = await readRequest(id);
    const state = await (await mock.request('/__mock/state')).text();
    expect((await patch(id, { description: 'before the import' })).status).toBe(200);
    expect((await readRequest(id)).description).toBe('before the import');
    expect((await admin('/__mock/state', 'PUT', state, { 'Content-Type': 'application/x-ndjson' })).status).toBe(200);
    expect(await readRequest(id)).toEqual(seeded);

    expect((await patch(id, { description: 'before the reset' })).status).toBe(200);
    await readRequest(id);
    expect((await admin('/__mock/reset', 'POST', '{}')).status).toBe(200);
    expect(await readRequest(id)).toEqual(seeded);

    expect((await admin('/__mock/reseed', 'POST', JSON.stringify({ seed: 7, size: 12 }))).status).toBe(200);
    const other = await createTestMock({ size: 12, seed: 7 });
    const fresh = await json(await other.request(`${REQUESTS}${id}/`, { headers: AUTH }));
    expect(await readRequest(id)).toEqual(fresh);
  });

  it('show a plan status change in the plan detail and list', async () => {
    const plan = [...mock.store.plans.values()].find((p) => p.status === 'waiting')!;
    await readPlan(plan.pk);
    expect((await mock.postJson(`${PLANS}${plan.pk}/update_status/`, { status: 'confirmed' })).status).toBe(200);
    expect((await readPlan(plan.pk)).status).toBe('confirmed');
  });

  it('answer kept JSON over a real server, each answer with its own length and headers', async () => {
    const server = serve({ fetch: mock.app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
    await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // Answers of different lengths in turn, one with a header of its own: each must carry its
      // own Content-Length (the adapter writes it into the header object it is given).
      const paths = [`${PLANS}?limit=5`, `${REQUESTS}?limit=3`, `${REQUESTS}${firstRequest().id}/`, `${REQUESTS}?limit=2&unknown=1`, `${PLANS}${[...mock.store.plans.keys()][0]}/`];
      for (const path of [...paths, ...paths]) {
        const res = await fetch(`${base}${path}`, { headers: AUTH });
        const text = await res.text();
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-length'), path).toBe(String(Buffer.byteLength(text)));
        expect(() => JSON.parse(text), path).not.toThrow();
        if (path.includes('unknown')) expect(res.headers.get('x-mock-ignored-params')).toBe('unknown');
      }
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
