import type { Store } from '../../store/store.ts';
import type { Candidates } from '../../store/candidates.ts';
import {
  CANCELLATION_TYPES,
  PLAN_STATUSES,
  REQUEST_STATUSES,
  type CancellationRequest,
  type Customer,
  type Order,
  type OrderItem,
} from '../../store/types.ts';
import { COMPARISONS, DATE_LOOKUPS, type CustomFilter, type FilterDef } from '../shared/filter-engine.ts';
import { canonicalUuid, requestCandidates, uuidHex } from './request-indexes.ts';
import { pythonUuidHex } from '../../common/python-uuid.ts';
import { pythonStrip } from '../../common/python-text.ts';

/** The spec's `CurrencyEnum` (specs/components/omnitron.yaml, corrected to `try`/`eur`). */
export const CURRENCIES = [
  'try', 'eur', 'usd', 'egp', 'gbp', 'mad', 'pln', 'sar', 'ron', 'uah', 'czk', 'huf', 'rub', 'bgn',
  'iqd', 'kwd', 'bhd', 'omr', 'qar', 'aed', 'ngn', 'inr', 'lei', 'kzt', 'jod', 'rsd',
] as const;

/**
 * The request lists' filters (both the plain and the detailed list), DOMAIN.md §3 in its order.
 * The vendor names none of the fields behind them; each choice is recorded in
 * docs/decisions/0002-cancellation-request-spec.md and in the spec parameter's description.
 *
 * Relations are followed through the store's Maps (request → item → order → customer), a few
 * lookups per row and no serialization: only the rows that survive are ever serialized.
 * Longer names come before their prefixes (`order_item__order__number` before `order_item`) so
 * that the engine's "unknown lookup on a known field" answer names the field the caller meant.
 */
export function requestFilters(store: Store): FilterDef<CancellationRequest>[] {
  const item = (r: CancellationRequest): OrderItem => store.orderItems.get(r.order_item)!;
  const order = (r: CancellationRequest): Order => store.orders.get(item(r).order)!;
  const customer = (r: CancellationRequest): Customer | undefined => store.customers.get(order(r).customer);
  // Every filter answers from an index (request-indexes.ts, issue 26); the predicates stay the
  // meaning, run wherever an index cannot answer (a session's ranges, a store of plain Maps).
  const indexed = requestCandidates(store);
  const by = indexed.field;
  return [
    { name: 'pk', kind: 'int', lookups: ['in', ...COMPARISONS], value: (r) => r.id, candidates: indexed.byPk, numberRange: indexed.pkWithin },
    uuidFilter(by('uuid')),
    { name: 'created_date', kind: 'datetime', lookups: DATE_LOOKUPS, value: (r) => r.created_date, range: indexed.createdWithin },
    { name: 'modified_date', kind: 'datetime', lookups: DATE_LOOKUPS, value: (r) => r.modified_date, range: indexed.modifiedWithin },
    { name: 'cancellation_type', kind: 'choice', choices: CANCELLATION_TYPES, value: (r) => r.cancellation_type, candidates: by('cancellation_type') },
    { name: 'status', kind: 'choice', choices: REQUEST_STATUSES, value: (r) => r.status, candidates: by('status') },
    { name: 'order_number', kind: 'itext', value: (r) => order(r).number, candidates: by('order_number') },
    { name: 'order_item__order__number', kind: 'itext', value: (r) => order(r).number, candidates: by('order_number') },
    { name: 'sku', kind: 'itext', value: (r) => store.products.get(item(r).product)?.sku, candidates: by('sku') },
    // Inferred: the order's channel (the vendor says "the channel the customer belongs to"; a
    // customer is registered on the channel it orders through, so the two agree).
    { name: 'channel', kind: 'int', value: (r) => order(r).channel, candidates: by('channel') },
    { name: 'customer_first_name', kind: 'itext', value: (r) => customer(r)?.first_name, candidates: by('customer_first_name') },
    { name: 'customer_last_name', kind: 'itext', value: (r) => customer(r)?.last_name, candidates: by('customer_last_name') },
    { name: 'customer_email', kind: 'itext', value: (r) => customer(r)?.email, candidates: by('customer_email') },
    { name: 'order', kind: 'int', value: (r) => order(r).pk, candidates: by('order') },
    // The status of the plan made when the request was approved; requests without one never match.
    {
      name: 'cancellation_plan_status',
      kind: 'choice',
      choices: PLAN_STATUSES,
      value: (r) => (r.cancellation_plan === null ? null : store.plans.get(r.cancellation_plan)?.status),
      candidates: by('cancellation_plan_status'),
    },
    { name: 'easy_return_code', kind: 'itext', value: (r) => r.easy_return?.code, candidates: by('easy_return_code') },
    // Inferred: the return shipment's tracking number (it sits beside the easy-return code in the
    // vendor's list), not the outbound delivery's number on the order item.
    { name: 'tracking_number', kind: 'itext', value: (r) => r.easy_return?.tracking_number, candidates: by('tracking_number') },
    { name: 'currency', kind: 'choice', choices: CURRENCIES, value: (r) => order(r).currency, candidates: by('currency') },
    { name: 'shipping_option_slug', kind: 'itext', value: (r) => order(r).shipping_option_slug, candidates: by('shipping_option_slug') },
    { name: 'order_item', kind: 'int', value: (r) => r.order_item, candidates: by('order_item') },
    { name: 'reason', kind: 'int', value: (r) => r.reason, candidates: by('reason') },
    // The request's own description (the vendor's words say "product description"), DOMAIN.md §3.
    { name: 'description', kind: 'icontains', value: (r) => r.description, contains: indexed.describedBy },
    { name: 'iban', kind: 'text', value: (r) => r.iban, candidates: by('iban') },
    { name: 'holder_name', kind: 'text', value: (r) => r.holder_name, candidates: by('holder_name') },
    { name: 'easy_return', kind: 'int', value: (r) => r.easy_return?.id, candidates: by('easy_return') },
    { name: 'quantity', kind: 'int', value: (r) => r.quantity, candidates: by('quantity') },
    { name: 'fully_refund_as_loyalty_money', kind: 'bool', value: (r) => r.fully_refund_as_loyalty_money, candidates: by('fully_refund_as_loyalty_money') },
  ];
}

/** `requestFilters(store)`, made once per store object (`requestFiltersOf`). */
const madeFor = new WeakMap<Store, FilterDef<CancellationRequest>[]>();

/**
 * The request lists' filters for `store`, made on its first list and kept as long as the store
 * object lives: the definitions read the store's collections and indexes when they run, never
 * when they are made, so a reset or reseed that swaps the collections (`replaceContents`) leaves
 * them true, and a list does not rebuild ~25 definitions and their closures per request.
 */
export function requestFiltersOf(store: Store): readonly FilterDef<CancellationRequest>[] {
  let defs = madeFor.get(store);
  if (defs === undefined) {
    // Frozen: it is shared by every list of the store, and the filter parse remembers a frozen
    // set's names by identity (`filterNamesOf`).
    defs = Object.freeze(requestFilters(store)) as FilterDef<CancellationRequest>[];
    madeFor.set(store, defs);
  }
  return defs;
}

/**
 * django-filter's `UUIDFilter`: the value must parse as Python's `uuid.UUID` parses it ("Enter a
 * valid UUID." otherwise), and every spelling it accepts (upper case, no hyphens or hyphens
 * anywhere, `{…}`, `urn:uuid:…`: `pythonUuidHex`) finds the same row.
 */
function uuidFilter(byUuid: (values: string[]) => Candidates | null): CustomFilter<CancellationRequest> {
  return {
    name: 'uuid',
    kind: 'custom',
    build(text) {
      const hex = pythonUuidHex(pythonStrip(text));
      if (hex === null) return { error: 'Enter a valid UUID.' };
      return (r) => uuidHex(r.uuid) === hex;
    },
    candidates(text) {
      const hex = pythonUuidHex(pythonStrip(text));
      return hex === null ? null : byUuid([canonicalUuid(hex)]);
    },
  };
}
