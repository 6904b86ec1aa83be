import { planItemsOf, type Store } from '../../store/store.ts';
import type { CancellationPlan } from '../../store/types.ts';
import { serializeOrder, serializeOrderItem, serializeReason, serializeUser } from '../shared/serialize-order.ts';

/** A cancellation plan as retrieve, list and the `cancellation_plan.created` event show it (seed 003). */
export function serializePlan(store: Store, plan: CancellationPlan): Record<string, unknown> {
  return {
    pk: plan.pk,
    order: serializeOrder(store.orders.get(plan.order)!),
    status: plan.status,
    plan_type: plan.plan_type,
    created_by: serializeUser(store.users.get(plan.created_by)!),
    created_date: plan.created_date,
    modified_date: plan.modified_date,
    refund_amount: plan.refund_amount,
    invoice_number: plan.invoice_number,
    last_updated_by: serializeUser(store.users.get(plan.last_updated_by)!),
    staff_remote_id: plan.staff_remote_id,
    order_previous_status: plan.order_previous_status,
    discount_refund_amount: plan.discount_refund_amount,
    retail_store_remote_id: plan.retail_store_remote_id,
    shipping_refund_amount: plan.shipping_refund_amount,
    payment_plan: plan.payment_plan === null ? null : structuredClone(plan.payment_plan),
    related_cancellationplan: plan.related_cancellationplan,
    cancellationplanorderitem_set: planItemsOf(store, plan.pk).map((pi) => ({
      pk: pi.pk,
      reason: serializeReason(store.reasons.get(pi.reason)!),
      status: pi.status,
      order_item: serializeOrderItem(store, store.orderItems.get(pi.order_item)!),
      modified_date: pi.modified_date,
      order_item_previous_status: pi.order_item_previous_status,
    })),
  };
}
