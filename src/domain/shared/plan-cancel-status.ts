import type { CancelStatus, CancellationType, OrderStatusCode, PlanStatus, RequestStatus } from '../../store/types.ts';

/**
 * The small tables of DOMAIN.md §3–§4 that both the seed and the invariant checker read, kept in
 * one place so the two cannot drift apart: which plan statuses still hold an item, what an item's
 * `cancel_status` is while a plan holds it, and each type's target code.
 */

/** Plans that let the item go again (its items return to their previous code). */
export const RELEASING_PLAN_STATUSES: readonly PlanStatus[] = ['rejected', 'cancelled'];

/** Plans still running: neither completed nor released. */
export const OPEN_PLAN_STATUSES: readonly PlanStatus[] = [
  'waiting', 'waiting_supplier', 'confirmation_waiting', 'confirmed', 'approved',
  'waiting_for_payment', 'manuel_refund_need', 'failed',
];

/** Requests that still cover their item: a second one on the same item is refused. */
export const OPEN_REQUEST_STATUSES: readonly RequestStatus[] = ['waiting', 'confirmed', 'approved'];

/** True while a plan holds its items (open or completed): an item is in at most one such plan. */
export function isHoldingPlanStatus(status: PlanStatus): boolean {
  return !RELEASING_PLAN_STATUSES.includes(status);
}

/** True while a plan still runs: its items wait in `"50"` (DOMAIN.md §4). */
export function isOpenPlanStatus(status: PlanStatus): boolean {
  return OPEN_PLAN_STATUSES.includes(status);
}

/** True for waiting, confirmed and approved requests: they cover their item. */
export function isOpenRequestStatus(status: RequestStatus): boolean {
  return OPEN_REQUEST_STATUSES.includes(status);
}

const CANCEL_STATUS_BY_PLAN: Record<PlanStatus, CancelStatus> = {
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

/** The order item's `cancel_status` while (or after) `status` is its plan's (DOMAIN.md §4). */
export function cancelStatusForPlan(status: PlanStatus): CancelStatus {
  return CANCEL_STATUS_BY_PLAN[status];
}

/** The code an item gets when a plan of this type completes: `"100"` cancel, `"600"` refund. */
export function targetCodeOf(type: CancellationType): OrderStatusCode {
  return type === 'cancel' ? '100' : '600';
}

/** Codes of items that are done for good: cancelled or refunded. */
export function isClosedItemCode(code: string): boolean {
  return code === '100' || code === '600';
}
