import type { Replaced } from '../plans/plan-side-effects.ts';
import { isClosedItemCode } from '../shared/plan-cancel-status.ts';
import { planItemsOf, type Store } from '../../store/store.ts';
import type {
  CancellationRequest,
  CancelStatus,
  IsoDateTime,
  OrderItem,
  OrderStatusCode,
} from '../../store/types.ts';

/**
 * What a request's moves do to its order item (DOMAIN.md §3), shared by create, update, reject
 * and the plan hook. Every write replaces a record and moves its `modified_date` only when one of
 * its fields changes (the architecture's one rule for writes).
 */

/** Sets an item's `status` and/or `cancel_status`; answers the change, or null when nothing changed. */
export function setItemState(
  store: Store,
  itemPk: number,
  state: { status?: OrderStatusCode; cancel_status: CancelStatus },
  at: IsoDateTime,
): Replaced<OrderItem> | null {
  const before = store.orderItems.get(itemPk);
  if (!before) return null;
  const status = state.status ?? before.status;
  if (status === before.status && state.cancel_status === before.cancel_status) return null;
  const after: OrderItem = {
    ...before,
    status,
    cancel_status: state.cancel_status,
    modified_date: at,
  };
  store.orderItems.set(after.pk, after);
  return { before, after };
}

/**
 * The item's code before this request moved it to `"50"`. Every request the seed or the API
 * makes stores it; for a record from before that field existed, the item's last plan line knows
 * it, else the order's own code (an order's status does not move when a request begins).
 */
export function previousItemStatus(store: Store, request: CancellationRequest): OrderStatusCode {
  if (request.order_item_previous_status) return request.order_item_previous_status;
  const item = store.orderItems.get(request.order_item)!;
  for (const planPk of [...(store.plansByOrder.get(item.order) ?? [])].reverse()) {
    const line = planItemsOf(store, planPk).find((l) => l.order_item === item.pk);
    if (line) return line.order_item_previous_status;
  }
  const orderStatus = store.orders.get(item.order)!.status;
  return orderStatus === '50' || isClosedItemCode(orderStatus) ? '400' : orderStatus;
}

/**
 * Ends a request as `rejected`, with `request` holding any other fields the same write changes:
 * its easy return (if any) is cancelled, as seeded rejected requests show it. The item is left
 * to the caller: a request without a plan gives it back here (`rejectRequestInPlace`), a
 * released plan already did.
 */
export function writeRejected(
  store: Store,
  request: CancellationRequest,
  at: IsoDateTime,
): CancellationRequest {
  const after: CancellationRequest = {
    ...request,
    status: 'rejected',
    easy_return:
      request.easy_return && request.easy_return.status !== 'cancelled'
        ? { ...request.easy_return, status: 'cancelled', modified_date: at }
        : request.easy_return,
    modified_date: at,
  };
  store.requests.set(after.id, after);
  return after;
}

/**
 * Rejects a waiting or confirmed request (no plan yet): the request is `rejected`, and its item
 * goes back to its code before the request with `cancel_status: rejected`, free to be requested
 * again (DOMAIN.md §3).
 */
export function rejectRequestInPlace(
  store: Store,
  request: CancellationRequest,
  at: IsoDateTime,
): CancellationRequest {
  const after = writeRejected(store, request, at);
  setItemState(
    store,
    request.order_item,
    { status: previousItemStatus(store, request), cancel_status: 'rejected' },
    at,
  );
  return after;
}
