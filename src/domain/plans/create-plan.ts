import { targetCodeOf } from '../shared/plan-cancel-status.ts';
import { insertPlan, insertPlanItem, nextId, type Store } from '../../store/store.ts';
import type {
  CancellationPlan,
  CancellationType,
  IsoDateTime,
  OrderItem,
  OrderStatusCode,
} from '../../store/types.ts';
import { planAmountsFor } from './plan-money.ts';
import { applyPlanToItems, type Replaced } from './plan-side-effects.ts';

/**
 * Making a new plan (DOMAIN.md §4): `status: waiting`, money per §2, one plan item per order
 * item carrying the type's target code and the item's code before its cancellation began, and
 * the items moved to where a waiting plan puts them. Request approval makes plans this way; the
 * caller has checked that the items are free for it.
 */
export interface NewPlanInput {
  /** The order items the plan takes, all of one order. */
  items: readonly OrderItem[];
  type: CancellationType;
  reason: number;
  /** The token's user: `created_by` and `last_updated_by`. */
  userPk: number;
  at: IsoDateTime;
  /** Each item's code before its cancellation began (`order_item_previous_status`). */
  previousStatusOf(item: OrderItem): OrderStatusCode;
}

export interface NewPlan {
  plan: CancellationPlan;
  orderItems: Replaced<OrderItem>[];
}

/**
 * Writes the plan, its items and their order items; answers the stored plan. A refund plan
 * relates to the order's latest completed cancel plan, as seeded refund plans do (DOMAIN.md §4:
 * "a refund plan pointing at the cancel plan before it"; inferred).
 */
export function createPlan(store: Store, input: NewPlanInput): NewPlan {
  const first = input.items[0];
  if (!first) throw new Error('a plan needs at least one order item');
  const order = store.orders.get(first.order)!;
  const plan: CancellationPlan = {
    pk: nextId(store, 'plans'),
    order: order.pk,
    status: 'waiting',
    plan_type: input.type,
    created_by: input.userPk,
    last_updated_by: input.userPk,
    created_date: input.at,
    modified_date: input.at,
    ...planAmountsFor(store, input.items),
    invoice_number: null,
    staff_remote_id: null,
    retail_store_remote_id: null,
    order_previous_status: order.status,
    payment_plan: null,
    related_cancellationplan:
      input.type === 'refund' ? latestCompletedCancelPlan(store, order.pk) : null,
  };
  insertPlan(store, plan);
  for (const item of input.items) {
    insertPlanItem(store, {
      pk: nextId(store, 'planItems'),
      plan: plan.pk,
      order_item: item.pk,
      reason: input.reason,
      status: targetCodeOf(input.type),
      order_item_previous_status: input.previousStatusOf(item),
      created_date: input.at,
      modified_date: input.at,
    });
  }
  const orderItems = applyPlanToItems(store, plan, input.at);
  return { plan, orderItems };
}

function latestCompletedCancelPlan(store: Store, orderPk: number): number | null {
  const pks = store.plansByOrder.get(orderPk) ?? [];
  for (let i = pks.length - 1; i >= 0; i -= 1) {
    const plan = store.plans.get(pks[i]!);
    if (plan && plan.plan_type === 'cancel' && plan.status === 'completed') return plan.pk;
  }
  return null;
}
