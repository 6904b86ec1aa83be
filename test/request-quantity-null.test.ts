import { beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../src/domain/invariants.ts';
import { REQUESTS, createBody, createRequestVia, itemSupply, send } from './support/request-helpers.ts';
import { createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * The vendor's `CancellationRequest.quantity` is nullable (issue 21, apidocs.akinon.com/
 * omnitron-openapis/cancellation-requests). The mock accepts a null and reads it as "every unit
 * the item holds" (inferred, docs/decisions/0014): the stored request keeps a number.
 */
let mock: TestMock;
let next: ReturnType<typeof itemSupply>;
beforeAll(async () => {
  mock = await createTestMock({ size: 60 });
  next = itemSupply(mock.store);
}, 60_000);

describe('cancellation request quantity null', () => {
  it('creates a request for every unit of the item when quantity is null', async () => {
    const single = next();
    expect((await createRequestVia(mock, { ...createBody(mock.store, single), quantity: null })).quantity).toBe(1);
    const triple = next();
    // Setup only: an item that stands for three units (DOMAIN.md §2), as some seeded items do.
    mock.store.orderItems.set(triple.pk, { ...triple, extra_field: { quantity: 3 } });
    const created = await createRequestVia(mock, { ...createBody(mock.store, triple), quantity: null });
    expect(created.quantity).toBe(3);
    expect(mock.store.requests.get(created.id)!.quantity).toBe(3);
    expect(checkInvariants(mock.store)).toEqual([]);
  });

  it('updates with a null quantity to every unit, and never stores a null', async () => {
    const item = next();
    mock.store.orderItems.set(item.pk, { ...item, extra_field: { quantity: 2 } });
    const created = await createRequestVia(mock, { ...createBody(mock.store, item), quantity: 1 });
    const patched = await send(mock, 'PATCH', `${REQUESTS}${created.id}/`, { quantity: null });
    expect(patched.status).toBe(200);
    expect((await json(patched)).quantity).toBe(2);
    const put = await send(mock, 'PUT', `${REQUESTS}${created.id}/`, {
      ...createBody(mock.store, item), status: 'waiting', quantity: null, description: null, iban: null, holder_name: null,
      fully_refund_as_loyalty_money: false,
    });
    expect(put.status).toBe(200);
    expect((await json(put)).quantity).toBe(2);
    expect(mock.store.requests.get(created.id)!.quantity).toBe(2);
    // A number below 1 is still refused in DRF's words.
    const zero = await send(mock, 'PATCH', `${REQUESTS}${created.id}/`, { quantity: 0 });
    expect(await json(zero)).toEqual({ quantity: ['Ensure this value is greater than or equal to 1.'] });
    expect(checkInvariants(mock.store)).toEqual([]);
  });
});
