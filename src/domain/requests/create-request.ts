import { randomUUID } from 'node:crypto';
import { fail, ok, REQUEST_MESSAGES, type ErrorDetail, type Result } from '../errors.ts';
import type { Clock } from '../../common/clock.ts';
import {
  isClosedItemCode,
  isHoldingPlanStatus,
  isOpenRequestStatus,
} from '../shared/plan-cancel-status.ts';
import { orderCancelStatus } from '../shared/order-cancel-status.ts';
import { insertRequest, nextId, planItemsOf, type Store } from '../../store/store.ts';
import type { CancellationRequest, OrderItem } from '../../store/types.ts';
import { setItemState } from './request-effects.ts';
import { REQUEST_BYTES, spendOn } from '../../store/write-budget.ts';
import { requestTextBytes } from './request-text-bytes.ts';
import {
  readRequestBody,
  requestRuleErrors,
  type RequestFields,
} from './validate-request-input.ts';

/**
 * `POST /api/v1/cancellation_requests/` as a domain operation (DOMAIN.md §3): read the body as
 * the request serializer would, check every create rule, and only then write the request
 * (`waiting`) and move its item to `"50"` with `cancel_status: waiting` — so a refused create
 * changes nothing.
 */
export interface CreateRequestInput {
  body: unknown;
  clock: Clock;
  /** The new request's `uuid` (default `crypto.randomUUID`); seeded in tests and journal replays. */
  uuid?: () => string;
}

/** Answers the stored request, or the 400 naming each field that broke a rule. */
export function createRequest(
  store: Store,
  input: CreateRequestInput,
): Result<CancellationRequest> {
  const read = readRequestBody(store, input.body, 'create');
  if (!read.ok) return read;
  const fields: Omit<RequestFields, 'status'> = {
    order_item: read.value.order_item!,
    reason: read.value.reason!,
    description: read.value.description ?? null,
    cancellation_type: read.value.cancellation_type!,
    iban: read.value.iban ?? null,
    holder_name: read.value.holder_name ?? null,
    quantity: read.value.quantity ?? 1,
    fully_refund_as_loyalty_money: read.value.fully_refund_as_loyalty_money ?? false,
  };
  const item = store.orderItems.get(fields.order_item)!;
  const errors: Record<string, ErrorDetail> = {};
  const unavailable = whyNotRequestable(store, item) ?? whyOrderNotRequestable(store, item);
  if (unavailable) errors.order_item = [unavailable];
  Object.assign(errors, requestRuleErrors(store, fields));
  if (store.reasons.get(fields.reason)?.is_active === false) {
    errors.reason = [REQUEST_MESSAGES.reasonInactive(fields.reason)];
  }
  if (Object.keys(errors).length > 0) return fail({ kind: 'field', errors });
  if (!spendOn(store, REQUEST_BYTES + requestTextBytes(fields))) return fail({ kind: 'full' });

  const at = input.clock.now();
  const request: CancellationRequest = {
    id: nextId(store, 'requests'),
    uuid: (input.uuid ?? randomUUID)(),
    order_item: item.pk,
    reason: fields.reason,
    description: fields.description,
    cancellation_type: fields.cancellation_type,
    status: 'waiting',
    iban: fields.iban,
    holder_name: fields.holder_name,
    easy_return: null,
    quantity: fields.quantity,
    fully_refund_as_loyalty_money: fields.fully_refund_as_loyalty_money,
    cancellation_plan: null,
    order_item_previous_status: item.status,
    attributes: {},
    attributes_kwargs: {},
    localized_attributes: {},
    localized_attributes_kwargs: {},
    created_date: at,
    modified_date: at,
  };
  insertRequest(store, request);
  setItemState(store, item.pk, { status: '50', cancel_status: 'waiting' }, at);
  return ok(request);
}

/**
 * The vendor's rule beside the per-item one: no new cancellation while the order's
 * `cancel_status` is `waiting` (one waiting cancellation per order; `order-cancel-status.ts`).
 */
function whyOrderNotRequestable(store: Store, item: OrderItem): string | null {
  if (orderCancelStatus(store, item.order) !== 'waiting') return null;
  return REQUEST_MESSAGES.orderCancellationWaiting(store.orders.get(item.order)!.number);
}

/**
 * Why a new request may not cover this item, or null when it may: the item is already cancelled
 * or refunded, an open request (waiting, confirmed, approved) already covers it, or a plan that
 * still holds it (open or completed) has it. Items are single units (DOMAIN.md §2), so "what is
 * left to cancel" is the whole item or nothing.
 */
export function whyNotRequestable(store: Store, item: OrderItem): string | null {
  if (isClosedItemCode(item.status)) return REQUEST_MESSAGES.itemClosed(item.pk, item.status);
  for (const id of store.requestsByItem.get(item.pk) ?? []) {
    const other = store.requests.get(id);
    if (other && isOpenRequestStatus(other.status)) {
      return REQUEST_MESSAGES.itemHasOpenRequest(item.pk, other.id, other.status);
    }
  }
  for (const planPk of store.plansByOrder.get(item.order) ?? []) {
    const plan = store.plans.get(planPk);
    if (!plan || !isHoldingPlanStatus(plan.status)) continue;
    if (planItemsOf(store, planPk).some((line) => line.order_item === item.pk)) {
      return REQUEST_MESSAGES.itemInPlan(item.pk, plan.pk);
    }
  }
  return null;
}
