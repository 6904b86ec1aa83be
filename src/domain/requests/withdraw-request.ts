import { fail, ok, rule, type Result } from '../errors.ts';
import type { Clock } from '../../common/clock.ts';
import { removeRequest, type Store } from '../../store/store.ts';
import { setItemState, previousItemStatus } from './request-effects.ts';
import { REQUEST_BYTES, spendOn, tagPairBytes } from '../../store/write-budget.ts';
import { requestTextBytes } from './request-text-bytes.ts';

/**
 * The sales channel's DELETE of a request (apidocs.akinon.com/omnitron-openapis/
 * saleschannelcancellationrequests: "Cancellation request deleted successfully"); what it does is
 * not published, so this is inferred: a customer withdraws a request still `waiting`. Its item is
 * put back as a reject puts it back (its code before the request, `cancel_status: rejected`) and
 * the request is gone (404 afterwards). Any other status answers 400 `request_not_withdrawable`:
 * a confirmed or approved request is decided by the merchant, a final one is history.
 */
export function withdrawRequest(store: Store, input: { id: number; clock: Clock }): Result<{ id: number }> {
  const request = store.requests.get(input.id);
  if (!request) return fail({ kind: 'not_found' });
  if (request.status !== 'waiting') return fail(rule('request_not_withdrawable', request.status));
  setItemState(
    store,
    request.order_item,
    { status: previousItemStatus(store, request), cancel_status: 'rejected' },
    input.clock.now(),
  );
  // What the request held goes back to the write budget (a refund, never refused).
  let tags = 0;
  for (const key of store.tags.cancellation_request.tagsOf(request.id)) tags += tagPairBytes(key);
  spendOn(store, -(REQUEST_BYTES + requestTextBytes(request) + tags));
  removeRequest(store, request.id);
  return ok({ id: request.id });
}
