import { beforeEach, describe, expect, it } from 'vitest';
import { createBody, createRequestVia, freeItems } from './support/request-helpers.ts';
import { createTestMock, type TestMock } from './support/test-mock.ts';

/**
 * The vendor's integration order reads (apidocs.akinon.com/omnitron/integration/order/get-orders,
 * …/search-order, …/get-order-detail-by-order-number, …/get-order-item-detail), served from the
 * mock's own orders and items: where a frontend picks the item it cancels.
 */

let mock: TestMock;
beforeEach(async () => {
  mock = await createTestMock({ size: 20 });
});

describe('integration orders', () => {
  it('list every order, filter by status, is_send and number, and nest the items to cancel', async () => {
    const all = await mock.getJson('/api/i1/orders/?limit=1000');
    expect(all.count).toBe(mock.store.orders.size);
    const approved = await mock.getJson('/api/i1/orders/?status=400&limit=1000');
    expect(approved.results.every((o: any) => o.status === '400')).toBe(true);
    const order = all.results[3];
    const one = await mock.getJson(`/api/i1/orders/?number=${order.number}`);
    expect(one.results.map((o: any) => o.pk)).toEqual([order.pk]);
    expect(one.results[0].orderitem_set.map((i: any) => i.pk)).toEqual(mock.store.itemsByOrder.get(order.pk));
    expect(one.results[0].customer.pk).toBe(mock.store.orders.get(order.pk)!.customer);
    const unsent = await mock.getJson('/api/i1/orders/?is_send=false&limit=1000');
    expect(unsent.results.every((o: any) => o.is_send === false)).toBe(true);
  });

  it("show the order's cancel_status as waiting while a request waits, and the item's detail", async () => {
    const item = freeItems(mock.store)[0]!;
    const number = mock.store.orders.get(item.order)!.number;
    await createRequestVia(mock, createBody(mock.store, item));
    const [order] = (await mock.getJson(`/api/i1/orders/?number=${number}`)).results;
    expect(order.cancel_status).toBe('waiting');
    const detail = await mock.getJson(`/api/i1/order_items/${item.pk}/`);
    expect(detail).toMatchObject({ pk: item.pk, order: item.order, status: '50', cancel_status: 'waiting' });
    await mock.getJson('/api/i1/order_items/99999999/', 404);
  });
});
