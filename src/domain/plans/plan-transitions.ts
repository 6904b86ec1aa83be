import type { PlanStatus } from '../../store/types.ts';

/**
 * Where `update_status` may move a cancellation plan: DOMAIN.md §4's table, as data, so the
 * rule, its tests and the decision note (`docs/decisions/0003-plan-status-machine.md`) read one
 * source. The table is inferred; the vendor states only what it forbids (approved → confirmed,
 * and any move back out of waiting_for_payment), and the table honours both.
 */
export const PLAN_TRANSITIONS: Readonly<Record<PlanStatus, readonly PlanStatus[]>> = {
  waiting: [
    'waiting_supplier',
    'confirmation_waiting',
    'confirmed',
    'approved',
    'rejected',
    'cancelled',
  ],
  waiting_supplier: ['confirmation_waiting', 'approved', 'rejected', 'cancelled'],
  confirmation_waiting: ['confirmed', 'rejected', 'cancelled'],
  confirmed: ['approved', 'rejected', 'cancelled'],
  approved: ['waiting_for_payment', 'manuel_refund_need', 'completed', 'failed'],
  waiting_for_payment: ['completed', 'manuel_refund_need', 'failed'],
  manuel_refund_need: ['completed', 'failed'],
  failed: ['manuel_refund_need'],
  completed: [],
  cancelled: [],
  rejected: [],
};

/** True when `update_status` may move a plan from `from` to `to` (a different status). */
export function isAllowedPlanMove(from: PlanStatus, to: PlanStatus): boolean {
  return PLAN_TRANSITIONS[from].includes(to);
}

/** Statuses no move leaves: completed, cancelled, rejected. */
export function isFinalPlanStatus(status: PlanStatus): boolean {
  return PLAN_TRANSITIONS[status].length === 0;
}
