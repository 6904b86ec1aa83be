import { FIELD_MESSAGES, fail, ok, type ErrorDetail, type Result } from '../errors.ts';
import type { Clock } from '../../common/clock.ts';
import { planItemsOf, type Store } from '../../store/store.ts';
import type { CancellationPlan } from '../../store/types.ts';
import { PAYMENT_ENTRY_BYTES, PAYMENT_ITEM_BYTES, spendOn } from '../../store/write-budget.ts';
import { pkLookupValue, pythonStr, pythonTypeName, readChoice, readDict } from '../shared/drf-input.ts';

/**
 * `create_payment_plan`: validate `{"payment_plan": [{"transaction_type", "order_items"}]}` the way
 * a DRF serializer would, and store it as the plan's `payment_plan` (DOMAIN.md §4). The
 * serializer we imitate (inferred; see docs/decisions/0003-plan-status-machine.md):
 *
 *     class PaymentPlanEntry(Serializer):
 *         transaction_type = ChoiceField(["refund", "loyalty_money"])
 *         order_items = PrimaryKeyRelatedField(many=True, allow_empty=False,
 *                                              queryset=<the plan's order items>)
 *     payment_plan = PaymentPlanEntry(many=True, allow_empty=False)
 *
 * so errors nest as DRF nests them: `{"payment_plan": [{}, {"order_items": ["…"]}]}`.
 */

/** `refund` is stated by the vendor; `loyalty_money` is inferred (seed refunds as loyalty money). */
export const PAYMENT_TRANSACTION_TYPES = ['refund', 'loyalty_money'] as const;
export type PaymentTransactionType = (typeof PAYMENT_TRANSACTION_TYPES)[number];

export interface PaymentPlanEntry {
  transaction_type: PaymentTransactionType;
  order_items: number[];
}

/** The stored object: what retrieve shows in `payment_plan`. */
export interface PaymentPlan {
  payment_plan: PaymentPlanEntry[];
}

/** DRF's `PrimaryKeyRelatedField(many=True)` over `allowed`: the pks, or the first error. */
function readOrderItems(
  value: unknown,
  allowed: ReadonlySet<number>,
): { value: number[] } | { error: ErrorDetail } {
  if (value === undefined) return { error: [FIELD_MESSAGES.required] };
  if (value === null) return { error: [FIELD_MESSAGES.null] };
  if (!Array.isArray(value)) return { error: [FIELD_MESSAGES.notAList(pythonTypeName(value))] };
  if (value.length === 0) return { error: [FIELD_MESSAGES.emptyList] };
  const pks: number[] = [];
  for (const raw of value) {
    const pk = pkLookupValue(raw);
    if (pk === undefined) return { error: [FIELD_MESSAGES.incorrectPkType(pythonTypeName(raw))] };
    if (pk === null || !allowed.has(pk))
      return { error: [FIELD_MESSAGES.pkDoesNotExist(pythonStr(raw))] };
    pks.push(pk);
  }
  return { value: pks };
}

/** One entry of the list: its value, or the errors of its fields (`{}` never: that means valid). */
function readEntry(
  raw: unknown,
  allowed: ReadonlySet<number>,
): { value: PaymentPlanEntry } | { error: ErrorDetail } {
  if (raw === null) return { error: [FIELD_MESSAGES.null] };
  const dict = readDict(raw);
  if (!dict.ok) return { error: dict.error.kind === 'field' ? dict.error.errors : [] };
  const type = readChoice(dict.value, 'transaction_type', PAYMENT_TRANSACTION_TYPES);
  const items = readOrderItems(dict.value.order_items, allowed);
  const errors: Record<string, ErrorDetail> = {};
  if ('error' in type) errors.transaction_type = type.error;
  if ('error' in items) errors.order_items = items.error;
  if ('error' in type || 'error' in items) return { error: errors };
  return { value: { transaction_type: type.value, order_items: items.value } };
}

/**
 * Reads a `create_payment_plan` body; `allowed` holds the pks of the plan's order items, the
 * only ones an entry may name. Keys the serializer does not know are dropped, as DRF drops them.
 */
export function readPaymentPlanBody(
  body: unknown,
  allowed: ReadonlySet<number>,
): Result<PaymentPlan> {
  const dict = readDict(body);
  if (!dict.ok) return dict;
  const list = dict.value.payment_plan;
  const err = (detail: ErrorDetail) =>
    fail<PaymentPlan>({ kind: 'field', errors: { payment_plan: detail } });
  if (list === undefined) return err([FIELD_MESSAGES.required]);
  if (list === null) return err([FIELD_MESSAGES.null]);
  if (!Array.isArray(list))
    return err({ non_field_errors: [FIELD_MESSAGES.notAList(pythonTypeName(list))] });
  if (list.length === 0) return err({ non_field_errors: [FIELD_MESSAGES.emptyList] });
  const entries = list.map((raw) => readEntry(raw, allowed));
  if (entries.some((e) => 'error' in e))
    return err(entries.map((e) => ('error' in e ? e.error : {})));
  return ok({ payment_plan: entries.map((e) => (e as { value: PaymentPlanEntry }).value) });
}

export interface PaymentPlanInput {
  planPk: number;
  body: unknown;
  userPk: number;
  clock: Clock;
}

/**
 * Validates and stores a payment plan, replacing any earlier one. Storing it is a write to the
 * plan, so `modified_date` and `last_updated_by` move as on a status change.
 */
export function createPaymentPlan(store: Store, input: PaymentPlanInput): Result<CancellationPlan> {
  const before = store.plans.get(input.planPk);
  if (!before) return fail({ kind: 'not_found' });
  const allowed = new Set(planItemsOf(store, before.pk).map((line) => line.order_item));
  const parsed = readPaymentPlanBody(input.body, allowed);
  if (!parsed.ok) return parsed;
  const grows = paymentPlanBytes(parsed.value) - paymentPlanBytes(before.payment_plan);
  if (!spendOn(store, grows)) return fail({ kind: 'full' });
  const after: CancellationPlan = {
    ...before,
    payment_plan: parsed.value as unknown as Record<string, unknown>,
    modified_date: input.clock.now(),
    last_updated_by: input.userPk,
  };
  store.plans.set(after.pk, after);
  return ok(after);
}

/**
 * The write budget's estimate of a stored payment plan (`store/write-budget.ts`): an entry's object
 * and its list, and a slot per order item it names. A 1 MiB body names ~23,000 entries, and
 * every plan keeps its own.
 */
function paymentPlanBytes(stored: unknown): number {
  const entries = (stored as { payment_plan?: unknown } | null)?.payment_plan;
  if (!Array.isArray(entries)) return 0;
  let bytes = 0;
  for (const entry of entries) {
    const items = (entry as { order_items?: unknown } | null)?.order_items;
    bytes += PAYMENT_ENTRY_BYTES + (Array.isArray(items) ? PAYMENT_ITEM_BYTES * items.length : 0);
  }
  return bytes;
}
