import { orderItemsOf, type Store } from '../../store/store.ts';
import type { CancelStatus } from '../../store/types.ts';

/**
 * An order's `cancel_status`, derived from its items (the mock stores it per item only). The
 * vendor's order schema has the field (seed 002) and its cancellations page
 * (apidocs.akinon.com/omnitron/order/cancellations-and-refunds) refuses a new cancellation while
 * it is `waiting`; how Omnitron computes it is not published, so this is inferred: `waiting` while
 * any item waits on a request, else the status of the item whose cancellation moved last, else
 * null (nothing was ever cancelled).
 */
export function orderCancelStatus(store: Store, orderPk: number): CancelStatus | null {
  let latest: { at: string; status: CancelStatus } | null = null;
  for (const item of orderItemsOf(store, orderPk)) {
    if (item.cancel_status === 'waiting') return 'waiting';
    if (item.cancel_status !== null && (latest === null || item.modified_date > latest.at)) {
      latest = { at: item.modified_date, status: item.cancel_status };
    }
  }
  return latest?.status ?? null;
}
