import type { PlanStatusChange } from '../plans/change-plan-status.ts';
import { planItemsOf, type Store } from '../../store/store.ts';
import type { CancellationRequest } from '../../store/types.ts';
import { writeRejected } from './request-effects.ts';

/**
 * The `onPlanSettled` hook of `changePlanStatus` (DOMAIN.md §3–§4): the approved request behind a
 * plan follows it — a completed plan completes the request, a rejected or cancelled one rejects it
 * (its item was already given back by the plan, so it can be requested again). Plans made
 * directly have no request, and nothing happens. Found through the item index, not a scan.
 * @example changePlanStatus(store, input, { onPlanSettled: settleRequestsOfPlan })
 */
export function settleRequestsOfPlan(store: Store, change: PlanStatusChange): void {
  if (!change.settlement || !change.at) return;
  const plan = change.after;
  for (const line of planItemsOf(store, plan.pk)) {
    for (const id of store.requestsByItem.get(line.order_item) ?? []) {
      const request = store.requests.get(id);
      if (!request || request.cancellation_plan !== plan.pk || request.status !== 'approved')
        continue;
      if (change.settlement === 'released') writeRejected(store, request, change.at);
      else {
        const after: CancellationRequest = {
          ...request,
          status: 'completed',
          modified_date: change.at,
        };
        store.requests.set(after.id, after);
      }
    }
  }
}
