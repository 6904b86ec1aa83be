import { beforeAll, describe, expect, it } from 'vitest';
import { cancelStatusForPlan } from '../src/domain/shared/plan-cancel-status.ts';
import { REQUEST_STATUSES } from '../src/store/types.ts';
import { allRows, createTestMock, type TestMock } from './support/test-mock.ts';

/**
 * The seeded requests as a client sees them through the served API: every status, each tied to a
 * real order item whose state agrees with the request (DOMAIN.md §3), checksum-valid IBANs, easy
 * returns with codes and tracking numbers, orders with shipping option slugs. Plans are read
 * through the plan list, so the two resources are checked against each other.
 */

const DETAILED = '/api/v1/cancellation_requests/detailed/';
const OPEN = new Set(['waiting', 'confirmed', 'approved']);
/** Plan statuses that let their items go again; every other status holds them. */
const RELEASING = new Set(['rejected', 'cancelled']);
let mock: TestMock;
let requests: any[];
let plans: Map<number, any>;
/** order item pk → the plans holding it (any status but rejected/cancelled). */
let holdingPlans: Map<number, any[]>;
/** order item pk → its open requests. */
let openRequests: Map<number, any[]>;

beforeAll(async () => {
  mock = await createTestMock({ size: 150 });
  requests = await allRows(mock, DETAILED);
  const planRows = await allRows(mock, '/api/v1/cancellation_plans/');
  plans = new Map(planRows.map((p) => [p.pk, p]));
  holdingPlans = new Map();
  for (const plan of planRows) {
    if (RELEASING.has(plan.status)) continue;
    for (const line of plan.cancellationplanorderitem_set) {
      holdingPlans.set(line.order_item.pk, [...(holdingPlans.get(line.order_item.pk) ?? []), plan]);
    }
  }
  openRequests = new Map();
  for (const r of requests.filter((x) => OPEN.has(x.status))) {
    openRequests.set(r.order_item.pk, [...(openRequests.get(r.order_item.pk) ?? []), r]);
  }
});

/** ISO 13616 mod-97, written out here rather than borrowed from the code under test. */
function ibanChecksumHolds(iban: string): boolean {
  const moved = `${iban.slice(4)}${iban.slice(0, 4)}`;
  const digits = moved.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  return BigInt(digits) % 97n === 1n;
}

describe('seeded cancellation requests', () => {
  it('come in every status', () => {
    expect(new Set(requests.map((r) => r.status))).toEqual(new Set(REQUEST_STATUSES));
  });

  it('each belong to a real order item of the graph, with a reason of their own type', () => {
    for (const r of requests) {
      const item = mock.store.orderItems.get(r.order_item.pk);
      expect(item, `request ${r.id}`).toBeDefined();
      expect(mock.store.itemsByOrder.get(r.order_item.order.pk), `request ${r.id}`).toContain(r.order_item.pk);
      expect(mock.store.orders.get(r.order_item.order.pk)?.number).toBe(r.order_item.order.number);
      expect(r.reason.cancellation_type, `request ${r.id}`).toBe(r.cancellation_type);
      const units = typeof r.order_item.extra_field.quantity === 'number' ? r.order_item.extra_field.quantity : 1;
      expect(r.quantity, `request ${r.id}`).toBeGreaterThanOrEqual(1);
      expect(r.quantity, `request ${r.id}`).toBeLessThanOrEqual(units);
    }
  });

  it('never leave two open requests on one item', () => {
    for (const [item, open] of openRequests) expect(open.map((r) => r.id), `item ${item}`).toHaveLength(1);
  });

  it("agree with their item's status and cancel_status, and with their plan", () => {
    let releasedItems = 0;
    for (const r of requests) {
      const item = r.order_item;
      const at = `request ${r.id} (${r.status}) on item ${item.pk}`;
      // The request carries no plan key (the vendor's schema): the store's internal link is the oracle.
      const planPk = mock.store.requests.get(r.id)!.cancellation_plan;
      const plan = planPk === null ? null : plans.get(planPk);
      if (r.status === 'waiting' || r.status === 'confirmed') {
        expect(plan, at).toBeNull();
        expect(holdingPlans.get(item.pk) ?? [], at).toEqual([]);
        expect([item.status, item.cancel_status], at).toEqual(['50', r.status]);
        continue;
      }
      if (r.status === 'approved' || r.status === 'completed') {
        expect(plan, at).toBeDefined();
        expect(plan.plan_type, at).toBe(r.cancellation_type);
        expect(plan.cancellationplanorderitem_set.map((l: any) => l.order_item.pk), at).toContain(item.pk);
      }
      if (r.status === 'approved') {
        expect(['completed', 'rejected', 'cancelled'], at).not.toContain(plan.status);
        expect([item.status, item.cancel_status], at).toEqual(['50', cancelStatusForPlan(plan.status)]);
      } else if (r.status === 'completed') {
        expect(plan.status, at).toBe('completed');
        expect([item.status, item.cancel_status], at).toEqual([r.cancellation_type === 'cancel' ? '100' : '600', 'completed']);
      } else {
        // Rejected: its plan (if it got one) let the item go; unless a later request or plan holds
        // the item now, the item is back at an ordinary code and says so.
        if (plan) expect(RELEASING.has(plan.status), at).toBe(true);
        const heldLater = (openRequests.get(item.pk) ?? []).length > 0 || (holdingPlans.get(item.pk) ?? []).length > 0;
        if (!heldLater) {
          releasedItems += 1;
          expect(item.cancel_status, at).toBe('rejected');
          expect(['50', '100', '600'], at).not.toContain(item.status);
        }
      }
    }
    expect(releasedItems, 'rejected requests whose item nothing holds now').toBeGreaterThan(0);
  });

  it('carry a checksum-valid Turkish IBAN and a holder wherever a refund goes back to a bank account', () => {
    const withIban = requests.filter((r) => r.iban !== null);
    expect(withIban.length).toBeGreaterThan(5);
    for (const r of withIban) {
      expect(r.iban, `request ${r.id}`).toMatch(/^TR\d{24}$/);
      expect(ibanChecksumHolds(r.iban), `request ${r.id} ${r.iban}`).toBe(true);
    }
    for (const r of requests.filter((x) => x.cancellation_type === 'refund' && !x.fully_refund_as_loyalty_money)) {
      expect(r.iban, `request ${r.id}`).not.toBeNull();
      expect(r.holder_name, `request ${r.id}`).toEqual(expect.any(String));
    }
    expect(ibanChecksumHolds('TR330006100519786457841326')).toBe(true);
    expect(ibanChecksumHolds('TR330006100519786457841327')).toBe(false);
  });

  it('include refunds with easy returns, some already shipped back with a tracking number', () => {
    const easy = requests.filter((r) => r.easy_return !== null);
    expect(easy.length).toBeGreaterThan(3);
    expect(easy.length).toBeLessThan(requests.length);
    expect(new Set(easy.map((r) => r.easy_return.id)).size).toBe(easy.length);
    for (const r of easy) {
      expect(r.cancellation_type, `request ${r.id}`).toBe('refund');
      expect(r.easy_return.code, `request ${r.id}`).toMatch(/^[A-Z]{2}\d+$/);
      expect(r.easy_return.start_date < r.easy_return.end_date, `request ${r.id}`).toBe(true);
    }
    const shipped = easy.filter((r) => r.easy_return.tracking_number !== null);
    expect(shipped.length).toBeGreaterThan(0);
    expect(shipped.length).toBeLessThan(easy.length);
    for (const r of shipped) expect(r.easy_return.tracking_url, `request ${r.id}`).toContain(r.easy_return.tracking_number);
  });

  it('belong to orders with and without shipping option slugs, and items with and without tracking numbers', () => {
    const slugs = requests.map((r) => r.order_item.order.shipping_option_slug);
    expect(slugs.filter((s) => s !== null).length).toBeGreaterThan(0);
    expect(slugs.filter((s) => s === null).length).toBeGreaterThan(0);
    const tracking = requests.map((r) => r.order_item.tracking_number);
    expect(tracking.filter((t) => t !== null).length).toBeGreaterThan(0);
    expect(tracking.filter((t) => t === null).length).toBeGreaterThan(0);
  });

  it('include loyalty-money refunds, descriptions and both cancellation types', () => {
    expect(requests.some((r) => r.fully_refund_as_loyalty_money)).toBe(true);
    expect(requests.some((r) => r.description !== null)).toBe(true);
    expect(new Set(requests.map((r) => r.cancellation_type))).toEqual(new Set(['cancel', 'refund']));
  });
});
