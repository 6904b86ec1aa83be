import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PAYMENT_ENTRY_BYTES, PAYMENT_ITEM_BYTES, REQUEST_BYTES, TAG_PAIR_BYTES, TEXT_CHAR_BYTES } from '../src/store/write-budget.ts';
import { createBody, itemSupply, REQUESTS, snapshot } from './support/request-helpers.ts';
import { AUTH, createTestMock, type TestMock } from './support/test-mock.ts';

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
