import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../src/domain/invariants.ts';
import { fromCents, toCents } from '../src/common/money.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import { createStore, insertPlan, insertRequest, nextId, type Store } from '../src/store/store.ts';

function seeded(seed: number, size: number): Store {
  const store = createStore();
  seedStore(store, { seed, size });
  return store;
}

const first = <T>(values: Iterable<T>, test: (v: T) => boolean): T => {
  for (const v of values) if (test(v)) return v;
  throw new Error('the seed has no such object');
};
const bump = (amount: string, cents: number) => fromCents(toCents(amount) + cents);

describe('invariants on seeded stores', () => {
  it.each([
    [1, 0],
    [1, 10],
    [2, 300],
    [42, 300],
    [3, 2000],
  ])('hold for seed %i at size %i', (seed, size) => {
    expect(checkInvariants(seeded(seed, size))).toEqual([]);
  });
});

/**
 * Each case breaks one rule the way a buggy write would (records are replaced, as the store's
 * writers do) and names a fragment the report must contain: proof the checker can fail.
 */
const BREAKS: Array<[string, (s: Store) => string | RegExp]> = [
  ['an order amount', (s) => {
    const o = first(s.orders.values(), () => true);
    s.orders.set(o.pk, { ...o, amount: bump(o.amount, 1) });
    return `order ${o.pk}: amount`;
  }],
  ['an order discount', (s) => {
    const o = first(s.orders.values(), (x) => x.discount_amount !== '0.00');
    s.orders.set(o.pk, { ...o, discount_amount: bump(o.discount_amount, -5) });
    return `order ${o.pk}: discount_amount`;
  }],
  ['an order refund sum', (s) => {
    const p = first(s.plans.values(), (x) => x.status === 'completed');
    const o = s.orders.get(p.order)!;
    s.orders.set(o.pk, { ...o, refund_amount: bump(o.refund_amount, -100) });
    return new RegExp(`order ${o.pk}: refund_amount \\S+ ≠ Σ completed plans`);
  }],
  ['a refund above the order amount', (s) => {
    const p = first(s.plans.values(), (x) => x.status === 'completed');
    const o = s.orders.get(p.order)!;
    s.orders.set(o.pk, { ...o, refund_amount: bump(o.amount, 1) });
    return `order ${o.pk}: refund_amount ${bump(o.amount, 1)} > amount`;
  }],
  ["a plan's discount", (s) => {
    const p = first(s.plans.values(), (x) => x.discount_refund_amount !== '0.00');
    s.plans.set(p.pk, { ...p, discount_refund_amount: bump(p.discount_refund_amount, 1) });
    return `plan ${p.pk}: discount_refund_amount`;
  }],
  ["a plan's refund amount", (s) => {
    const p = first(s.plans.values(), (x) => x.status === 'waiting');
    s.plans.set(p.pk, { ...p, refund_amount: bump(p.refund_amount, 10) });
    return `plan ${p.pk}: refund_amount`;
  }],
  ['a second shipping refund', (s) => {
    const claimed = first(s.plans.values(), (x) => x.status === 'completed' && x.shipping_refund_amount !== '0.00');
    insertPlan(s, { ...claimed, pk: nextId(s, 'plans'), status: 'waiting' });
    return `order ${claimed.order}: shipping is refunded by 2 plans`;
  }],
  ["an item's discount", (s) => {
    const i = first(s.orderItems.values(), (x) => x.discount_amount !== '0.00');
    s.orderItems.set(i.pk, { ...i, discount_amount: '0.00' });
    return `order item ${i.pk}: discount_amount 0.00 ≠ Σ benefit-applicant shares`;
  }],
  ["an item's cancel status", (s) => {
    const p = first(s.plans.values(), (x) => x.status === 'waiting');
    const line = s.planItems.get(s.planItemsByPlan.get(p.pk)![0]!)!;
    const i = s.orderItems.get(line.order_item)!;
    s.orderItems.set(i.pk, { ...i, cancel_status: 'completed' });
    return `order item ${i.pk}: cancel_status "completed" ≠ "approved" (plan ${p.pk} is waiting)`;
  }],
  ["a completed item's status", (s) => {
    const p = first(s.plans.values(), (x) => x.status === 'completed' && x.plan_type === 'refund');
    const line = s.planItems.get(s.planItemsByPlan.get(p.pk)![0]!)!;
    const i = s.orderItems.get(line.order_item)!;
    s.orderItems.set(i.pk, { ...i, status: '550' });
    return `order item ${i.pk}: status "550" ≠ "600"`;
  }],
  ['an order cancelled while items are open', (s) => {
    const o = first(s.orders.values(), (x) => x.status === '400');
    s.orders.set(o.pk, { ...o, status: '100' });
    return `order ${o.pk}: status "100", but items`;
  }],
  ['a dangling reason', (s) => {
    const r = first(s.requests.values(), () => true);
    s.requests.set(r.id, { ...r, reason: 9999 });
    return `request ${r.id}: reason 9999 is not an existing reason`;
  }],
  ['a dangling plan order', (s) => {
    const p = first(s.plans.values(), () => true);
    s.plans.set(p.pk, { ...p, order: 999_999 });
    return `plan ${p.pk}: order 999999 is not an existing order`;
  }],
  ['a reason of the other type', (s) => {
    const r = first(s.requests.values(), (x) => x.cancellation_type === 'cancel');
    const refundReason = first(s.reasons.values(), (x) => x.cancellation_type === 'refund');
    s.requests.set(r.id, { ...r, reason: refundReason.pk });
    return `request ${r.id}: reason ${refundReason.pk} is a refund reason`;
  }],
  ['a reason with a blank subject', (s) => {
    const r = first(s.reasons.values(), () => true);
    s.reasons.set(r.pk, { ...r, subject: ' ' });
    return `reason ${r.pk}: subject must have 1 to 100 characters`;
  }],
  ['an order on a channel that does not exist', (s) => {
    const o = first(s.orders.values(), () => true);
    s.channels.delete(o.channel);
    return `order ${o.pk}: channel ${o.channel} does not exist`;
  }],
  ['an invalid IBAN', (s) => {
    const r = first(s.requests.values(), (x) => x.iban !== null);
    s.requests.set(r.id, { ...r, iban: `${r.iban!.slice(0, 25)}${(Number(r.iban!.at(-1)) + 1) % 10}` });
    return `request ${r.id}: iban`;
  }],
  ['a bank refund without an IBAN', (s) => {
    const r = first(s.requests.values(), (x) => x.iban !== null);
    s.requests.set(r.id, { ...r, iban: null });
    return `request ${r.id}: a refund to a bank account has no iban`;
  }],
  ['an approved request whose plan completed', (s) => {
    const r = first(s.requests.values(), (x) => x.status === 'completed');
    s.requests.set(r.id, { ...r, status: 'approved' });
    return `request ${r.id}: is approved but its plan ${r.cancellation_plan} is completed`;
  }],
  ['a second open request on an item', (s) => {
    const r = first(s.requests.values(), (x) => x.status === 'waiting');
    insertRequest(s, { ...r, id: nextId(s, 'requests'), uuid: 'a-second-one' });
    return `order item ${r.order_item}: has 2 open requests`;
  }],
  ['a plan type unlike its request', (s) => {
    const r = first(s.requests.values(), (x) => x.status === 'approved');
    const p = s.plans.get(r.cancellation_plan!)!;
    s.plans.set(p.pk, { ...p, plan_type: p.plan_type === 'cancel' ? 'refund' : 'cancel' });
    return `request ${r.id}: a ${r.cancellation_type} request with a`;
  }],
  ['a request quantity the item does not allow', (s) => {
    const r = first(s.requests.values(), (x) => x.quantity === 1 && s.orderItems.get(x.order_item)!.extra_field.quantity === undefined);
    s.requests.set(r.id, { ...r, quantity: 2 });
    return `request ${r.id}: quantity 2 outside 1..1`;
  }],
  ['an item missing from its index', (s) => {
    const [order, items] = first(s.itemsByOrder.entries(), ([, v]) => v.length > 1);
    s.itemsByOrder.set(order, items.slice(1));
    return `itemsByOrder: order item ${items[0]} (order ${order}) is missing from the index`;
  }],
  ['a plan filed under another order', (s) => {
    const [order, plans] = first(s.plansByOrder.entries(), () => true);
    const other = first(s.orders.keys(), (k) => k !== order);
    s.plansByOrder.set(other, [...(s.plansByOrder.get(other) ?? []), plans[0]!]);
    return `plansByOrder[${other}]: lists plan ${plans[0]}, whose order is ${order}`;
  }],
  ['a sequence left behind', (s) => {
    s.sequences.plans -= 1;
    return `the plans sequence`;
  }],
  ['a tag on a plan that does not exist', (s) => {
    s.tags.cancellation_plan.add(999_999, 'vip');
    return 'plan 999999 is tagged ["vip"] but does not exist';
  }],
  ['an item in two live plans', (s) => {
    const p = first(s.plans.values(), (x) => x.status === 'waiting');
    const copy = { ...p, pk: nextId(s, 'plans') };
    s.plans.set(copy.pk, copy);
    s.plansByOrder.get(p.order)!.push(copy.pk);
    const line = s.planItems.get(s.planItemsByPlan.get(p.pk)![0]!)!;
    const lineCopy = { ...line, pk: nextId(s, 'planItems'), plan: copy.pk };
    s.planItems.set(lineCopy.pk, lineCopy);
    s.planItemsByPlan.set(copy.pk, [lineCopy.pk]);
    return `order item ${line.order_item}: in 2 plans that are not rejected/cancelled`;
  }],
  ['a malformed amount', (s) => {
    const p = first(s.plans.values(), () => true);
    s.plans.set(p.pk, { ...p, refund_amount: '12.5x' });
    return `plan ${p.pk}: refund_amount "12.5x" is not a decimal`;
  }],
];

describe('invariant checker', () => {
  it.each(BREAKS)('reports %s', (_name, breakIt) => {
    const store = seeded(42, 300);
    const expected = breakIt(store);
    const violations = checkInvariants(store);
    expect(violations.length).toBeGreaterThan(0);
    const matched = violations.some((v) => (typeof expected === 'string' ? v.includes(expected) : expected.test(v)));
    expect(matched, `expected a violation like ${String(expected)}, got:\n${violations.join('\n')}`).toBe(true);
  });

  it('keeps a clean store clean after records are replaced by equal ones', () => {
    const store = seeded(5, 200);
    for (const [pk, o] of store.orders) store.orders.set(pk, { ...o });
    expect(checkInvariants(store)).toEqual([]);
  });
});
