import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkInvariants } from '../src/domain/invariants.ts';
import { createEventBus, makeEvent, type OmnitronEvent } from '../src/domain/events/event-bus.ts';
import { toCents } from '../src/common/money.ts';
import { orderItemsOf } from '../src/store/store.ts';
import type { OrderItem } from '../src/store/types.ts';
import {
  PLANS,
  REQUESTS,
  createBody,
  createRequestVia,
  freeItems,
  itemSupply,
  movePlan,
  patchStatus,
  planOfRequest,
  requestIn,
  send,
  withPlan,
} from './support/request-helpers.ts';
import { createTestMock, json, sharedSpecs, type TestMock } from './support/test-mock.ts';

/**
 * Approving a request makes a new plan (DOMAIN.md §3–§4), visible at once, announced by exactly
 * one `cancellation_plan.created` event whose payload is what plan retrieve answers; the plan's
 * fate then settles the request. Money is recomputed here from DOMAIN.md §2, not read from code.
 */

let mock: TestMock;
let next: () => OrderItem;
let events: OmnitronEvent[];
beforeAll(async () => {
  await sharedSpecs();
  mock = await createTestMock();
  next = itemSupply(mock.store);
  mock.events.subscribe('cancellation_plan.created', (e) => events.push(e));
}, 60_000);
beforeEach(() => {
  events = [];
});

/** DOMAIN.md §2 for a plan taking `item` now: price − shares (+ shipping when it is the last open item). */
function expectedMoney(item: OrderItem) {
  const shares = item.benefitapplicant_set.reduce((s, b) => s + toCents(b.discount_share), 0);
  const order = mock.store.orders.get(item.order)!;
  const last = orderItemsOf(mock.store, order.pk).every(
    (i) => i.pk === item.pk || ['100', '600'].includes(i.status),
  );
  const shipping = last ? toCents(order.shipping_amount) : 0;
  const fmt = (c: number) => (c / 100).toFixed(2);
  return {
    refund_amount: fmt(toCents(item.price) - shares + shipping),
    discount_refund_amount: fmt(shares),
    shipping_refund_amount: fmt(shipping),
  };
}

describe('approving a cancellation request', () => {
  it('makes a waiting plan of its type for its item, announced once with the plan retrieve answers', async () => {
    const item = next();
    const order = mock.store.orders.get(item.order)!;
    const created = await createRequestVia(mock, createBody(mock.store, item));
    const highest = Math.max(...mock.store.plans.keys());
    const res = await patchStatus(mock, created.id, 'approved');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body, 'the vendor schema has no plan key').not.toHaveProperty('cancellation_plan');
    const approved = await withPlan(mock, body);
    expect(approved).toMatchObject({ status: 'approved', cancellation_plan: highest + 1 });

    const plan = await mock.getJson(`${PLANS}${await planOfRequest(mock, approved)}/`);
    expect(plan).toMatchObject({
      pk: highest + 1,
      status: 'waiting',
      plan_type: 'cancel',
      created_date: approved.modified_date,
      modified_date: approved.modified_date,
      order_previous_status: order.status,
      invoice_number: null,
      payment_plan: null,
      related_cancellationplan: null,
      staff_remote_id: null,
      retail_store_remote_id: null,
      ...expectedMoney(item),
    });
    expect(plan.order.pk).toBe(order.pk);
    expect(plan.created_by.pk).toBe(1);
    expect(plan.last_updated_by.pk).toBe(1);
    expect(plan.cancellationplanorderitem_set).toHaveLength(1);
    expect(plan.cancellationplanorderitem_set[0]).toMatchObject({
      status: '100',
      order_item_previous_status: item.status,
      reason: { pk: created.reason },
      order_item: { pk: item.pk, status: '50', cancel_status: 'approved' },
    });

    expect(events).toHaveLength(1);
    expect(events[0]!.event).toEqual({
      type: 'cancellation_plan.created',
      uuid: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(events[0]!.payload).toEqual(plan);

    const list = await mock.getJson(`${PLANS}?limit=1`);
    expect(list.results[0]).toEqual(plan);
    const byPlanStatus = await mock.getJson(
      `${REQUESTS}?cancellation_plan_status=waiting&pk=${created.id}`,
    );
    expect(byPlanStatus.results.map((r: any) => r.id)).toEqual([created.id]);
    expect(mock.store.orderItems.get(item.pk)).toMatchObject({
      status: '50',
      cancel_status: 'approved',
    });
    expect(checkInvariants(mock.store)).toEqual([]);
  });

  it('approves a confirmed refund request by PUT: a refund plan, items bound for "600"', async () => {
    const item = next();
    const created = await createRequestVia(mock, createBody(mock.store, item, 'refund'));
    await patchStatus(mock, created.id, 'confirmed');
    const {
      id,
      uuid,
      easy_return,
      attributes,
      attributes_kwargs,
      localized_attributes,
      localized_attributes_kwargs,
      created_date,
      modified_date,
      ...writable
    } = created;
    const res = await send(mock, 'PUT', `${REQUESTS}${id}/`, { ...writable, status: 'approved' });
    expect(res.status).toBe(200);
    const approved = await json(res);
    const plan = await mock.getJson(`${PLANS}${await planOfRequest(mock, approved)}/`);
    expect(plan).toMatchObject({ plan_type: 'refund', status: 'waiting', ...expectedMoney(item) });
    expect(plan.cancellationplanorderitem_set[0].status).toBe('600');
    expect(events.map((e) => e.payload.pk)).toEqual([plan.pk]);
  });

  it("refunds the shipping with the order's last open item", async () => {
    const item = freeItems(mock.store).find((i) => {
      const order = mock.store.orders.get(i.order)!;
      return orderItemsOf(mock.store, order.pk).length === 1 && order.shipping_amount !== '0.00';
    })!;
    expect(item, 'the seed has a one-item order with shipping nobody touched').toBeDefined();
    const approved = await json(
      await patchStatus(
        mock,
        (await createRequestVia(mock, createBody(mock.store, item))).id,
        'approved',
      ),
    );
    const plan = await mock.getJson(`${PLANS}${await planOfRequest(mock, approved)}/`);
    expect(plan.shipping_refund_amount).toBe(mock.store.orders.get(item.order)!.shipping_amount);
    expect(plan).toMatchObject(expectedMoney(item));
  });

  it('relates a refund to the cancel plan before it, and the two complete the order', async () => {
    const free = new Set(freeItems(mock.store).map((i) => i.pk));
    const order = [...mock.store.orders.values()].find((o) => {
      const items = orderItemsOf(mock.store, o.pk);
      return items.length === 2 && items.every((i) => free.has(i.pk));
    })!;
    expect(order, 'the seed has a two-item order nobody touched').toBeDefined();
    const [a, b] = orderItemsOf(mock.store, order.pk) as [OrderItem, OrderItem];
    const first = await json(
      await patchStatus(
        mock,
        (await createRequestVia(mock, createBody(mock.store, a))).id,
        'approved',
      ),
    );
    const cancelPlan = await mock.getJson(`${PLANS}${await planOfRequest(mock, first)}/`);
    expect(cancelPlan.shipping_refund_amount).toBe('0.00');
    await movePlan(mock, cancelPlan.pk, 'approved');
    expect((await movePlan(mock, cancelPlan.pk, 'completed')).status).toBe(200);

    const second = await json(
      await patchStatus(
        mock,
        (await createRequestVia(mock, createBody(mock.store, b, 'refund'))).id,
        'approved',
      ),
    );
    const refundPlan = await mock.getJson(`${PLANS}${await planOfRequest(mock, second)}/`);
    expect(refundPlan).toMatchObject({
      related_cancellationplan: cancelPlan.pk,
      ...expectedMoney(mock.store.orderItems.get(b.pk)!),
    });
    expect(refundPlan.shipping_refund_amount, 'the last open item takes the shipping').toBe(
      order.shipping_amount,
    );
    await movePlan(mock, refundPlan.pk, 'approved');
    await movePlan(mock, refundPlan.pk, 'completed');
    const after = mock.store.orders.get(order.pk)!;
    expect(after.status).toBe('600');
    expect(after.refund_amount).toBe(
      ((toCents(cancelPlan.refund_amount) + toCents(refundPlan.refund_amount)) / 100).toFixed(2),
    );
    expect(after.refund_amount).toBe(order.amount);
    expect(checkInvariants(mock.store)).toEqual([]);
  });

  it('publishes nothing when no plan is made: create, confirm, reject, the same status again, a refused move', async () => {
    const a = await createRequestVia(mock, createBody(mock.store, next()));
    await patchStatus(mock, a.id, 'confirmed');
    await send(mock, 'POST', `${REQUESTS}${a.id}/reject/`);
    expect((await patchStatus(mock, a.id, 'approved')).status).toBe(400);
    const b = await requestIn(mock, next, 'approved');
    events = [];
    expect((await patchStatus(mock, b.id, 'approved')).status).toBe(200);
    expect(mock.store.requests.get(b.id)!.cancellation_plan).toBe(await planOfRequest(mock, b));
    expect(events).toEqual([]);
  });
});

describe('the plan settles the request behind it', () => {
  it('completing the plan completes the request and cancels the item for good', async () => {
    const request = await requestIn(mock, next, 'approved');
    await movePlan(mock, await planOfRequest(mock, request), 'confirmed');
    expect(
      (await mock.getJson(`${REQUESTS}${request.id}/`)).status,
      'an open move leaves it approved',
    ).toBe('approved');
    expect(mock.store.orderItems.get(request.order_item)!.cancel_status).toBe('confirmed');
    await movePlan(mock, await planOfRequest(mock, request), 'approved');
    await movePlan(mock, await planOfRequest(mock, request), 'completed');
    const plan = mock.store.plans.get(await planOfRequest(mock, request))!;
    const after = await mock.getJson(`${REQUESTS}${request.id}/`);
    expect(after).toMatchObject({ status: 'completed', modified_date: plan.modified_date });
    expect(mock.store.orderItems.get(request.order_item)).toMatchObject({
      status: '100',
      cancel_status: 'completed',
    });
    expect(checkInvariants(mock.store)).toEqual([]);
  });

  it.each(['rejected', 'cancelled'])(
    'a %s plan rejects the request and frees the item',
    async (status) => {
      const item = next();
      const request = await json(
        await patchStatus(
          mock,
          (await createRequestVia(mock, createBody(mock.store, item))).id,
          'approved',
        ),
      );
      const planPk = await planOfRequest(mock, request);
      expect((await movePlan(mock, planPk, status)).status).toBe(200);
      const after = await mock.getJson(`${REQUESTS}${request.id}/`);
      expect(after).toMatchObject({ status: 'rejected' });
      expect(mock.store.requests.get(request.id)!.cancellation_plan).toBe(planPk);
      expect(mock.store.orderItems.get(item.pk)).toMatchObject({
        status: item.status,
        cancel_status: 'rejected',
      });
      expect(checkInvariants(mock.store)).toEqual([]);
      const again = await createRequestVia(mock, createBody(mock.store, item));
      expect(again.status).toBe('waiting');
    },
  );

  it('settles seeded request-backed plans too', async () => {
    const seeded = [...mock.store.requests.values()].find(
      (r) =>
        r.status === 'approved' && mock.store.plans.get(r.cancellation_plan!)!.status === 'waiting',
    )!;
    expect(seeded).toBeDefined();
    expect((await movePlan(mock, seeded.cancellation_plan!, 'cancelled')).status).toBe(200);
    expect(mock.store.requests.get(seeded.id)!.status).toBe('rejected');
    expect(checkInvariants(mock.store)).toEqual([]);
  });
});

describe('the internal event bus', () => {
  it('delivers to each listener of the type its own copy, until it stops listening; a failing listener stops nothing', () => {
    const errors: unknown[] = [];
    const bus = createEventBus({ onError: (e) => errors.push(e) });
    const seen: OmnitronEvent[] = [];
    bus.subscribe('cancellation_plan.created', () => {
      throw new Error('receiver down');
    });
    const stop = bus.subscribe('cancellation_plan.created', (e) => {
      e.payload.pk = 999;
      seen.push(e);
    });
    const event = makeEvent('cancellation_plan.created', { pk: 1 });
    bus.publish(event);
    expect(seen).toEqual([{ event: event.event, payload: { pk: 999 } }]);
    expect(event.payload.pk).toBe(1);
    expect(errors).toHaveLength(1);
    stop();
    bus.publish(event);
    expect(seen).toHaveLength(1);
  });
});
