import { fail, ok, REQUEST_MESSAGES, rule, type ErrorDetail, type Result } from '../errors.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Clock } from '../../common/clock.ts';
import type { Store } from '../../store/store.ts';
import type { CancellationRequest, RequestStatus } from '../../store/types.ts';
import { approveRequest } from './approve-request.ts';
import { PLAN_BYTES, spendOn } from '../../store/write-budget.ts';
import { requestTextBytes } from './request-text-bytes.ts';
import { rejectRequestInPlace, setItemState } from './request-effects.ts';
import { isAllowedRequestMove } from './request-transitions.ts';
import {
  readRequestBody,
  requestRuleErrors,
  type RequestFields,
} from './validate-request-input.ts';

/**
 * `PUT` and `PATCH /api/v1/cancellation_requests/{id}/` as one domain operation: read the body
 * (PUT requires every writable field, PATCH none), refuse a change to a field the request's
 * status has fixed, check DOMAIN.md §3's rules on the request the update would leave and its
 * status move against the table — all before any write — then write the request and what its
 * move does (confirm, reject, or approve with a new plan and its event).
 */
export interface UpdateRequestInput {
  id: number;
  body: unknown;
  /** PATCH: fields not given keep their values. */
  partial: boolean;
  userPk: number;
  clock: Clock;
  events: EventBus;
}

/**
 * The statuses in which each field may still change (docs/decisions/0002). The item is the
 * request's identity. Reason, type and quantity are what an approval turns into a plan, so they
 * are fixed from approval on; the refund's payment details may be corrected until the request
 * ends; the description is a note and may always change.
 */
export const CHANGEABLE_IN: Readonly<
  Record<Exclude<keyof RequestFields, 'status'>, readonly RequestStatus[]>
> = {
  order_item: [],
  reason: ['waiting', 'confirmed'],
  cancellation_type: ['waiting', 'confirmed'],
  quantity: ['waiting', 'confirmed'],
  iban: ['waiting', 'confirmed', 'approved'],
  holder_name: ['waiting', 'confirmed', 'approved'],
  fully_refund_as_loyalty_money: ['waiting', 'confirmed', 'approved'],
  description: ['waiting', 'confirmed', 'approved', 'rejected', 'completed'],
};

const FIELDS = Object.keys(CHANGEABLE_IN) as Array<keyof typeof CHANGEABLE_IN>;

/**
 * Answers the request as stored after the update. Writing the values it already has — the
 * status included — is no change: nothing is written, not even `modified_date`.
 */
export function updateRequest(
  store: Store,
  input: UpdateRequestInput,
): Result<CancellationRequest> {
  const before = store.requests.get(input.id);
  if (!before) return fail({ kind: 'not_found' });
  const read = readRequestBody(store, input.body, input.partial ? 'partial' : 'put', before.order_item);
  if (!read.ok) return read;
  const given = read.value;

  const changed = FIELDS.filter((f) => given[f] !== undefined && given[f] !== before[f]);
  const fixed: Record<string, ErrorDetail> = {};
  for (const field of changed) {
    if (CHANGEABLE_IN[field].includes(before.status)) continue;
    fixed[field] = [
      field === 'order_item'
        ? REQUEST_MESSAGES.fixedOnceCreated
        : REQUEST_MESSAGES.fixedOnce(before.status),
    ];
  }
  if (Object.keys(fixed).length > 0) return fail({ kind: 'field', errors: fixed });

  const to = given.status ?? before.status;
  const moves = to !== before.status;
  if (moves && !isAllowedRequestMove(before.status, to)) {
    return fail(rule('request_status_transition_not_allowed', before.status, to));
  }
  const { status: _status, ...fields } = given;
  const merged: CancellationRequest = { ...before, ...fields };
  const errors = requestRuleErrors(store, merged);
  // A reason made inactive later does not spoil the requests that already cite it; choosing it anew does.
  if (changed.includes('reason') && store.reasons.get(merged.reason)?.is_active === false) {
    errors.reason = [REQUEST_MESSAGES.reasonInactive(merged.reason)];
  }
  if (Object.keys(errors).length > 0) return fail({ kind: 'field', errors });
  if (!moves && changed.length === 0) return ok(before);
  // What the write adds to the state: longer text, and an approval's new plan (its items too).
  const grows = requestTextBytes(merged) - requestTextBytes(before) + (moves && to === 'approved' ? PLAN_BYTES : 0);
  if (!spendOn(store, grows)) return fail({ kind: 'full' });

  const at = input.clock.now();
  // `merged` is this write's own copy, not stored yet: it becomes the written record (one copy of
  // the request a write, not two; a stored record is never edited).
  const written = merged;
  written.modified_date = at;
  switch (moves ? to : null) {
    case 'confirmed':
      written.status = 'confirmed';
      store.requests.set(written.id, written);
      setItemState(store, written.order_item, { cancel_status: 'confirmed' }, at);
      return ok(written);
    case 'rejected':
      return ok(rejectRequestInPlace(store, written, at));
    case 'approved':
      return ok(
        approveRequest(store, written, { userPk: input.userPk, at, events: input.events }).request,
      );
    default:
      store.requests.set(before.id, written);
      return ok(written);
  }
}
