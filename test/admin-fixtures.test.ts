import { beforeAll, describe, expect, it } from 'vitest';
import { movesTo } from '../src/domain/fixtures/fixture-plan.ts';
import { checkInvariants } from '../src/domain/invariants.ts';
import { cancelStatusForPlan } from '../src/domain/shared/plan-cancel-status.ts';
import { toCents } from '../src/common/money.ts';
import { orderItemsOf } from '../src/store/store.ts';
import { PLAN_STATUSES, REQUEST_STATUSES, type PlanStatus } from '../src/store/types.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

const JSON_TYPE = { 'Content-Type': 'application/json' };
let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 20 });
});

const fixture = async (body: unknown, headers: Record<string, string> = {}) => {
  const res = await mock.request('/__mock/fixtures', {
    method: 'POST',
    headers: { ...JSON_TYPE, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await json(res) };
};

describe('order fixtures', () => {
  it('creates an order whose money follows DOMAIN.md §2, and answers its ids', async () => {
    const made = await fixture({
      kind: 'order',
      items: [{ price: '224.50', discount: '220.01' }, { price: '100.00' }],
      shipping_amount: '9.00',
      status: '450',
    });
    expect(made.status).toBe(201);
    expect(made.body).toEqual({
      kind: 'order',
      order: expect.any(Number),
      order_items: [expect.any(Number), expect.any(Number)],
    });
    const order = mock.store.orders.get(made.body.order)!;
    expect(order).toMatchObject({
      amount: '113.49',
      discount_amount: '220.01',
      shipping_amount: '9.00',
      status: '450',
    });
    const items = orderItemsOf(mock.store, order.pk);
    expect(items.map((i) => i.pk)).toEqual(made.body.order_items);
    expect(items[0]!.benefitapplicant_set.map((b) => b.discount_share)).toEqual(['220.01']);
    expect(items.every((i) => i.status === '450' && i.cancel_status === null)).toBe(true);
    expect(checkInvariants(mock.store)).toEqual([]);
  });

  it.each([
    [{ kind: 'order', items: 0 }, 'items'],
    [{ kind: 'order', status: '100' }, 'status'],
    [{ kind: 'order', customer: 999999 }, 'customer'],
    [{ kind: 'order', items: [{ price: '1.00', discount: '2.00' }] }, 'items[0]'],
    [{ kind: 'order', shipping_amount: 'free' }, 'shipping_amount'],
    [{ kind: 'parcel' }, 'kind'],
    [{}, 'kind'],
  ])('refuses %j naming %s', async (body, field) => {
    const made = await fixture(body);
    expect(made.status).toBe(400);
    expect(Object.keys(made.body)).toEqual([field]);
  });
});

describe('request fixtures', () => {
  it.each(REQUEST_STATUSES)(
    'makes a request in status %s the way the API moves it',
    async (status) => {
      const seen: string[] = [];
      const stop = mock.events.subscribe('cancellation_plan.created', (e) =>
        seen.push(String(e.payload.pk)),
      );
      const made = await fixture({ kind: 'request', status });
      stop();
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({
        kind: 'request',
        status,
        order_items: [expect.any(Number)],
      });
      const request = await mock.getJson(`/api/v1/cancellation_requests/${made.body.request}/`);
      expect(request.status).toBe(status);
      const item = mock.store.orderItems.get(made.body.order_items[0])!;
      const expected: Record<string, [string, string | null]> = {
        waiting: ['50', 'waiting'],
        confirmed: ['50', 'confirmed'],
        approved: ['50', 'approved'],
        rejected: ['400', 'rejected'],
        completed: ['100', 'completed'],
      };
      expect([item.status, item.cancel_status]).toEqual(expected[status]);
      const planned = status === 'approved' || status === 'completed';
      expect(made.body.plan === null).toBe(!planned);
      expect(seen).toEqual(planned ? [String(made.body.plan)] : []);
      if (status === 'completed')
        expect(mock.store.plans.get(made.body.plan)!.status).toBe('completed');
      expect(checkInvariants(mock.store)).toEqual([]);
    },
  );

  it('makes a refund request on a delivered item, paid to a valid IBAN by default', async () => {
    const order = await fixture({ kind: 'order', status: '550' });
    const made = await fixture({
      kind: 'request',
      order_item: order.body.order_items[0],
      status: 'confirmed',
    });
    expect(made.status).toBe(201);
    const request = mock.store.requests.get(made.body.request)!;
    expect(request).toMatchObject({
      cancellation_type: 'refund',
      status: 'confirmed',
      fully_refund_as_loyalty_money: false,
    });
    expect(request.iban).toMatch(/^TR\d{24}$/);
    expect(checkInvariants(mock.store)).toEqual([]);
  });

  it("answers the domain's 400 for a body it refuses, and creates nothing", async () => {
    const orders = mock.store.orders.size;
    const bad = await fixture({ kind: 'request', cancellation_type: 'refund', iban: 'TR00' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body)).toContain('iban');
    expect(mock.store.orders.size).toBe(orders);
    const taken = await fixture({ kind: 'request' });
    const again = await fixture({ kind: 'request', order_item: taken.body.order_items[0] });
    expect(again.status).toBe(400);
    expect(Object.keys(again.body)).toEqual(['order_item']);
    expect((await fixture({ kind: 'request', status: 'lost' })).body).toEqual({
      status: ['"lost" is not a valid choice.'],
    });
  });
});

describe('plan fixtures', () => {
  it.each(PLAN_STATUSES)(
    'makes a plan in status %s through allowed moves, with its side effects',
    async (status) => {
      const made = await fixture({ kind: 'plan', status, items: 2, shipping_amount: '9.90' });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({
        kind: 'plan',
        status,
        path: movesTo(status as PlanStatus),
      });
      const plan = await mock.getJson(`/api/v1/cancellation_plans/${made.body.plan}/`);
      expect(plan.status).toBe(status);
      expect(plan.plan_type).toBe('cancel');
      // The plan takes all of a new order's items: their prices plus its shipping.
      expect(plan.refund_amount).toBe('309.70');
      expect(plan.shipping_refund_amount).toBe('9.90');
      const items = made.body.order_items.map((pk: number) => mock.store.orderItems.get(pk)!);
      for (const item of items) {
        expect(item.cancel_status).toBe(cancelStatusForPlan(status as PlanStatus));
        const expected =
          status === 'completed'
            ? '100'
            : status === 'rejected' || status === 'cancelled'
              ? '400'
              : '50';
        expect(item.status).toBe(expected);
      }
      const order = mock.store.orders.get(made.body.order)!;
      expect(order.refund_amount).toBe(status === 'completed' ? '309.70' : '0.00');
      expect(order.status).toBe(status === 'completed' ? '100' : '400');
      expect(checkInvariants(mock.store)).toEqual([]);
    },
  );

  it('makes a refund plan for delivered items, with the discount shares refunded', async () => {
    const order = await fixture({
      kind: 'order',
      status: '550',
      items: [{ price: '80.00', discount: '10.00' }, { price: '20.00' }],
    });
    const [first] = order.body.order_items;
    const made = await fixture({ kind: 'plan', order_items: [first], status: 'completed' });
    expect(made.status).toBe(201);
    const plan = mock.store.plans.get(made.body.plan)!;
    expect(plan).toMatchObject({
      plan_type: 'refund',
      refund_amount: '70.00',
      discount_refund_amount: '10.00',
      shipping_refund_amount: '0.00',
    });
    expect(mock.store.orderItems.get(first)!.status).toBe('600');
    // One item is still open, so the order stays delivered, with the refund counted.
    expect(mock.store.orders.get(order.body.order)).toMatchObject({
      status: '550',
      refund_amount: '70.00',
    });
    expect(checkInvariants(mock.store)).toEqual([]);
  });

  it('takes the open items of a given order, and refuses items that are not open', async () => {
    const order = await fixture({ kind: 'order', items: 3 });
    const made = await fixture({ kind: 'plan', order: order.body.order, status: 'confirmed' });
    expect(made.body.order_items).toEqual(order.body.order_items);
    const again = await fixture({ kind: 'plan', order_items: [order.body.order_items[0]] });
    expect(again.status).toBe(400);
    expect(again.body.order_items[0]).toMatch(/not open for cancellation/);
    const none = await fixture({ kind: 'plan', order: order.body.order });
    expect(Object.keys(none.body)).toEqual(['order']);
  });

  it('refuses items of two orders, an unknown item, a reason of the other type and an unknown status', async () => {
    const a = await fixture({ kind: 'order' });
    const b = await fixture({ kind: 'order' });
    expect(
      (await fixture({ kind: 'plan', order_items: [a.body.order_items[0], b.body.order_items[0]] }))
        .body.order_items[0],
    ).toMatch(/one order/);
    expect((await fixture({ kind: 'plan', order_items: [99999999] })).body).toEqual({
      order_items: ['Invalid pk "99999999" - object does not exist.'],
    });
    const refundReason = [...mock.store.reasons.values()].find(
      (r) => r.cancellation_type === 'refund',
    )!;
    const wrong = await fixture({
      kind: 'plan',
      order_items: [a.body.order_items[0]],
      reason: refundReason.pk,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.reason[0]).toMatch(/not cancel/);
    expect((await fixture({ kind: 'plan', status: 'lost' })).body).toEqual({
      status: ['"lost" is not a valid choice.'],
    });
  });

  it("creates in the caller's session only", async () => {
    const before = mock.store.plans.size;
    const made = await fixture({ kind: 'plan' }, { 'X-Mock-Session': 'fixtures' });
    expect(made.status).toBe(201);
    expect(mock.store.plans.size).toBe(before);
    const seen = await mock.request(`/api/v1/cancellation_plans/${made.body.plan}/`, {
      headers: { ...AUTH, 'X-Mock-Session': 'fixtures' },
    });
    expect(seen.status).toBe(200);
  });

  it('finds the shortest run of allowed moves', () => {
    expect(movesTo('waiting')).toEqual([]);
    expect(movesTo('completed')).toEqual(['approved', 'completed']);
    expect(movesTo('manuel_refund_need')).toEqual(['approved', 'manuel_refund_need']);
    expect(toCents('309.70')).toBe(30970);
  });
});
