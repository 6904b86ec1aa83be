/** The enumerated values of stored records: status codes, plan statuses, cancellation types. */

/** Order and order-item status codes, DOMAIN.md §2 (codes in payloads, names in the spec). */
export const ORDER_STATUS_CODES = [
  '50',
  '100',
  '200',
  '300',
  '350',
  '400',
  '450',
  '500',
  '510',
  '520',
  '540',
  '544',
  '545',
  '546',
  '547',
  '550',
  '600',
] as const;
export type OrderStatusCode = (typeof ORDER_STATUS_CODES)[number];

export const CANCEL_STATUSES = [
  'waiting',
  'confirmation_waiting',
  'confirmed',
  'approved',
  'rejected',
  'waiting_for_payment',
  'manuel_refund_need',
  'completed',
] as const;
/** An order item's (or order's) `cancel_status`. */
export type CancelStatus = (typeof CANCEL_STATUSES)[number];

export const PLAN_STATUSES = [
  'completed',
  'waiting',
  'waiting_supplier',
  'approved',
  'confirmation_waiting',
  'confirmed',
  'cancelled',
  'failed',
  'rejected',
  'waiting_for_payment',
  'manuel_refund_need',
] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const CANCELLATION_TYPES = ['cancel', 'refund'] as const;
/** `plan_type` of a plan, `cancellation_type` of a reason or request. */
export type CancellationType = (typeof CANCELLATION_TYPES)[number];

export const REQUEST_STATUSES = [
  'waiting',
  'confirmed',
  'approved',
  'rejected',
  'completed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
