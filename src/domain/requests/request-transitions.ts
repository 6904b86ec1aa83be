import type { RequestStatus } from '../../store/types.ts';

/**
 * Where an update (PUT/PATCH of `status`) may move a cancellation request: DOMAIN.md §3's table,
 * as data, so the rule, its tests and the decision note read one source. `approved → completed`
 * is not here: only the request's plan completes it (`settle-request.ts`), and an approved
 * request is stopped through its plan, never directly. `rejected` and `completed` are final.
 * Writing the current status again is no move at all (checked before this table).
 */
export const REQUEST_TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  waiting: ['confirmed', 'approved', 'rejected'],
  confirmed: ['approved', 'rejected'],
  approved: [],
  rejected: [],
  completed: [],
};

/** True when an update may move a request from `from` to `to` (a different status). */
export function isAllowedRequestMove(from: RequestStatus, to: RequestStatus): boolean {
  return REQUEST_TRANSITIONS[from].includes(to);
}

/** Statuses the reject action accepts: the ones an update may move to `rejected`. */
export function isRejectable(status: RequestStatus): boolean {
  return isAllowedRequestMove(status, 'rejected');
}
