import { beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../src/domain/invariants.ts';
import type { OrderItem } from '../src/store/types.ts';
import {
  REQUESTS,
  createBody,
  createRequestVia,
  freeItems,
  itemSupply,
  patchStatus,
  requestIn,
  send,
  snapshot,
} from './support/request-helpers.ts';
import { AUTH, createTestMock, json, sharedSpecs, type TestMock } from './support/test-mock.ts';

/**
 * `POST /api/v1/cancellation_requests/{id}/reject/` (stated by the vendor; DOMAIN.md §3): no body,
 * 200 with the whole request `rejected`, its item back to its code before the request with
 * `cancel_status: rejected`; a rejected, approved or completed request answers 400.
 */

const reject = (mock: TestMock, id: number | string) =>
  send(mock, 'POST', `${REQUESTS}${id}/reject/`);

let mock: TestMock;
let next: () => OrderItem;
beforeAll(async () => {
  await sharedSpecs();
  mock = await createTestMock();
  next = itemSupply(mock.store);
}, 60_000);

describe('rejecting a cancellation request', () => {
  it.each(['waiting', 'confirmed'])(
    'a %s request: 200 with the whole request, the item given back',
    async (status) => {
      const item = next();
      const created = await createRequestVia(mock, createBody(mock.store, item));
      if (status === 'confirmed') await patchStatus(mock, created.id, 'confirmed');
      const res = await reject(mock, created.id);
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body).toEqual({
        ...(await mock.getJson(`${REQUESTS}${created.id}/`)),
        status: 'rejected',
      });
      expect(body.modified_date > created.modified_date).toBe(true);
      expect(mock.store.orderItems.get(item.pk)).toMatchObject({
        status: item.status,
        cancel_status: 'rejected',
        modified_date: body.modified_date,
      });
      expect(checkInvariants(mock.store)).toEqual([]);
    },
  );

  it('gives each item back its own code: a delivered one "550", a shipped one "500"', async () => {
    for (const code of ['550', '500'] as const) {
      const item = freeItems(mock.store, (i) => i.status === code)[0]!;
      expect(item, `the seed has a free item in "${code}"`).toBeDefined();
      const created = await createRequestVia(mock, createBody(mock.store, item, 'refund'));
      expect(mock.store.orderItems.get(item.pk)!.status).toBe('50');
      expect((await reject(mock, created.id)).status).toBe(200);
      expect(mock.store.orderItems.get(item.pk)).toMatchObject({ status: code, cancel_status: 'rejected' });
    }
  });

  it('frees the item: a new request for it is created waiting', async () => {
    const item = next();
    const first = await createRequestVia(mock, createBody(mock.store, item));
    await reject(mock, first.id);
    const again = await createRequestVia(mock, createBody(mock.store, item));
    expect(again).toMatchObject({ order_item: item.pk, status: 'waiting' });
    expect(mock.store.orderItems.get(item.pk)).toMatchObject({
      status: '50',
      cancel_status: 'waiting',
    });
    expect(checkInvariants(mock.store)).toEqual([]);
  });

  it('rejects seeded requests too, returning their item to the code it had, and cancels an easy return', async () => {
    const seeded =
      [...mock.store.requests.values()].find(
        (r) => r.status === 'confirmed' && r.easy_return?.status === 'active',
      ) ??
      [...mock.store.requests.values()].find(
        (r) => r.status === 'waiting' && r.easy_return?.status === 'active',
      );
    expect(seeded, 'the seed has an open refund request with an easy return').toBeDefined();
    const res = await reject(mock, seeded!.id);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.easy_return).toMatchObject({
      status: 'cancelled',
      modified_date: body.modified_date,
    });
    const item = mock.store.orderItems.get(seeded!.order_item)!;
    expect(item.cancel_status).toBe('rejected');
    expect(['50', '100', '600']).not.toContain(item.status);
    // The code the seed recorded when the request began (internal, never serialized).
    expect(item.status).toBe(seeded!.order_item_previous_status);
    expect(checkInvariants(mock.store)).toEqual([]);
  });

  it.each(['rejected', 'approved', 'completed'])(
    'a %s request cannot be rejected: 400, nothing written',
    async (status) => {
      const request = await requestIn(mock, next, status);
      const before = snapshot(mock.store);
      const res = await reject(mock, request.id);
      expect(res.status).toBe(400);
      expect(await json(res)).toEqual({
        non_field_errors: [`Cancellation request in status ${status} cannot be rejected.`],
        code: 'request_not_rejectable',
      });
      expect(snapshot(mock.store)).toBe(before);
    },
  );

  it('answers 404 for an unknown or non-numeric id', async () => {
    for (const id of ['99999999', 'abc', '-1']) {
      const res = await reject(mock, id);
      expect(res.status).toBe(404);
      expect(await json(res)).toEqual({ detail: 'Not found.', code: 'not_found' });
    }
  });

  it('reads no body: whatever is sent, even as text/plain, is ignored', async () => {
    const created = await createRequestVia(mock, createBody(mock.store, next()));
    const res = await mock.request(`${REQUESTS}${created.id}/reject/`, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'text/plain' },
      body: 'status=approved',
    });
    expect(res.status).toBe(200);
    expect((await json(res)).status).toBe('rejected');
  });
});
