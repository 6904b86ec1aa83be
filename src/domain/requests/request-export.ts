import type { Store } from '../../store/store.ts';
import type { CancellationRequest } from '../../store/types.ts';
import { orderStatusName } from '../shared/order-statuses.ts';

/**
 * Columns of the detailed list's export (`export_format=csv|xls`): one row per request, with the
 * nested objects an operator reads in a spreadsheet flattened into plain columns — order number,
 * SKU, product name, customer, amounts, statuses and dates (DOMAIN.md §3). The vendor's own export
 * columns are not published; these are ours (docs/decisions/0002).
 */
export const REQUEST_EXPORT_HEADER = [
  'id', 'uuid', 'order_number', 'order_item', 'sku', 'product_name', 'customer_first_name',
  'customer_last_name', 'customer_email', 'channel', 'cancellation_type', 'status', 'reason',
  'quantity', 'price', 'discount_amount', 'order_amount', 'currency', 'order_item_status',
  'cancel_status', 'cancellation_plan', 'cancellation_plan_status', 'iban', 'holder_name',
  'fully_refund_as_loyalty_money', 'easy_return_code', 'tracking_number', 'description',
  'created_date', 'modified_date',
] as const;

/** One export row, in `REQUEST_EXPORT_HEADER`'s order; missing relations export as empty cells. */
export function requestExportRow(store: Store, request: CancellationRequest): unknown[] {
  const item = store.orderItems.get(request.order_item)!;
  const order = store.orders.get(item.order)!;
  const product = store.products.get(item.product);
  const customer = store.customers.get(order.customer);
  const plan = request.cancellation_plan === null ? undefined : store.plans.get(request.cancellation_plan);
  return [
    request.id, request.uuid, order.number, item.pk, product?.sku ?? null, product?.name ?? null,
    customer?.first_name ?? null, customer?.last_name ?? null, customer?.email ?? null, order.channel,
    request.cancellation_type, request.status, store.reasons.get(request.reason)?.subject ?? request.reason,
    request.quantity, item.price, item.discount_amount, order.amount, order.currency,
    orderStatusName(item.status), item.cancel_status, request.cancellation_plan, plan?.status ?? null,
    request.iban, request.holder_name, request.fully_refund_as_loyalty_money,
    request.easy_return?.code ?? null, request.easy_return?.tracking_number ?? null,
    request.description, request.created_date, request.modified_date,
  ];
}
