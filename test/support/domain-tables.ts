import type { PlanStatus } from '../../src/store/types.ts';

/**
 * DOMAIN.md §4's plan status table, written out once for the tests: the independent model the
 * API is checked against (never imported from `src/`, so a wrong table in the code cannot make
 * its own test pass).
 */
export const PLAN_TABLE: Readonly<Record<PlanStatus, readonly PlanStatus[]>> = {
  waiting: ['waiting_supplier', 'confirmation_waiting', 'confirmed', 'approved', 'rejected', 'cancelled'],
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
