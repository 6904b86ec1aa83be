import { FIELD_MESSAGES } from '../domain/errors.ts';
import { changePlanStatus } from '../domain/plans/change-plan-status.ts';
import type { EventBus } from '../domain/events/event-bus.ts';
import { planCreatedEvent } from '../domain/events/plan-created-event.ts';
import { createPlan } from '../domain/plans/create-plan.ts';
import { settleRequestsOfPlan } from '../domain/requests/settle-request.ts';
import { PLAN_TRANSITIONS } from '../domain/plans/plan-transitions.ts';
import type { Clock } from '../domain/shared/clock.ts';
import { isClosedItemCode } from '../domain/shared/plan-cancel-status.ts';
import { orderItemsOf, type Store } from '../store/store.ts';
import {
  CANCELLATION_TYPES,
  PLAN_STATUSES,
  type CancellationPlan,
  type CancellationType,
  type OrderItem,
  type PlanStatus,
} from '../store/types.ts';
import { createOrderFixture, readOrderFixture, type FieldErrors } from './fixture-order.ts';

/**
 * Plan fixtures (`POST /__mock/fixtures {"kind":"plan"}`): a plan is made `waiting` for open
 * order items by `createPlan` (the domain's plan creation: DOMAIN.md §4's money, items moved as a
 * waiting plan moves them), then walked to the wanted status one allowed move at a time through
 * `changePlanStatus` — the rule `update_status` uses — so every side effect (items, order,
 * refund sums) is the API's.
 */
export interface PlanFixtureInput {
  status: PlanStatus;
  type: CancellationType | null;
  /** The items the plan takes; null: a new order's (created from `order` fields). */
  items: OrderItem[] | null;
  reason: number | null;
  /** For a new order (no `order_items`, no `order`). */
  orderBody: Record<string, unknown>;
}

export interface PlanFixture {
  plan: CancellationPlan;
  orderItems: number[];
  planItems: number[];
  /** The statuses the plan moved through after `waiting`. */
  path: PlanStatus[];
}

/** An item a new plan may take: not cancelled or refunded, and not held by a request or plan. */
function isOpen(item: OrderItem): boolean {
  return !isClosedItemCode(item.status) && item.status !== '50';
}

export function readPlanFixture(
  store: Store,
  body: Record<string, unknown>,
): { input: PlanFixtureInput } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const status = body.status ?? 'waiting';
  if (typeof status !== 'string' || !(PLAN_STATUSES as readonly string[]).includes(status))
    errors.status = [FIELD_MESSAGES.invalidChoice(status)];
  const type = body.plan_type ?? null;
  if (type !== null && !(CANCELLATION_TYPES as readonly unknown[]).includes(type))
    errors.plan_type = [FIELD_MESSAGES.invalidChoice(type)];
  let items: OrderItem[] | null = null;
  if (body.order_items !== undefined) {
    const pks = body.order_items;
    if (!Array.isArray(pks) || pks.length === 0) errors.order_items = [FIELD_MESSAGES.emptyList];
    else {
      const found = pks.map((pk) =>
        typeof pk === 'number' ? store.orderItems.get(pk) : undefined,
      );
      const missing = pks.find((_pk, i) => !found[i]);
      items = found.filter((i): i is OrderItem => i !== undefined);
      if (missing !== undefined) errors.order_items = [FIELD_MESSAGES.pkDoesNotExist(missing)];
      else if (new Set(items.map((i) => i.order)).size > 1)
        errors.order_items = ['All items of a plan belong to one order.'];
      else if (new Set(pks).size !== pks.length) errors.order_items = ['An item may appear once.'];
      else {
        const held = items.find((i) => !isOpen(i));
        if (held)
          errors.order_items = [
            `Order item ${held.pk} is not open for cancellation (status "${held.status}").`,
          ];
      }
    }
  } else if (body.order !== undefined) {
    const order = typeof body.order === 'number' ? store.orders.get(body.order) : undefined;
    if (!order) errors.order = [FIELD_MESSAGES.pkDoesNotExist(body.order)];
    else {
      items = orderItemsOf(store, order.pk).filter(isOpen);
      if (items.length === 0)
        errors.order = [`Order ${order.pk} has no item open for cancellation.`];
    }
  }
  const reason = body.reason ?? null;
  if (reason !== null && !(typeof reason === 'number' && store.reasons.has(reason)))
    errors.reason = [FIELD_MESSAGES.pkDoesNotExist(reason)];
  if (Object.keys(errors).length > 0) return { errors };
  const orderBody = Object.fromEntries(
    Object.entries(body).filter(([k]) => ['items', 'customer', 'shipping_amount'].includes(k)),
  );
  return {
    input: {
      status: status as PlanStatus,
      type: type as CancellationType | null,
      items,
      reason: reason as number | null,
      orderBody,
    },
  };
}

/** The shortest run of allowed moves from `from` (default `waiting`) to `target` (DOMAIN.md §4). */
export function movesTo(target: PlanStatus, from: PlanStatus = 'waiting'): PlanStatus[] {
  const previous = new Map<PlanStatus, PlanStatus>();
  const queue: PlanStatus[] = [from];
  while (queue.length > 0 && !previous.has(target) && target !== from) {
    const at = queue.shift()!;
    for (const to of PLAN_TRANSITIONS[at]) {
      if (to === from || previous.has(to)) continue;
      previous.set(to, at);
      queue.push(to);
    }
  }
  const path: PlanStatus[] = [];
  for (let s: PlanStatus | undefined = target; s && s !== from; s = previous.get(s))
    path.unshift(s);
  return path;
}

/**
 * Walks a plan to `target` one allowed move at a time through `changePlanStatus` — the rule
 * `update_status` uses, with the same hook — so items, order, refund sums and the request behind
 * the plan end as API calls would leave them. Answers the statuses it moved through.
 */
export function walkPlan(
  store: Store,
  planPk: number,
  target: PlanStatus,
  userPk: number,
  clock: Clock,
): PlanStatus[] {
  const path = movesTo(target, store.plans.get(planPk)!.status);
  for (const status of path) {
    const moved = changePlanStatus(
      store,
      { planPk, status, userPk, clock },
      { onPlanSettled: settleRequestsOfPlan },
    );
    if (!moved.ok)
      throw new Error(
        `fixture: the plan move to ${status} was refused: ${JSON.stringify(moved.error)}`,
      );
  }
  return path;
}

export function createPlanFixture(
  store: Store,
  clock: Clock,
  input: PlanFixtureInput,
  userPk: number,
  events: EventBus,
): { fixture: PlanFixture } | { errors: FieldErrors } {
  let items = input.items;
  const type: CancellationType =
    input.type ?? (items !== null && items.every((i) => i.status === '550') ? 'refund' : 'cancel');
  // Everything is checked before anything is written: a refused fixture leaves no stray order.
  const reason =
    input.reason !== null
      ? store.reasons.get(input.reason)!
      : [...store.reasons.values()].find((r) => r.is_active && r.cancellation_type === type);
  if (!reason) return { errors: { reason: [`No active ${type} reason exists.`] } };
  if (reason.cancellation_type !== type)
    return {
      errors: { reason: [`Reason ${reason.pk} is for ${reason.cancellation_type}, not ${type}.`] },
    };
  if (items === null) {
    const defaultStatus = type === 'refund' ? '550' : '400';
    const read = readOrderFixture(
      store,
      { ...input.orderBody, status: defaultStatus },
      defaultStatus,
    );
    if ('errors' in read) return read;
    items = createOrderFixture(store, clock, read.input).items;
  }

  const { plan } = createPlan(store, {
    items,
    type,
    reason: reason.pk,
    userPk,
    at: clock.now(),
    previousStatusOf: (item) => item.status,
  });
  const planItems = store.planItemsByPlan.get(plan.pk) ?? [];
  const path = walkPlan(store, plan.pk, input.status, userPk, clock);
  // One event, after every write, showing the plan as made (seed 003: created completed).
  events.publish(planCreatedEvent(store, store.plans.get(plan.pk)!));
  return {
    fixture: {
      plan: store.plans.get(plan.pk)!,
      orderItems: items.map((i) => i.pk),
      planItems,
      path,
    },
  };
}
