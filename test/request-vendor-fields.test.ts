import { beforeEach, describe, expect, it } from 'vitest';
import { orderItemsOf } from '../src/store/store.ts';
import type { OrderItem } from '../src/store/types.ts';
import {
  REQUESTS,
  createBody,
  createRequestVia,
  freeItems,
  patchStatus,
  planOfRequest,
  send,
} from './support/request-helpers.ts';
import { allRows, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * Requests as the vendor's `CancellationRequest` fragment has them
 * (apidocs.akinon.com/omnitron-openapis/cancellation-requests): no `cancellation_plan` key, the
 * four easy-return keys, and the vendor's order rule (apidocs.akinon.com/omnitron/order/
 * cancellations-and-refunds): no new cancellation while the order's `cancel_status` is waiting.
 */

let mock: TestMock;
beforeEach(async () => {
  mock = await createTestMock();
});

/** A free order with at least two items nobody touched. */
function twoItemOrder(): [OrderItem, OrderItem] {
  const free = new Set(freeItems(mock.store).map((i) => i.pk));
  const order = [...mock.store.orders.values()].find((o) => {
    const items = orderItemsOf(mock.store, o.pk);
    return items.length >= 2 && items.every((i) => free.has(i.pk));
  })!;
  return orderItemsOf(mock.store, order.pk).slice(0, 2) as [OrderItem, OrderItem];
}

describe('cancellation requests follow the vendor schema', () => {
  it('never send cancellation_plan, on any read or write, and reach the plan by cancellation_plan_status', async () => {
    const [item] = twoItemOrder();
    const created = await createRequestVia(mock, createBody(mock.store, item));
    const approved = await json(await patchStatus(mock, created.id, 'approved'));
    for (const body of [created, approved, await mock.getJson(`${REQUESTS}${created.id}/`),
      await mock.getJson(`${REQUESTS}${created.id}/detailed/`), ...(await allRows(mock, REQUESTS))]) {
      expect(body).not.toHaveProperty('cancellation_plan');
    }
    const rows = await allRows(mock, REQUESTS, `cancellation_plan_status=waiting&order_item=${item.pk}`);
    expect(rows.map((r) => r.id)).toEqual([created.id]);
    const plan = await mock.getJson(`/api/v1/cancellation_plans/${await planOfRequest(mock, created)}/`);
    expect(plan.cancellationplanorderitem_set[0].order_item.pk).toBe(item.pk);
  });

  it('send the easy return with raw_request, raw_response, pickup_date and a stable uuid', async () => {
    const withReturn = (await allRows(mock, REQUESTS)).find((r) => r.easy_return !== null);
    expect(withReturn, 'the seed has a request with an easy return').toBeDefined();
    expect(Object.keys(withReturn.easy_return)).toEqual([
      'id', 'shipping_company', 'code', 'start_date', 'end_date', 'max_count', 'status', 'raw_request',
      'raw_response', 'tracking_number', 'tracking_url', 'pickup_date', 'created_date', 'modified_date', 'uuid',
    ]);
    expect(withReturn.easy_return).toMatchObject({ raw_request: {}, raw_response: {}, pickup_date: null });
    const again = await mock.getJson(`${REQUESTS}${withReturn.id}/`);
    expect(again.easy_return.uuid).toBe(withReturn.easy_return.uuid);
    expect(again.easy_return.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("the order's waiting cancellation", () => {
  it('refuses a request on another item of an order whose cancellation waits, and takes it once decided', async () => {
    const [a, b] = twoItemOrder();
    const first = await createRequestVia(mock, createBody(mock.store, a));
    const refused = await send(mock, 'POST', REQUESTS, createBody(mock.store, b));
    expect(refused.status).toBe(400);
    const number = mock.store.orders.get(a.order)!.number;
    expect(await json(refused)).toEqual({
      order_item: [`Order ${number} already has a cancellation waiting; a new one may be requested once it is decided.`],
    });
    expect(mock.store.orderItems.get(b.pk)!.cancel_status).toBe(b.cancel_status);
    expect((await patchStatus(mock, first.id, 'confirmed')).status).toBe(200);
    expect((await send(mock, 'POST', REQUESTS, createBody(mock.store, b))).status).toBe(201);
  });
});

describe('reasons a request may name', () => {
  it('refuses an inactive reason on create and on a change, and keeps requests that already cite it', async () => {
    const inactive = [...mock.store.reasons.values()].find((r) => !r.is_active)!;
    const [item] = twoItemOrder();
    const body = { ...createBody(mock.store, item, inactive.cancellation_type), reason: inactive.pk };
    const res = await send(mock, 'POST', REQUESTS, body);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ reason: [`Reason ${inactive.pk} is not active.`] });

    const created = await createRequestVia(mock, createBody(mock.store, item, inactive.cancellation_type));
    const change = await send(mock, 'PATCH', `${REQUESTS}${created.id}/`, { reason: inactive.pk });
    expect(change.status).toBe(400);
    expect(await json(change)).toEqual({ reason: [`Reason ${inactive.pk} is not active.`] });

    // Setup: the request's own reason goes inactive afterwards; other writes still pass.
    const own = mock.store.reasons.get(created.reason)!;
    mock.store.reasons.set(own.pk, { ...own, is_active: false });
    const note = await send(mock, 'PATCH', `${REQUESTS}${created.id}/`, { description: 'still fine' });
    expect(note.status).toBe(200);
  });
});
