import { fromCents, toCents } from '../../common/money.ts';
import {
  cancelStatusForPlan,
  isClosedItemCode,
  isOpenPlanStatus,
} from '../shared/plan-cancel-status.ts';
import { orderItemsOf, planItemsOf, type Store } from '../../store/store.ts';
import type {
  CancellationPlan,
  CancellationPlanItem,
  CancelStatus,
  IsoDateTime,
  Order,
  OrderItem,
  OrderStatusCode,
} from '../../store/types.ts';

/**
 * What a plan's status does to the order items it holds and to their order (DOMAIN.md §4). Kept
 * apart from the move rule so that any code that sets a plan's status (today `update_status`;
 * later perhaps a plan created already completed) leaves items and money the same way.
 *
 * Every write replaces a record (`store.x.set(pk, {...old, ...})`), never edits one in place, and
 * a record is only rewritten — and its `modified_date` moved — when one of its fields changes.
 */

/** A record before and after one write, so callers (hooks, a journal) can see what changed. */
export interface Replaced<T> {
  before: T;
  after: T;
}

/** The order item's `status` and `cancel_status` while (or after) its plan is in the plan's status. */
export function itemStateUnder(
  plan: CancellationPlan,
  line: CancellationPlanItem,
): { status: OrderStatusCode; cancel_status: CancelStatus } {
  const cancel_status = cancelStatusForPlan(plan.status);
  // Completed: the plan item's own status is the target code ("100" cancel, "600" refund).
  if (plan.status === 'completed') return { status: line.status, cancel_status };
  // Still running: the item waits in "50" (cancellation_waiting).
  if (isOpenPlanStatus(plan.status)) return { status: '50', cancel_status };
  // Rejected or cancelled: back to where it was, free to be requested again.
  return { status: line.order_item_previous_status, cancel_status };
}

/** Moves each of the plan's order items to the state its plan's (new) status gives it. */
export function applyPlanToItems(
  store: Store,
  plan: CancellationPlan,
  at: IsoDateTime,
): Replaced<OrderItem>[] {
  const changes: Replaced<OrderItem>[] = [];
  for (const line of planItemsOf(store, plan.pk)) {
    const before = store.orderItems.get(line.order_item);
    if (!before) continue;
    const state = itemStateUnder(plan, line);
    if (state.status === before.status && state.cancel_status === before.cancel_status) continue;
    const after: OrderItem = { ...before, ...state, modified_date: at };
    store.orderItems.set(after.pk, after);
    changes.push({ before, after });
  }
  return changes;
}

const REFUND_FIELDS = [
  'refund_amount',
  'discount_refund_amount',
  'shipping_refund_amount',
] as const;

/**
 * Completing a plan: the order's three refund amounts grow by the plan's, and the order becomes
 * `"100"` (or `"600"` if any of its items was refunded) once none of its items is left open —
 * the same rule the seed uses, so seeded and written orders agree. Call after the items moved.
 */
export function completeOrder(
  store: Store,
  plan: CancellationPlan,
  at: IsoDateTime,
): Replaced<Order> | null {
  const before = store.orders.get(plan.order);
  if (!before) return null;
  const amounts = Object.fromEntries(
    REFUND_FIELDS.map((f) => [f, fromCents(toCents(before[f]) + toCents(plan[f]))]),
  ) as Pick<Order, (typeof REFUND_FIELDS)[number]>;
  const items = orderItemsOf(store, before.pk);
  const allClosed = items.length > 0 && items.every((i) => isClosedItemCode(i.status));
  const status: OrderStatusCode = allClosed
    ? items.some((i) => i.status === '600')
      ? '600'
      : '100'
    : before.status;
  const after: Order = { ...before, ...amounts, status, modified_date: at };
  store.orders.set(after.pk, after);
  return { before, after };
}
