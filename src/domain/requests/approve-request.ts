import type { EventBus } from '../events/event-bus.ts';
import { planCreatedEvent } from '../events/plan-created-event.ts';
import { createPlan } from '../plans/create-plan.ts';
import type { Store } from '../../store/store.ts';
import type { CancellationPlan, CancellationRequest, IsoDateTime } from '../../store/types.ts';
import { previousItemStatus } from './request-effects.ts';

export interface ApprovalContext {
  /** The token's user: the new plan's `created_by` and `last_updated_by`. */
  userPk: number;
  at: IsoDateTime;
  events: EventBus;
}

/**
 * Approving a request (DOMAIN.md §3): a **new plan** for its item — `status: waiting`,
 * `plan_type` = the request's type, the request's reason, the item's code before the request as
 * `order_item_previous_status`, money per §2 — the item's `cancel_status` → `approved`, the
 * request `approved` and linked to the plan, and then ONE `cancellation_plan.created` event
 * whose payload is the plan as retrieve answers it. `request` holds any other fields the same
 * write changes; the caller has checked the move.
 */
export function approveRequest(
  store: Store,
  request: CancellationRequest,
  ctx: ApprovalContext,
): { request: CancellationRequest; plan: CancellationPlan } {
  const item = store.orderItems.get(request.order_item)!;
  const previous = previousItemStatus(store, request);
  const { plan } = createPlan(store, {
    items: [item],
    type: request.cancellation_type,
    reason: request.reason,
    userPk: ctx.userPk,
    at: ctx.at,
    previousStatusOf: () => previous,
  });
  const after: CancellationRequest = {
    ...request,
    status: 'approved',
    cancellation_plan: plan.pk,
    modified_date: ctx.at,
  };
  store.requests.set(after.id, after);
  // Published last, after every write: a listener reading the store sees the whole approval.
  ctx.events.publish(planCreatedEvent(store, plan));
  return { request: after, plan };
}
