import { fail, ok, rule, type Result } from '../errors.ts';
import type { Clock } from '../../common/clock.ts';
import type { Store } from '../../store/store.ts';
import type { CancellationRequest } from '../../store/types.ts';
import { rejectRequestInPlace } from './request-effects.ts';
import { isRejectable } from './request-transitions.ts';

/**
 * `POST /api/v1/cancellation_requests/{id}/reject/` (stated by the vendor; no body): a waiting
 * or confirmed request becomes `rejected` and its item goes back to where it was. A rejected,
 * approved or completed request cannot be rejected — an approved one is stopped through its plan
 * (DOMAIN.md §3) — and answers 400 `request_not_rejectable`; rejecting twice is not a no-op.
 */
export function rejectRequest(
  store: Store,
  input: { id: number; clock: Clock },
): Result<CancellationRequest> {
  const before = store.requests.get(input.id);
  if (!before) return fail({ kind: 'not_found' });
  if (!isRejectable(before.status)) return fail(rule('request_not_rejectable', before.status));
  return ok(rejectRequestInPlace(store, before, input.clock.now()));
}
