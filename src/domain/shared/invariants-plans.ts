import type { Store } from '../../store/store.ts';
import { CANCELLATION_TYPES, ORDER_STATUS_CODES, PLAN_STATUSES } from '../../store/types.ts';
import type { CancellationPlan } from '../../store/types.ts';
import type { InvariantReport } from './invariant-report.ts';
import { isClosedItemCode, targetCodeOf } from './plan-cancel-status.ts';

/**
 * The shape of each plan and its items (DOMAIN.md §4): valid statuses and types, each plan item
 * carrying the type's target code and a real pre-cancellation code, items of the plan's own
 * order cited by a reason of the plan's type, and a `payment_plan` naming only the plan's items.
 */
export function checkPlans(store: Store, report: InvariantReport): void {
  const codes = new Set<string>(ORDER_STATUS_CODES);
  for (const plan of store.plans.values()) {
    const subject = `plan ${plan.pk}`;
    if (!(PLAN_STATUSES as readonly string[]).includes(plan.status)) report.add(`${subject}: status "${plan.status}" is not a plan status`);
    if (!(CANCELLATION_TYPES as readonly string[]).includes(plan.plan_type)) report.add(`${subject}: plan_type "${plan.plan_type}" is not cancel or refund`);
    if (!codes.has(plan.order_previous_status)) report.add(`${subject}: order_previous_status "${plan.order_previous_status}" is not an order status code`);
    const linePks = store.planItemsByPlan.get(plan.pk) ?? [];
    if (linePks.length === 0) report.add(`${subject}: has no plan items`);
    const items = new Set<number>();
    for (const pk of linePks) {
      const line = store.planItems.get(pk);
      if (!line) continue;
      const where = `${subject}: plan item ${line.pk}`;
      if (items.has(line.order_item)) report.add(`${subject}: lists order item ${line.order_item} twice`);
      items.add(line.order_item);
      const target = targetCodeOf(plan.plan_type);
      if (line.status !== target) report.add(`${where} has status "${line.status}", the ${plan.plan_type} target is "${target}"`);
      const previous = line.order_item_previous_status;
      if (!codes.has(previous) || previous === '50' || isClosedItemCode(previous)) {
        report.add(`${where} has order_item_previous_status "${previous}", not a code an item can be cancelled from`);
      }
      const item = store.orderItems.get(line.order_item);
      if (item && item.order !== plan.order) report.add(`${where}: order item ${item.pk} belongs to order ${item.order}, not the plan's order ${plan.order}`);
      const reason = store.reasons.get(line.reason);
      if (reason && reason.cancellation_type !== plan.plan_type) {
        report.add(`${where}: reason ${reason.pk} is a ${reason.cancellation_type} reason in a ${plan.plan_type} plan`);
      }
    }
    checkPaymentPlan(report, plan, items);
    checkRelated(store, report, plan);
  }
}

function checkRelated(store: Store, report: InvariantReport, plan: CancellationPlan): void {
  const pk = plan.related_cancellationplan;
  if (pk === null) return;
  const related = store.plans.get(pk);
  if (!related) return; // a dangling key is reported with the other references
  if (pk === plan.pk) report.add(`plan ${plan.pk}: related_cancellationplan points at itself`);
  else if (related.order !== plan.order) {
    report.add(`plan ${plan.pk}: related_cancellationplan ${pk} belongs to order ${related.order}, not ${plan.order}`);
  }
}

/** `create_payment_plan` stores `{payment_plan: [{transaction_type, order_items}]}`; every item must be the plan's. */
function checkPaymentPlan(report: InvariantReport, plan: CancellationPlan, items: Set<number>): void {
  if (plan.payment_plan === null) return;
  const entries = plan.payment_plan.payment_plan;
  if (!Array.isArray(entries)) {
    report.add(`plan ${plan.pk}: payment_plan has no payment_plan list`);
    return;
  }
  entries.forEach((entry: unknown, i) => {
    const e = entry as { transaction_type?: unknown; order_items?: unknown };
    if (e?.transaction_type !== 'refund' && e?.transaction_type !== 'loyalty_money') {
      report.add(`plan ${plan.pk}: payment_plan[${i}].transaction_type ${JSON.stringify(e?.transaction_type)} is not refund or loyalty_money`);
    }
    if (!Array.isArray(e?.order_items)) return;
    for (const pk of e.order_items) {
      if (!items.has(pk as number)) report.add(`plan ${plan.pk}: payment_plan[${i}] lists order item ${JSON.stringify(pk)}, which is not in the plan`);
    }
  });
}
