import {
  FIELD_MESSAGES,
  fail,
  ok,
  REQUEST_MESSAGES,
  type ErrorDetail,
  type Result,
} from '../errors.ts';
import {
  booleanField,
  choiceField,
  integerField,
  nullableCharField,
  pkField,
  readFields,
} from '../shared/drf-fields.ts';
import { readDict } from '../shared/drf-input.ts';
import { isValidTurkishIban } from '../../common/iban.ts';
import type { Store } from '../../store/store.ts';
import {
  CANCELLATION_TYPES,
  REQUEST_STATUSES,
  type CancellationRequest,
  type CancellationType,
} from '../../store/types.ts';

/**
 * The request serializer's fields (inferred, docs/decisions/0002): how each posted value is read,
 * which ones each write requires, and the rules a request must satisfy as a whole (DOMAIN.md §3),
 * answered as field errors naming the field. Create, PUT and PATCH share all of it.
 */

/** The writable fields, in the serializer's (and the spec's) order. */
export type RequestFields = Pick<
  CancellationRequest,
  | 'order_item'
  | 'reason'
  | 'description'
  | 'cancellation_type'
  | 'status'
  | 'iban'
  | 'holder_name'
  | 'quantity'
  | 'fully_refund_as_loyalty_money'
>;

/** `create` takes no `status`; `put` requires every field; `partial` (PATCH) requires none. */
export type WriteMode = 'create' | 'put' | 'partial';

const CREATE_REQUIRED = new Set(['order_item', 'reason', 'cancellation_type']);

/**
 * The field readers of `store` for `mode`, made once per store and mode, not per write (they
 * read the store's collections when called, so a reseed or import that swaps them is seen).
 */
const readersKept = new WeakMap<Store, Partial<Record<WriteMode, ReturnType<typeof makeReaders>>>>();

function readers(store: Store, mode: WriteMode): ReturnType<typeof makeReaders> {
  let byMode = readersKept.get(store);
  if (byMode === undefined) readersKept.set(store, (byMode = {}));
  return (byMode[mode] ??= makeReaders(store, mode));
}

/** Which fields each write requires: create the three a request is made of, PUT all, PATCH none. */
const REQUIRED_BY_MODE: Record<WriteMode, (field: string) => boolean> = {
  create: (field) => CREATE_REQUIRED.has(field),
  put: () => true,
  partial: () => false,
};

function makeReaders(store: Store, mode: WriteMode) {
  const all = {
    order_item: pkField((pk) => store.orderItems.has(pk)),
    reason: pkField((pk) => store.reasons.has(pk)),
    description: nullableCharField({ allowBlank: true }),
    cancellation_type: choiceField(CANCELLATION_TYPES),
    status: choiceField(REQUEST_STATUSES),
    iban: nullableCharField({
      allowBlank: false,
      validate: (v) => (isValidTurkishIban(v) ? null : REQUEST_MESSAGES.invalidIban),
    }),
    holder_name: nullableCharField({ allowBlank: false }),
    // The vendor's `quantity` is nullable (its CancellationRequest schema); null is resolved below.
    quantity: (raw: unknown) => (raw === null ? { value: null } : integerField(1)(raw)),
    fully_refund_as_loyalty_money: booleanField,
  };
  if (mode !== 'create') return all;
  // A new request is always `waiting`: create has no status field, and DRF ignores a posted one.
  const { status: _readOnlyOnCreate, ...create } = all;
  return create;
}

/**
 * Reads a write's body into the fields it gives (absent fields stay absent), or the errors DRF
 * would answer for it: a body that is no JSON object, missing required fields, values of the
 * wrong type or choice, unknown order items and reasons, a quantity below 1, a malformed IBAN.
 */
export function readRequestBody(
  store: Store,
  body: unknown,
  mode: WriteMode,
  /** The request's item when the body may not name it (an update). */
  itemPk?: number,
): Result<Partial<RequestFields>> {
  const dict = readDict(body);
  if (!dict.ok) return dict;
  const read = readFields(dict.value, readers(store, mode), REQUIRED_BY_MODE[mode]);
  if ('errors' in read) return fail({ kind: 'field', errors: read.errors });
  const values = read.values as Partial<Omit<RequestFields, 'quantity'>> & { quantity?: number | null };
  // Inferred (docs/decisions/0014): a null quantity asks for every unit the item holds, so a
  // stored request always has a number and an update's merge never stores a null.
  if (values.quantity === null) {
    const item = values.order_item ?? itemPk;
    values.quantity = item === undefined ? 1 : maxQuantityOf(store, item);
  }
  return ok(values as Partial<RequestFields>);
}

/** How many units a request on this item may cancel: `extra_field.quantity`, else 1 (DOMAIN.md §2). */
export function maxQuantityOf(store: Store, itemPk: number): number {
  const quantity = store.orderItems.get(itemPk)?.extra_field.quantity;
  return typeof quantity === 'number' && Number.isInteger(quantity) && quantity > 1 ? quantity : 1;
}

/**
 * DOMAIN.md §3's rules on a whole request (the one to create, or the one an update would leave):
 * the reason is of the request's type, the quantity fits the item, and a refund paid to a bank
 * account names its holder and IBAN (the IBAN's own checksum is a field rule, read above).
 * Answers the errors by field; empty when every rule holds.
 */
export function requestRuleErrors(
  store: Store,
  r: Pick<
    RequestFields,
    | 'order_item'
    | 'reason'
    | 'cancellation_type'
    | 'quantity'
    | 'iban'
    | 'holder_name'
    | 'fully_refund_as_loyalty_money'
  >,
): Record<string, ErrorDetail> {
  const errors: Record<string, string[]> = {};
  const reason = store.reasons.get(r.reason);
  if (reason && reason.cancellation_type !== r.cancellation_type) {
    errors.reason = [
      REQUEST_MESSAGES.reasonTypeMismatch(reason.pk, reason.cancellation_type, r.cancellation_type),
    ];
  }
  const max = maxQuantityOf(store, r.order_item);
  if (r.quantity > max) errors.quantity = [FIELD_MESSAGES.maxValue(max)];
  if (needsBankAccount(r.cancellation_type, r.fully_refund_as_loyalty_money)) {
    if (r.iban === null) errors.iban = [FIELD_MESSAGES.required];
    if (r.holder_name === null) errors.holder_name = [FIELD_MESSAGES.required];
  }
  return errors;
}

/** A refund not paid entirely as loyalty money goes to a bank account (DOMAIN.md §3). */
export function needsBankAccount(type: CancellationType, loyalty: boolean): boolean {
  return type === 'refund' && !loyalty;
}
