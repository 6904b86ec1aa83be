import type { Store } from '../../store/store.ts';
import { CANCEL_STATUSES, ORDER_STATUS_CODES } from '../../store/types.ts';
import type { CancellationPlan, CancellationPlanItem, CancellationRequest, OrderItem } from '../../store/types.ts';
import type { InvariantReport } from './invariant-report.ts';
import { cancelStatusForPlan, isClosedItemCode, isHoldingPlanStatus, isOpenRequestStatus } from './plan-cancel-status.ts';

/**
 * Each order item's `status` and `cancel_status` against the plans and requests that touched it
 * (DOMAIN.md §3–§4), and each order's status against its items: at most one plan that still holds
 * the item and one open request; the holding plan decides the state, else the open request, else
 * the last released plan; an order is `"100"`/`"600"` exactly when none of its items is left open.
 */
export function checkItems(store: Store, report: InvariantReport): void {
  const linesByItem = new Map<number, Array<{ plan: CancellationPlan; line: CancellationPlanItem }>>();
  for (const line of store.planItems.values()) {
    const plan = store.plans.get(line.plan);
    if (!plan) continue;
    const list = linesByItem.get(line.order_item);
    if (list) list.push({ plan, line });
    else linesByItem.set(line.order_item, [{ plan, line }]);
  }
  const requestsByItem = new Map<number, CancellationRequest[]>();
  for (const request of store.requests.values()) {
    const list = requestsByItem.get(request.order_item);
    if (list) list.push(request);
    else requestsByItem.set(request.order_item, [request]);
  }
  const codes = new Set<string>(ORDER_STATUS_CODES);
  const cancelStatuses = new Set<string>(CANCEL_STATUSES);
  for (const item of store.orderItems.values()) {
    if (!codes.has(item.status)) report.add(`order item ${item.pk}: status "${item.status}" is not an order status code`);
    if (item.cancel_status !== null && !cancelStatuses.has(item.cancel_status)) {
      report.add(`order item ${item.pk}: cancel_status "${item.cancel_status}" is not a cancel status`);
    }
    checkItem(report, item, linesByItem.get(item.pk) ?? [], requestsByItem.get(item.pk) ?? []);
  }
  for (const order of store.orders.values()) {
    if (!codes.has(order.status)) report.add(`order ${order.pk}: status "${order.status}" is not an order status code`);
    const items = (store.itemsByOrder.get(order.pk) ?? []).map((pk) => store.orderItems.get(pk)).filter((i) => i !== undefined);
    if (items.length === 0) {
      report.add(`order ${order.pk}: has no items`);
      continue;
    }
    const closed = items.every((i) => isClosedItemCode(i.status));
    if (closed) {
      const expected = items.every((i) => i.status === '100') ? ['100'] : items.every((i) => i.status === '600') ? ['600'] : ['100', '600'];
      if (!expected.includes(order.status)) report.add(`order ${order.pk}: status "${order.status}", but all its items are cancelled/refunded (expected "${expected.join('" or "')}")`);
    } else if (isClosedItemCode(order.status)) {
      const open = items.filter((i) => !isClosedItemCode(i.status)).map((i) => i.pk);
      report.add(`order ${order.pk}: status "${order.status}", but items ${open.join(', ')} are still open`);
    }
  }
}

type Line = { plan: CancellationPlan; line: CancellationPlanItem };

function checkItem(report: InvariantReport, item: OrderItem, lines: Line[], requests: CancellationRequest[]): void {
  const subject = `order item ${item.pk}`;
  const holding = lines.filter((l) => isHoldingPlanStatus(l.plan.status));
  const open = requests.filter((r) => isOpenRequestStatus(r.status));
  if (holding.length > 1) report.add(`${subject}: in ${holding.length} plans that are not rejected/cancelled (${holding.map((l) => l.plan.pk).join(', ')})`);
  if (open.length > 1) report.add(`${subject}: has ${open.length} open requests (${open.map((r) => `${r.id} ${r.status}`).join(', ')})`);
  const expect = (status: string, cancel: string | null, why: string) => {
    if (item.status !== status) report.add(`${subject}: status "${item.status}" ≠ "${status}" (${why})`);
    if (item.cancel_status !== cancel) report.add(`${subject}: cancel_status ${JSON.stringify(item.cancel_status)} ≠ ${JSON.stringify(cancel)} (${why})`);
  };
  const latest = lines.reduce<Line | null>((a, b) => (a === null || b.plan.pk > a.plan.pk ? b : a), null);
  const hold = holding[0];
  if (hold) {
    const { plan, line } = hold;
    if (latest && latest.plan.pk !== plan.pk) report.add(`${subject}: plan ${latest.plan.pk} was made while plan ${plan.pk} (${plan.status}) still held the item`);
    const why = `plan ${plan.pk} is ${plan.status}`;
    if (plan.status === 'completed') expect(line.status, 'completed', why);
    else expect('50', cancelStatusForPlan(plan.status), why);
    for (const r of open) {
      if (r.status !== 'approved' || r.cancellation_plan !== plan.pk) {
        report.add(`${subject}: request ${r.id} is ${r.status} while plan ${plan.pk} (${plan.status}) holds the item`);
      }
    }
    return;
  }
  const request = open[0];
  if (request) {
    if (request.status === 'approved') report.add(`${subject}: request ${request.id} is approved but no open plan holds the item`);
    else expect('50', request.status, `request ${request.id} is ${request.status}`);
    return;
  }
  if (latest) {
    expect(latest.line.order_item_previous_status, 'rejected', `its last plan ${latest.plan.pk} is ${latest.plan.status}`);
    return;
  }
  if (requests.length > 0) {
    const last = requests[requests.length - 1]!;
    if (item.cancel_status !== 'rejected') report.add(`${subject}: cancel_status ${JSON.stringify(item.cancel_status)} ≠ "rejected" (request ${last.id} is ${last.status})`);
    const previous = last.order_item_previous_status;
    if (previous !== undefined && item.status !== previous) report.add(`${subject}: status "${item.status}" ≠ "${previous}", its code before request ${last.id} (${last.status})`);
  } else if (item.cancel_status !== null) {
    report.add(`${subject}: cancel_status "${item.cancel_status}" but no plan or request ever touched it`);
  }
  if (item.status === '50' || isClosedItemCode(item.status)) {
    report.add(`${subject}: status "${item.status}" but no open or completed plan and no open request holds it`);
  }
}
