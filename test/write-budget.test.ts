import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { buildMock } from '../src/build-mock.ts';
import { exportDataset } from '../src/cli/dataset.ts';
import { createFixedClock } from '../src/common/clock.ts';
import { testConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { flakyIo, type Fate } from './support/flaky-io.ts';
import { ENGINE_ROW_BYTES, PAYMENT_ENTRY_BYTES, PLAN_BYTES, PAYMENT_ITEM_BYTES, REQUEST_BYTES, TAG_PAIR_BYTES, TEXT_CHAR_BYTES, WIDE_TAG_PAIR_BYTES } from '../src/store/write-budget.ts';
import { createBody, itemSupply, REQUESTS, snapshot } from './support/request-helpers.ts';
import { AUTH, createTestMock, sharedSpecs, TEST_NOW, TOKEN, type TestMock } from './support/test-mock.ts';

/**
 * What one client can make a shared mock hold (ADR 0022): a tag write takes at most 100 keys and a
 * bulk one at most 1,000 ids (400, the field's message), and what API writes add to the shared
 * state and every session together is held to a budget (507 `insufficient_storage`). At the limit
 * a write passes, one over is refused with state and journal as before, and a reset, a session
 * reset or a session ended frees what it held.
 */

let mock: TestMock;
beforeEach(async () => {
  await mock?.webhooks.close();
  mock = await createTestMock({ size: 40 });
});
afterAll(async () => {
  await mock?.webhooks.close();
});

const FULL = {
  detail: 'The mock holds as much as API writes may add to it; nothing was changed. Reset the state (POST /__mock/reset) or end a session to write more.',
  code: 'insufficient_storage',
};
const budget = () => mock.admin.state.writeBudget;
const post = (path: string, body: unknown, session?: string) =>
  mock.request(path, {
    method: 'POST',
    headers: { ...AUTH, 'Content-Type': 'application/json', ...(session && { 'X-Mock-Session': session }) },
    body: JSON.stringify(body),
  });
const firstId = () => [...mock.store.requests.keys()][0]!;
/** Leaves room for exactly `bytes` more. */
const leave = (bytes: number) => {
  budget().limit = budget().spent() + bytes;
};

describe('tags one write takes', () => {
  it('takes 100 keys on one request and refuses 101 with the field message, adding none', async () => {
    const id = firstId();
    const keys = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);
    expect((await post(`${REQUESTS}${id}/add_tags/`, { keys: keys(100, 'a') })).status).toBe(204);
    const before = snapshot(mock.store);
    const res = await post(`${REQUESTS}${id}/add_tags/`, { keys: keys(101, 'b') });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ keys: ['Ensure this field has no more than 100 elements.'] });
    expect(snapshot(mock.store)).toBe(before);
  });

  it('takes 1,000 ids in a bulk write and refuses 1,001 (repeats count, as the list is sent)', async () => {
    const ids = [...mock.store.requests.keys()];
    const many = (n: number) => Array.from({ length: n }, (_, i) => ids[i % ids.length]);
    expect((await post(`${REQUESTS}bulk_add_tags/`, { ids: many(1000), keys: ['bulk'] })).status).toBe(204);
    const before = snapshot(mock.store);
    const res = await post(`${REQUESTS}bulk_add_tags/`, { ids: many(1001), keys: ['other'] });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ ids: ['Ensure this field has no more than 1000 elements.'] });
    expect(snapshot(mock.store)).toBe(before);
    // Removal is held to the same lists: its work is ids × keys lookups too.
    expect((await post(`${REQUESTS}bulk_remove_tags/`, { ids: many(1001), keys: ['bulk'] })).status).toBe(400);
  });
});

describe('tags a request holds', () => {
  it('are not capped: a request tagged 101 times through the API exports to a dataset that loads again', async () => {
    const demo = await createTestMock({ size: 0, dataset: 'demo' });
    let again: TestMock | undefined;
    try {
      const id = [...demo.store.requests.keys()][0]!;
      const send = (path: string, body: unknown) =>
        demo.request(path, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect((await send(`${REQUESTS}${id}/add_tags/`, { keys: Array.from({ length: 100 }, (_, i) => `a${i}`) })).status).toBe(204);
      expect((await send(`${REQUESTS}${id}/add_tag/`, { key: 'one-more' })).status).toBe(204);
      const text = await exportDataset({
        url: 'http://mock.test', token: TOKEN,
        fetch: async (url, init) => demo.request(url.replace('http://mock.test', ''), init),
      });
      const file = join(mkdtempSync(join(tmpdir(), 'write-budget-ds-')), 'export.yaml');
      writeFileSync(file, text);
      again = await createTestMock({ size: 0, dataset: file });
      const counts = [...again.store.requests.keys()].map((r) => again!.store.tags.cancellation_request.tagsOf(r).length);
      const held = demo.store.tags.cancellation_request.tagsOf(id).length;
      expect(held).toBeGreaterThan(100);
      expect(Math.max(...counts)).toBe(held);
    } finally {
      await demo.webhooks.close();
      await again?.webhooks.close();
    }
  });
});

describe('the write budget', () => {
  it('takes new tags up to the budget, refuses one more whole with state and journal unchanged, and frees on removal and reset', async () => {
    const [a, b] = [...mock.store.requests.keys()];
    leave(3 * TAG_PAIR_BYTES);
    expect((await post(`${REQUESTS}bulk_add_tags/`, { ids: [a, b], keys: ['x'] })).status).toBe(204);
    // A pair already there costs nothing: re-adding it is still answered.
    expect((await post(`${REQUESTS}${a}/add_tag/`, { key: 'x' })).status).toBe(204);
    const state = snapshot(mock.store);
    const seq = mock.journal.lastSeq;
    // Two new pairs where one is left: refused whole, neither written.
    const over = await post(`${REQUESTS}bulk_add_tags/`, { ids: [a, b], keys: ['y'] });
    expect(over.status).toBe(507);
    expect(await over.json()).toEqual(FULL);
    expect(snapshot(mock.store)).toBe(state);
    expect(mock.journal.lastSeq).toBe(seq);
    expect((await post(`${REQUESTS}${a}/add_tag/`, { key: 'y' })).status).toBe(204);
    expect((await post(`${REQUESTS}${b}/add_tag/`, { key: 'y' })).status).toBe(507);
    // A removal gives its pair back.
    expect((await post(`${REQUESTS}${a}/remove_tag/`, { key: 'x' })).status).toBe(204);
    expect((await post(`${REQUESTS}${b}/add_tag/`, { key: 'y' })).status).toBe(204);
    expect((await post(`${REQUESTS}${b}/add_tag/`, { key: 'z' })).status).toBe(507);
    expect((await mock.request('/__mock/reset', { method: 'POST' })).status).toBe(200);
    expect(budget().spent()).toBe(0);
    expect((await post(`${REQUESTS}${b}/add_tag/`, { key: 'z' })).status).toBe(204);
  });

  it('takes a new request up to the budget and refuses the next with nothing written', async () => {
    const next = itemSupply(mock.store);
    const [one, two] = [next(), next()];
    leave(REQUEST_BYTES);
    expect((await post(REQUESTS, createBody(mock.store, one!))).status).toBe(201);
    const state = snapshot(mock.store);
    const seq = mock.journal.lastSeq;
    const res = await post(REQUESTS, createBody(mock.store, two!));
    expect(res.status).toBe(507);
    expect(await res.json()).toEqual(FULL);
    expect(snapshot(mock.store)).toBe(state);
    expect(mock.journal.lastSeq).toBe(seq);
  });

  it('gives a withdrawn request back, so a create and withdraw loop never fills it', async () => {
    const item = itemSupply(mock.store)();
    leave(REQUEST_BYTES);
    const channel = mock.store.orders.get(item.order)!.channel;
    for (let round = 0; round < 3; round += 1) {
      const made = await post(REQUESTS, createBody(mock.store, item));
      expect(made.status).toBe(201);
      const { id } = (await made.json()) as { id: number };
      const gone = await mock.request(`/api/channel/${channel}/cancellation_requests/${id}/`, { method: 'DELETE', headers: AUTH });
      expect(gone.status).toBe(204);
    }
    expect(budget().spent()).toBe(0);
  });

  it("counts a plan's payment plan as it grows and refuses one past the budget, the plan unchanged", async () => {
    const plan = [...mock.store.plans.values()].find((p) => (mock.store.planItemsByPlan.get(p.pk) ?? []).length > 0)!;
    const line = mock.store.planItems.get(mock.store.planItemsByPlan.get(plan.pk)![0]!)!.order_item;
    const body = (entries: number) => ({
      payment_plan: Array.from({ length: entries }, () => ({ transaction_type: 'refund', order_items: [line] })),
    });
    const path = `/api/v1/cancellation_plans/${plan.pk}/create_payment_plan/`;
    expect((await post(path, body(1))).status).toBe(200);
    const withOne = budget().spent();
    leave(10 * (PAYMENT_ENTRY_BYTES + PAYMENT_ITEM_BYTES));
    expect((await post(path, body(11))).status).toBe(200);
    const state = snapshot(mock.store);
    const res = await post(path, body(12));
    expect(res.status).toBe(507);
    expect(await res.json()).toEqual(FULL);
    expect(snapshot(mock.store)).toBe(state);
    expect((await post(path, body(1))).status).toBe(200);
    expect(budget().spent()).toBe(withOne);
  });

  it('counts a longer description and gives back a shorter one', async () => {
    const id = firstId();
    const patch = (description: string) =>
      mock.request(`${REQUESTS}${id}/`, {
        method: 'PATCH',
        headers: { ...AUTH, 'Content-Type': 'application/json' },
        body: JSON.stringify({ description }),
      });
    expect((await patch('')).status).toBe(200);
    leave(1000 * TEXT_CHAR_BYTES);
    expect((await patch('d'.repeat(1000))).status).toBe(200);
    const state = snapshot(mock.store);
    const res = await patch('d'.repeat(1001));
    expect(res.status).toBe(507);
    expect(snapshot(mock.store)).toBe(state);
    expect((await patch('short')).status).toBe(200);
    expect((await patch('d'.repeat(1000))).status).toBe(200);
  });

  it('is one budget for the shared state and every session; a session reset or ended frees its part', async () => {
    const id = firstId();
    leave(TAG_PAIR_BYTES);
    expect((await post(`${REQUESTS}${id}/add_tag/`, { key: 's' }, 'suite-a')).status).toBe(204);
    expect((await post(`${REQUESTS}${id}/add_tag/`, { key: 's' }, 'suite-b')).status).toBe(507);
    expect((await post(`${REQUESTS}${id}/add_tag/`, { key: 's' })).status).toBe(507);
    const reset = await mock.request('/__mock/reset', { method: 'POST', headers: { 'X-Mock-Session': 'suite-a' } });
    expect(reset.status).toBe(200);
    expect((await post(`${REQUESTS}${id}/add_tag/`, { key: 's' }, 'suite-b')).status).toBe(204);
    expect((await post(`${REQUESTS}${id}/add_tag/`, { key: 's' })).status).toBe(507);
    expect((await mock.request('/__mock/sessions/suite-b', { method: 'DELETE' })).status).toBe(204);
    expect((await post(`${REQUESTS}${id}/add_tag/`, { key: 's' })).status).toBe(204);
  });

  it('counts but never refuses an admin fixture, which is made whole', async () => {
    leave(0);
    const res = await mock.request('/__mock/fixtures', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'request' }),
    });
    expect(res.status).toBe(201);
    expect(budget().spent()).toBeGreaterThanOrEqual(REQUEST_BYTES);
  });

  it('answers every write below the default budget as before (the seeded state spends nothing)', () => {
    expect(budget().spent()).toBe(0);
    expect(budget().limit).toBe(256 * 1024 * 1024);
  });
});

describe('what the budget never gives', () => {
  it('earns no credit from removing seeded tags: a session at a zero budget adds no new pair after', async () => {
    budget().limit = 0;
    const tags = mock.store.tags.cancellation_request;
    const seeded = [...mock.store.requests.keys()].flatMap((id) => tags.tagsOf(id).map((key) => [id, key] as const));
    expect(seeded.length).toBeGreaterThan(0);
    for (const [id, key] of seeded) expect((await post(`${REQUESTS}${id}/remove_tag/`, { key }, 's1')).status).toBe(204);
    const [id] = seeded[0]!;
    expect((await post(`${REQUESTS}${id}/add_tag/`, { key: 'new' }, 's1')).status).toBe(507);
    expect(budget().spent()).toBe(0);
  });

  it('earns no credit from withdrawing a seeded request: a create at a zero budget is still refused', async () => {
    const seeded = [...mock.store.requests.values()].find((r) => r.status === 'waiting')!;
    const channel = mock.store.orders.get(mock.store.orderItems.get(seeded.order_item)!.order)!.channel;
    budget().limit = 0;
    const gone = await mock.request(`/api/channel/${channel}/cancellation_requests/${seeded.id}/`, { method: 'DELETE', headers: AUTH });
    expect(gone.status).toBe(204);
    const res = await post(REQUESTS, createBody(mock.store, itemSupply(mock.store)()));
    expect(res.status).toBe(507);
  });

  it("earns no credit for a session made from the shared state by removing the shared state's writes", async () => {
    const ids = [...mock.store.requests.keys()].slice(0, 10);
    const keys = Array.from({ length: 100 }, (_, i) => `shared-${i}`);
    budget().limit = ids.length * keys.length * TAG_PAIR_BYTES;
    expect((await post(`${REQUESTS}bulk_add_tags/`, { ids, keys })).status).toBe(204);
    const headers = { ...AUTH, 'Content-Type': 'application/json', 'X-Mock-Session': 'copy', 'X-Mock-Session-From': 'shared' };
    const send = (path: string, body: unknown) => mock.request(path, { method: 'POST', headers, body: JSON.stringify(body) });
    expect((await send(`${REQUESTS}bulk_remove_tags/`, { ids, keys })).status).toBe(204);
    const fresh = Array.from({ length: 100 }, (_, i) => `mine-${i}`);
    expect((await send(`${REQUESTS}bulk_add_tags/`, { ids, keys: fresh })).status).toBe(507);
    expect(budget().spent()).toBe(budget().limit);
  });
});

describe('the write budget with a state file', () => {
  it('gives back what a write undone after a failed journal append (503) had spent', async () => {
    const { specs, checker } = await sharedSpecs();
    const file = join(mkdtempSync(join(tmpdir(), 'write-budget-')), 'state.ndjson');
    const fates: Fate[] = [];
    const filed = await buildMock(testConfig({ token: TOKEN, size: 8, stateFile: file }), {
      logger: silentLogger, clock: createFixedClock(TEST_NOW), specs, checker, stateFileIo: flakyIo(fates),
    });
    try {
      const filedBudget = filed.admin.state.writeBudget;
      const id = [...filed.store.requests.keys()][0]!;
      const addTags = (keys: string[]) =>
        filed.app.request(`${REQUESTS}${id}/add_tags/`, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify({ keys }) });
      expect((await addTags(['kept'])).status).toBe(204);
      expect(filedBudget.spent()).toBe(TAG_PAIR_BYTES);
      filedBudget.limit = 100 * TAG_PAIR_BYTES;
      const before = filed.store.tags.cancellation_request.tagsOf(id);
      for (let i = 0; i < 3; i += 1) {
        fates.push('enospc');
        expect((await addTags(Array.from({ length: 99 }, (_, k) => `t${i}-${k}`))).status).toBe(503);
      }
      expect(filed.store.tags.cancellation_request.tagsOf(id)).toEqual(before);
      expect(filedBudget.spent()).toBe(TAG_PAIR_BYTES);
      // The budget holds exactly the 99 pairs again.
      expect((await addTags(Array.from({ length: 99 }, (_, k) => `last-${k}`))).status).toBe(204);
    } finally {
      await filed.admin.close();
    }
  });
});

describe('the write budget on an engine collection (--spec)', () => {
  it('refuses a create past it with no row made and no id taken, spends an update\'s growth and frees a destroy', async () => {
    const widgets = await widgetMock({ size: 8 });
    try {
      const wb = widgets.admin.state.writeBudget;
      const list = async () => ((await (await send(widgets, 'GET', '/api/v1/widgets/')).json()) as { count: number }).count;
      const count = await list();
      wb.limit = 0;
      const refused = await send(widgets, 'POST', '/api/v1/widgets/', { ...VALID, note: 'n'.repeat(1000) });
      expect(refused.status).toBe(507);
      expect(await refused.json()).toEqual(FULL);
      expect(await list()).toBe(count);
      wb.limit = 1024 * 1024;
      const made = await send(widgets, 'POST', '/api/v1/widgets/', { ...VALID, note: 'n' });
      expect(made.status).toBe(201);
      const { pk } = (await made.json()) as { pk: number };
      // The refused create took no id: this one has the id it would have had.
      const other = widgetMock({ size: 8 });
      const first = await send(await other, 'POST', '/api/v1/widgets/', { ...VALID, note: 'n' });
      expect(pk).toBe(((await first.json()) as { pk: number }).pk);
      await (await other).webhooks.close();
      const oneRow = wb.spent();
      expect(oneRow).toBeGreaterThan(ENGINE_ROW_BYTES);
      wb.limit = oneRow + 100;
      expect((await send(widgets, 'PATCH', `/api/v1/widgets/${pk}/`, { note: 'n'.repeat(1000) })).status).toBe(507);
      expect((await send(widgets, 'PATCH', `/api/v1/widgets/${pk}/`, { note: 'n'.repeat(20) })).status).toBe(200);
      expect(wb.spent()).toBeGreaterThan(oneRow);
      expect((await send(widgets, 'DELETE', `/api/v1/widgets/${pk}/`)).status).toBe(204);
      expect(wb.spent()).toBe(0);
      expect(widgets.violations).toEqual([]);
    } finally {
      await widgets.webhooks.close();
    }
  });
});

describe('what each write is charged', () => {
  it("charges an approval its new plan: one byte short of it is refused, the request still waiting", async () => {
    const waiting = [...mock.store.requests.values()].find((r) => r.status === 'waiting')!;
    const approve = () =>
      mock.request(`${REQUESTS}${waiting.id}/`, { method: 'PATCH', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'approved' }) });
    leave(PLAN_BYTES - 1);
    expect((await approve()).status).toBe(507);
    expect(mock.store.requests.get(waiting.id)!.status).toBe('waiting');
    leave(PLAN_BYTES);
    expect((await approve()).status).toBe(200);
  });

  it("charges a new request its text as well as its record", async () => {
    const body = { ...createBody(mock.store, itemSupply(mock.store)()), description: 'd'.repeat(500) };
    leave(REQUEST_BYTES + 499 * TEXT_CHAR_BYTES);
    expect((await post(REQUESTS, body)).status).toBe(507);
    leave(REQUEST_BYTES + 500 * TEXT_CHAR_BYTES);
    expect((await post(REQUESTS, body)).status).toBe(201);
  });

  it("gives a withdrawn request's tags back with it", async () => {
    const item = itemSupply(mock.store)();
    const made = await post(REQUESTS, createBody(mock.store, item));
    const { id } = (await made.json()) as { id: number };
    expect((await post(`${REQUESTS}${id}/add_tags/`, { keys: ['one', 'two'] })).status).toBe(204);
    const channel = mock.store.orders.get(item.order)!.channel;
    const gone = await mock.request(`/api/channel/${channel}/cancellation_requests/${id}/`, { method: 'DELETE', headers: AUTH });
    expect(gone.status).toBe(204);
    expect(budget().spent()).toBe(0);
  });

  it('charges a key or a description past Latin-1 more, as V8 holds it in two bytes a unit', async () => {
    leave(TAG_PAIR_BYTES);
    expect((await post(`${REQUESTS}${firstId()}/add_tag/`, { key: 'şık' })).status).toBe(507);
    leave(WIDE_TAG_PAIR_BYTES);
    expect((await post(`${REQUESTS}${firstId()}/add_tag/`, { key: 'şık' })).status).toBe(204);
    const patch = (description: string) =>
      mock.request(`${REQUESTS}${firstId()}/`, { method: 'PATCH', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify({ description }) });
    expect((await patch('')).status).toBe(200);
    leave(100 * TEXT_CHAR_BYTES);
    expect((await patch('ş'.repeat(100))).status).toBe(507);
    expect((await patch('s'.repeat(100))).status).toBe(200);
  });

  it('counts a key sent twice in one write once', async () => {
    leave(TAG_PAIR_BYTES);
    expect((await post(`${REQUESTS}${firstId()}/add_tags/`, { keys: ['twice', 'twice'] })).status).toBe(204);
    expect(budget().spent()).toBe(TAG_PAIR_BYTES);
  });
});

describe('the write budget and a client-given key', () => {
  it('answers a key taken or too long with its 400 ahead of a full budget\'s 507, as every other field error', async () => {
    const notes = await createTestMock({ spec: [fileURLToPath(new URL('./fixtures/engine/notes.openapi.yaml', import.meta.url))] });
    const add = (slug: string) => notes.request('/api/v1/notes/', { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify({ slug, text: 'not' }) });
    expect((await add('kisa-not')).status).toBe(201);
    const wb = notes.admin.state.writeBudget;
    wb.limit = wb.spent();
    const taken = await add('kisa-not');
    expect([taken.status, await taken.json()]).toEqual([400, { slug: ['notes with this slug already exists.'] }]);
    const long = await add('s'.repeat(600));
    expect(long.status).toBe(400);
    expect(Object.keys((await long.json()) as object)).toEqual(['slug']);
    expect((await add('yeni-not')).status).toBe(507);
    expect(wb.spent()).toBe(wb.limit);
  });
});
