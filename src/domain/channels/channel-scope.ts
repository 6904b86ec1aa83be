import type { Store } from '../../store/store.ts';
import type { CancellationPlan, CancellationRequest } from '../../store/types.ts';

/**
 * Which sales channel an object belongs to: its order's. The sales-channel paths
 * (`/api/channel/{channel_id}/…`, docs/decisions/0014) are views of the same store scoped to one
 * channel: another channel's object is "Not found.".
 */
export function channelOfPlan(store: Store, plan: CancellationPlan): number | undefined {
  return store.orders.get(plan.order)?.channel;
}

export function channelOfRequest(store: Store, request: CancellationRequest): number | undefined {
  const item = store.orderItems.get(request.order_item);
  return item ? store.orders.get(item.order)?.channel : undefined;
}
