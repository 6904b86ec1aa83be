import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { changePlanStatus, type PlanStatusChange } from '../src/domain/plans/change-plan-status.ts';
import { PLAN_TRANSITIONS } from '../src/domain/plans/plan-transitions.ts';
import { fromCents, toCents } from '../src/common/money.ts';
import { createFixedClock } from '../src/common/clock.ts';
import { orderItemsOf, planItemsOf, type Store } from '../src/store/store.ts';
import type { CancellationPlan, PlanStatus } from '../src/store/types.ts';
import { mockWithPlan } from './support/pick-plan.ts';
import { createTestMock, json, sharedSpecs, type TestMock } from './support/test-mock.ts';

/**
 * What a plan move does to the order items it holds and to their order (DOMAIN.md §4), seen
 * through the API and in the store: item codes and `cancel_status`, the order's refund sums and
 * status, modified dates, and that every changed record was replaced, never edited in place.
 */

const PLANS = '/api/v1/cancellation_plans/';
const OPEN: PlanStatus[] = [
  'waiting',
  'waiting_supplier',
  'confirmation_waiting',
  'confirmed',
  'approved',
  'waiting_for_payment',
  'manuel_refund_need',
  'failed',
];
const CLOSED = new Set(['100', '600']);
/** DOMAIN.md §4, written out: the order item's cancel_status under each plan status. */
const CANCEL_STATUS: Record<PlanStatus, string> = {
  waiting: 'approved',
  waiting_supplier: 'approved',
  confirmation_waiting: 'confirmation_waiting',
  confirmed: 'confirmed',
  approved: 'approved',
  waiting_for_payment: 'waiting_for_payment',
  manuel_refund_need: 'manuel_refund_need',
  completed: 'completed',
  rejected: 'rejected',
  cancelled: 'rejected',
  failed: 'manuel_refund_need',
};

let mock: TestMock;
beforeAll(() => sharedSpecs(), 60_000);
beforeEach(async () => {
  mock = await createTestMock({ size: 80 });
});

/** The shortest chain of allowed moves from one status to another (BFS over the table). */
function pathTo(from: PlanStatus, to: PlanStatus): PlanStatus[] {
  const prev = new Map<PlanStatus, PlanStatus>();
  const queue: PlanStatus[] = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (at === to) break;
    for (const next of PLAN_TRANSITIONS[at]) {
      if (prev.has(next) || next === from) continue;
      prev.set(next, at);
      queue.push(next);
    }
  }
  const path: PlanStatus[] = [];
  for (let s: PlanStatus | undefined = to; s && s !== from; s = prev.get(s)) path.unshift(s);
  if (path[0] === undefined && from !== to) throw new Error(`no path ${from} → ${to}`);
  return path;
}

async function drive(pk: number, to: PlanStatus): Promise<void> {
  for (const status of pathTo(mock.store.plans.get(pk)!.status, to)) {
    const res = await mock.postJson(`${PLANS}${pk}/update_status/`, { status });
    expect(res.status, JSON.stringify(await json(res.clone()))).toBe(200);
  }
}

const itemsOfPlan = (store: Store, pk: number) =>
  planItemsOf(store, pk).map((l) => store.orderItems.get(l.order_item)!);
const othersInOrder = (store: Store, plan: CancellationPlan) => {
  const mine = new Set(planItemsOf(store, plan.pk).map((l) => l.order_item));
  return orderItemsOf(store, plan.order).filter((i) => !mine.has(i.pk));
};

/**
 * An open plan matching `pred`, from the test's mock or — when this small seed has none — from a
 * larger one, which then becomes the test's mock.
 */
async function openPlan(
  pred: (p: CancellationPlan, m: TestMock) => boolean,
  what: string,
): Promise<CancellationPlan> {
  const open = (p: CancellationPlan, m: TestMock) => OPEN.includes(p.status) && pred(p, m);
  const hit = [...mock.store.plans.values()].find((p) => open(p, mock));
  if (hit) return hit;
  const found = await mockWithPlan(open, `open, that ${what}`, [200, 400]);
  mock = found.mock;
  return found.plan;
}
const takesLastOpen = (p: CancellationPlan, m: TestMock) =>
  othersInOrder(m.store, p).every((i) => CLOSED.has(i.status));

describe('completing a plan', () => {
  it.each(['cancel', 'refund'] as const)(
    'moves each %s item to its target code and adds the amounts to the order',
    async (type) => {
      const plan = await openPlan(
        (p, m) => p.plan_type === type && !takesLastOpen(p, m),
        `is a ${type} leaving other items open`,
      );
      const order = mock.store.orders.get(plan.order)!;
      await drive(plan.pk, 'completed');
      const at = mock.store.plans.get(plan.pk)!.modified_date;

      for (const item of itemsOfPlan(mock.store, plan.pk)) {
        expect(item).toMatchObject({
          status: type === 'cancel' ? '100' : '600',
          cancel_status: 'completed',
          modified_date: at,
        });
      }
      const after = mock.store.orders.get(plan.order)!;
      for (const f of [
        'refund_amount',
        'discount_refund_amount',
        'shipping_refund_amount',
      ] as const) {
        expect(after[f], f).toBe(fromCents(toCents(order[f]) + toCents(plan[f])));
      }
      expect(after.status).toBe(order.status);
      expect(after.modified_date).toBe(at);

      const shown = await mock.getJson(`${PLANS}${plan.pk}/`);
      expect(shown.order.refund_amount).toBe(after.refund_amount);
      expect(
        shown.cancellationplanorderitem_set.map((l: any) => l.order_item.cancel_status),
      ).toEqual(shown.cancellationplanorderitem_set.map(() => 'completed'));
    },
  );

  it.each(['cancel', 'refund'] as const)(
    'moves the order once a %s plan takes its last open items',
    async (type) => {
      const plan = await openPlan(
        // With a shipping refund, so the third amount is seen to travel too.
        (p, m) =>
          p.plan_type === type && takesLastOpen(p, m) && p.shipping_refund_amount !== '0.00',
        `is a ${type} taking the last open items, shipping included`,
      );
      const others = othersInOrder(mock.store, plan);
      const order = mock.store.orders.get(plan.order)!;
      await drive(plan.pk, 'completed');
      const after = mock.store.orders.get(plan.order)!;
      const expected = type === 'refund' || others.some((i) => i.status === '600') ? '600' : '100';
      expect(after.status).toBe(expected);
      for (const f of [
        'refund_amount',
        'discount_refund_amount',
        'shipping_refund_amount',
      ] as const) {
        expect(after[f], f).toBe(fromCents(toCents(order[f]) + toCents(plan[f])));
      }
      expect(orderItemsOf(mock.store, plan.order).every((i) => CLOSED.has(i.status))).toBe(true);
    },
  );

  it("keeps the order's refund sums equal to the sums over its completed plans", async () => {
    const plan = await openPlan(() => true, 'exists');
    await drive(plan.pk, 'completed');
    const order = mock.store.orders.get(plan.order)!;
    const completed = (mock.store.plansByOrder.get(order.pk) ?? [])
      .map((pk) => mock.store.plans.get(pk)!)
      .filter((p) => p.status === 'completed');
    for (const f of [
      'refund_amount',
      'discount_refund_amount',
      'shipping_refund_amount',
    ] as const) {
      expect(order[f]).toBe(fromCents(completed.reduce((sum, p) => sum + toCents(p[f]), 0)));
    }
    expect(toCents(order.refund_amount)).toBeLessThanOrEqual(toCents(order.amount));
  });
});

describe('releasing a plan', () => {
  it.each(['rejected', 'cancelled'] as const)(
    'returns its items to their previous code when %s, and leaves the order alone',
    async (to) => {
      const plan = await openPlan((p) => PLAN_TRANSITIONS[p.status].includes(to), `can be ${to}`);
      const order = mock.store.orders.get(plan.order)!;
      const lines = planItemsOf(mock.store, plan.pk);
      const res = await mock.postJson(`${PLANS}${plan.pk}/update_status/`, { status: to });
      expect(res.status).toBe(200);
      const at = mock.store.plans.get(plan.pk)!.modified_date;
      for (const line of lines) {
        expect(mock.store.orderItems.get(line.order_item)).toMatchObject({
          status: line.order_item_previous_status,
          cancel_status: 'rejected',
          modified_date: at,
        });
      }
      expect(mock.store.orders.get(plan.order)).toBe(order);
    },
  );
});

describe('open moves', () => {
  const moves = OPEN.flatMap((from) =>
    PLAN_TRANSITIONS[from].filter((to) => OPEN.includes(to)).map((to) => [from, to] as const),
  );

  it.each(moves)(
    '%s → %s sets the items\' cancel_status as DOMAIN.md maps it, keeping them in "50"',
    async (from, to) => {
      const plan = [...mock.store.plans.values()].find((p) => p.status === from)!;
      const before = itemsOfPlan(mock.store, plan.pk);
      const order = mock.store.orders.get(plan.order);
      const res = await mock.postJson(`${PLANS}${plan.pk}/update_status/`, { status: to });
      expect(res.status).toBe(200);
      const at = mock.store.plans.get(plan.pk)!.modified_date;
      itemsOfPlan(mock.store, plan.pk).forEach((item, n) => {
        expect(item.status).toBe('50');
        expect(item.cancel_status).toBe(CANCEL_STATUS[to]);
        // A record is rewritten (and its modified_date moved) only when a field of it changes.
        if (CANCEL_STATUS[to] === before[n]!.cancel_status) expect(item).toBe(before[n]);
        else expect(item.modified_date).toBe(at);
      });
      expect(mock.store.orders.get(plan.order)).toBe(order);
    },
  );
});

describe('the write rule', () => {
  it('replaces the plan, its items and its order, and never edits a stored record', async () => {
    const plan = await openPlan(
      (p) => PLAN_TRANSITIONS[p.status].includes('completed'),
      'can complete at once',
    );
    const order = mock.store.orders.get(plan.order)!;
    const items = itemsOfPlan(mock.store, plan.pk);
    const frozen = structuredClone({ plan, order, items });
    await mock.postJson(`${PLANS}${plan.pk}/update_status/`, { status: 'completed' });
    expect({ plan, order, items }).toEqual(frozen);
    expect(mock.store.plans.get(plan.pk)).not.toBe(plan);
    expect(mock.store.orders.get(plan.order)).not.toBe(order);
  });
});

describe('the settle hook', () => {
  it('is called once per settling move, after the writes, and never for open or refused moves', async () => {
    const a = await openPlan(
      (p, m) =>
        p.status === 'approved' && [...m.store.plans.values()].some((w) => w.status === 'waiting'),
      'is approved, beside a waiting one',
    );
    const b = [...mock.store.plans.values()].find((p) => p.status === 'waiting')!;
    const clock = createFixedClock('2026-03-04T10:00:00.000Z');
    const store = mock.store;
    const seen: Array<[string | null, PlanStatus]> = [];
    const onPlanSettled = vi.fn((s: Store, change: PlanStatusChange) => {
      // The hook sees the written state: the plan and its items already moved.
      expect(s.plans.get(change.after.pk)).toBe(change.after);
      for (const item of change.orderItems)
        expect(s.orderItems.get(item.after.pk)).toBe(item.after);
      seen.push([change.settlement, change.after.status]);
    });
    const move = (pk: number, status: PlanStatus) =>
      changePlanStatus(store, { planPk: pk, status, userPk: 1, clock }, { onPlanSettled });

    expect(move(a.pk, 'waiting_for_payment').ok).toBe(true);
    expect(move(a.pk, 'waiting').ok).toBe(false);
    expect(move(a.pk, 'waiting_for_payment').ok).toBe(true);
    expect(onPlanSettled).not.toHaveBeenCalled();
    const done = move(a.pk, 'completed');
    expect(done.ok && done.value.order?.after.pk).toBe(a.order);

    expect(move(b.pk, 'cancelled').ok).toBe(true);
    expect(seen).toEqual([
      ['completed', 'completed'],
      ['released', 'cancelled'],
    ]);
    expect(
      changePlanStatus(store, { planPk: 10 ** 9, status: 'completed', userPk: 1, clock }).ok,
    ).toBe(false);
  });
});
