import { fail, ok, rule, type Result } from '../errors.ts';
import type { Clock } from '../../common/clock.ts';
import type { Store } from '../../store/store.ts';
import {
  PLAN_STATUSES,
  type CancellationPlan,
  type IsoDateTime,
  type Order,
  type OrderItem,
  type PlanStatus,
} from '../../store/types.ts';
import { readChoice, readDict } from '../shared/drf-input.ts';
import { applyPlanToItems, completeOrder, type Replaced } from './plan-side-effects.ts';
import { isAllowedPlanMove } from './plan-transitions.ts';

/**
 * `update_status` as a domain operation: read `{"status": …}` as DRF would, check the move
 * against DOMAIN.md §4's table, and write the plan and what its new status does to items and
 * order — all checks first, then all writes, so a refused move changes nothing.
 */

/** How a move ends a plan's hold on its items: completed, or released (rejected / cancelled). */
export type PlanSettlement = 'completed' | 'released';

/** Everything one `update_status` call did; the hook and a future journal read it. */
export interface PlanStatusChange {
  /** False when the body named the plan's current status: no move, nothing written. */
  moved: boolean;
  before: CancellationPlan;
  after: CancellationPlan;
  /** Set when the move ends the plan's hold on its items; null for a move between open statuses. */
  settlement: PlanSettlement | null;
  orderItems: Replaced<OrderItem>[];
  /** The order, when completing the plan changed it. */
  order: Replaced<Order> | null;
  /** The stamp written as `modified_date` everywhere (null when nothing moved). */
  at: IsoDateTime | null;
  userPk: number;
}

/**
 * Ways for other resources to follow a plan's moves without this module knowing them.
 * @example changePlanStatus(store, input, { onPlanSettled: settleRequestsOfPlan }) // issue 5
 */
export interface PlanStatusHooks {
  /**
   * Called once after a move that settles the plan, after the plan, its items and its order are
   * written, inside the same request: the cancellation request behind the plan follows here
   * (completed → `completed`, released → `rejected`; DOMAIN.md §3–§4).
   */
  onPlanSettled?(store: Store, change: PlanStatusChange): void;
}

export interface PlanStatusInput {
  planPk: number;
  status: PlanStatus;
  /** The token's user, written as `last_updated_by`. */
  userPk: number;
  /** Read only when something is written. */
  clock: Clock;
}

/** Reads the `update_status` body: `{"status": "<a CancellationPlanStatus>"}`. */
export function readPlanStatusBody(body: unknown): Result<PlanStatus> {
  const dict = readDict(body);
  if (!dict.ok) return dict;
  const status = readChoice(dict.value, 'status', PLAN_STATUSES);
  return 'error' in status
    ? fail({ kind: 'field', errors: { status: status.error } })
    : ok(status.value);
}

/**
 * Moves a plan to `input.status` if DOMAIN.md §4's table allows it. Writing the current status
 * again is no move (DOMAIN.md §3 says so for requests; plans follow the same rule): it succeeds
 * and writes nothing, not even `modified_date`.
 */
export function changePlanStatus(
  store: Store,
  input: PlanStatusInput,
  hooks: PlanStatusHooks = {},
): Result<PlanStatusChange> {
  const before = store.plans.get(input.planPk);
  if (!before) return fail({ kind: 'not_found' });
  const to = input.status;
  if (to === before.status) {
    return ok({
      moved: false,
      before,
      after: before,
      settlement: null,
      orderItems: [],
      order: null,
      at: null,
      userPk: input.userPk,
    });
  }
  if (!isAllowedPlanMove(before.status, to))
    return fail(rule('plan_status_transition_not_allowed', before.status, to));

  const at = input.clock.now();
  const after: CancellationPlan = {
    ...before,
    status: to,
    modified_date: at,
    last_updated_by: input.userPk,
  };
  store.plans.set(after.pk, after);
  const orderItems = applyPlanToItems(store, after, at);
  const settlement: PlanSettlement | null =
    to === 'completed' ? 'completed' : to === 'rejected' || to === 'cancelled' ? 'released' : null;
  const order = settlement === 'completed' ? completeOrder(store, after, at) : null;
  const change: PlanStatusChange = {
    moved: true,
    before,
    after,
    settlement,
    orderItems,
    order,
    at,
    userPk: input.userPk,
  };
  if (settlement) hooks.onPlanSettled?.(store, change);
  return ok(change);
}
