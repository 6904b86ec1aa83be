import type { Store } from '../../store/store.ts';
import type { CancellationPlan } from '../../store/types.ts';
import { orderStatusName } from '../shared/order-statuses.ts';

/** Columns of the plan export: one row per plan, flattened for spreadsheets. */
export const PLAN_EXPORT_HEADER = [
  'id', 'order_number', 'channel', 'customer', 'plan_type', 'status', 'order_previous_status',
  'item_count', 'refund_amount', 'discount_refund_amount', 'shipping_refund_amount', 'currency',
  'invoice_number', 'staff_remote_id', 'retail_store_remote_id', 'related_cancellationplan',
  'created_by', 'tags', 'created_date', 'modified_date',
] as const;

export function planExportRow(store: Store, plan: CancellationPlan): unknown[] {
  const order = store.orders.get(plan.order)!;
  return [
    plan.pk, order.number, order.channel, order.customer, plan.plan_type, plan.status,
    orderStatusName(plan.order_previous_status), store.planItemsByPlan.get(plan.pk)?.length ?? 0,
    plan.refund_amount, plan.discount_refund_amount, plan.shipping_refund_amount, order.currency,
    plan.invoice_number, plan.staff_remote_id, plan.retail_store_remote_id,
    plan.related_cancellationplan, store.users.get(plan.created_by)?.username ?? plan.created_by,
    store.tags.cancellation_plan.tagsOf(plan.pk).join(' '), plan.created_date, plan.modified_date,
  ];
}
