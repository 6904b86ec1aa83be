import type { Store } from '../../store/store.ts';
import { CANCELLATION_TYPES, ORDER_STATUS_CODES, REQUEST_STATUSES } from '../../store/types.ts';
import { isValidTurkishIban } from '../../common/iban.ts';
import type { InvariantReport } from './invariant-report.ts';
import { isClosedItemCode, isOpenPlanStatus } from './plan-cancel-status.ts';

/**
 * Each cancellation request on its own and against its plan (DOMAIN.md §3): a reason of its own
 * type, a quantity the item allows, bank details where the refund goes to a bank, and a plan link
 * that matches its status — none before approval, an open plan while approved, a completed one
 * once completed, a released one (or none) once rejected.
 */
export function checkRequests(store: Store, report: InvariantReport): void {
  const byPlan = new Map<number, number>();
  const uuids = new Map<string, number>();
  for (const request of store.requests.values()) {
    const subject = `request ${request.id}`;
    if (!(REQUEST_STATUSES as readonly string[]).includes(request.status)) report.add(`${subject}: status "${request.status}" is not a request status`);
    if (!(CANCELLATION_TYPES as readonly string[]).includes(request.cancellation_type)) {
      report.add(`${subject}: cancellation_type "${request.cancellation_type}" is not cancel or refund`);
    }
    const seen = uuids.get(request.uuid);
    if (seen !== undefined) report.add(`${subject}: uuid ${request.uuid} is also request ${seen}'s`);
    else uuids.set(request.uuid, request.id);

    const reason = store.reasons.get(request.reason);
    if (reason && reason.cancellation_type !== request.cancellation_type) {
      report.add(`${subject}: reason ${reason.pk} is a ${reason.cancellation_type} reason, the request is a ${request.cancellation_type}`);
    }
    const item = store.orderItems.get(request.order_item);
    const allowed = item && typeof item.extra_field?.quantity === 'number' ? Math.max(1, item.extra_field.quantity) : 1;
    if (!Number.isInteger(request.quantity) || request.quantity < 1 || request.quantity > allowed) {
      report.add(`${subject}: quantity ${request.quantity} outside 1..${allowed}`);
    }
    if (request.iban !== null && !isValidTurkishIban(request.iban)) report.add(`${subject}: iban "${request.iban}" is not a valid Turkish IBAN`);
    if (request.cancellation_type === 'refund' && !request.fully_refund_as_loyalty_money) {
      if (request.iban === null) report.add(`${subject}: a refund to a bank account has no iban`);
      if (!request.holder_name) report.add(`${subject}: a refund to a bank account has no holder_name`);
    }

    // The item's code before the request (internal, issue 5): one a cancellation can start from,
    // and the one the request's plan item remembers.
    const previous = request.order_item_previous_status;
    if (previous !== undefined && (!(ORDER_STATUS_CODES as readonly string[]).includes(previous) || previous === '50' || isClosedItemCode(previous))) {
      report.add(`${subject}: order_item_previous_status "${previous}" is not a code an item can be cancelled from`);
    }

    const planPk = request.cancellation_plan;
    const plan = planPk === null ? undefined : store.plans.get(planPk);
    if (planPk !== null) {
      const other = byPlan.get(planPk);
      if (other !== undefined) report.add(`${subject}: plan ${planPk} is also request ${other}'s`);
      else byPlan.set(planPk, request.id);
    }
    if (plan) {
      if (plan.plan_type !== request.cancellation_type) report.add(`${subject}: a ${request.cancellation_type} request with a ${plan.plan_type} plan ${plan.pk}`);
      const lines = (store.planItemsByPlan.get(plan.pk) ?? []).map((pk) => store.planItems.get(pk)?.order_item);
      if (!lines.includes(request.order_item)) report.add(`${subject}: its plan ${plan.pk} does not hold its order item ${request.order_item}`);
      const line = (store.planItemsByPlan.get(plan.pk) ?? []).map((pk) => store.planItems.get(pk)).find((l) => l?.order_item === request.order_item);
      if (line && previous !== undefined && line.order_item_previous_status !== previous) {
        report.add(`${subject}: order_item_previous_status "${previous}", but its plan item ${line.pk} says "${line.order_item_previous_status}"`);
      }
    }
    switch (request.status) {
      case 'waiting':
      case 'confirmed':
        if (planPk !== null) report.add(`${subject}: is ${request.status} but already has plan ${planPk}`);
        break;
      case 'approved':
        if (planPk === null) report.add(`${subject}: is approved but has no plan`);
        else if (plan && !isOpenPlanStatus(plan.status)) report.add(`${subject}: is approved but its plan ${plan.pk} is ${plan.status}`);
        break;
      case 'completed':
        if (planPk === null) report.add(`${subject}: is completed but has no plan`);
        else if (plan && plan.status !== 'completed') report.add(`${subject}: is completed but its plan ${plan.pk} is ${plan.status}`);
        break;
      case 'rejected':
        if (plan && plan.status !== 'rejected' && plan.status !== 'cancelled') report.add(`${subject}: is rejected but its plan ${plan.pk} is ${plan.status}`);
        break;
    }
  }
}
