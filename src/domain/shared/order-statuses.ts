import { ORDER_STATUS_CODES, type OrderStatusCode } from '../../store/types.ts';

/**
 * Order and item status names, in the same order as their codes (DOMAIN.md §2). Payloads carry
 * the codes; the names appear in `status_display` and in exports.
 */
export const ORDER_STATUS_NAMES = [
  'cancellation_waiting', 'cancelled', 'waiting', 'payment_waiting', 'confirmation_waiting',
  'approved', 'preparing', 'shipped', 'shipped_and_informed', 'ready_for_pickup',
  'attempted_delivery', 'review_started', 'review_waiting', 'waiting_for_payment', 'paid',
  'delivered', 'refunded',
] as const;

const NAME_BY_CODE = new Map<string, string>(ORDER_STATUS_CODES.map((code, i) => [code, ORDER_STATUS_NAMES[i]!]));

/** `"50"` → `"cancellation_waiting"`. */
export function orderStatusName(code: OrderStatusCode): string {
  return NAME_BY_CODE.get(code) ?? code;
}

/** `"50"` → `"cancellation waiting"`, as Omnitron's `status_display` reads. */
export function orderStatusDisplay(code: OrderStatusCode): string {
  return orderStatusName(code).replace(/_/g, ' ');
}
