import { foldCase } from '../../common/fold-case.ts';
import { rangeIndexOf, type RangeSpec, type TextRange, type ValueRange } from '../../store/range-index.ts';
import type { Store } from '../../store/store.ts';
import { readinessOf } from '../../store/readiness.ts';
import { textColumnOf, type ColumnSpec } from '../../store/text-column.ts';
import type { CancellationRequest, Order, OrderItem } from '../../store/types.ts';
import { candidatesOf, type Candidates } from '../../store/candidates.ts';
import { indexOf, type Dependency, type IndexKey, type IndexSpec } from '../../store/value-index.ts';
import { isCanonicalIso } from '../shared/filter-engine.ts';

/**
 * What the request lists file requests under (issue 26), as the plan list does (ADR 0011): every
 * exact filter of DOMAIN.md §3, the dates and keys sorted for ranges, the description folded for
 * its substring filter. Each group is built on the first list that asks for one of its fields,
 * so a mock nobody lists requests on pays nothing.
 */

const itemOf = (r: CancellationRequest, s: Store): OrderItem | undefined => s.orderItems.get(r.order_item);
const orderOf = (r: CancellationRequest, s: Store): Order | undefined => {
  const item = itemOf(r, s);
  return item && s.orders.get(item.order);
};
/** Folded as the case-insensitive filters fold (`filter-engine.ts`); the stored string when equal. */
const folded = (v: string | null | undefined): string | undefined => {
  if (v == null) return undefined;
  const f = foldCase(v);
  return f === v ? v : f;
};

/** Small indexes of relations no store map keeps in reverse, for finding what a write affects. */
const BY_PLAN: IndexSpec<CancellationRequest> = { rows: (s) => s.requests, fields: { plan: (r) => r.cancellation_plan } };
const ORDERS_BY_CUSTOMER: IndexSpec<Order> = { rows: (s) => s.orders, fields: { customer: (o) => o.customer } };
const ITEMS_BY_PRODUCT: IndexSpec<OrderItem> = { rows: (s) => s.orderItems, fields: { product: (i) => i.product } };

const related = <Row>(store: Store, name: string, spec: IndexSpec<Row>, field: string, key: number): Iterable<number> =>
  indexOf(store, name, spec)?.lookup(field, [key]).keys() ?? [];

function* requestsOfItems(store: Store, items: Iterable<number>): Iterable<number> {
  for (const item of items) yield* store.requestsByItem.get(item) ?? [];
}
function* requestsOfOrders(store: Store, orders: Iterable<number>): Iterable<number> {
  for (const order of orders) yield* requestsOfItems(store, store.itemsByOrder.get(order) ?? []);
}

/**
 * The collections a request's order (its channel, number, currency…) is read through — its order
 * item and the order — and which requests a write to one of them moves.
 */
export function requestOrderReads(store: Store): Dependency[] {
  return [
    { rows: store.orderItems, affected: (item) => store.requestsByItem.get(item) ?? [] },
    { rows: store.orders, affected: (order) => requestsOfOrders(store, [order]) },
  ];
}

/** The collections a request's filed values read beyond its own row, and whom their writes move. */
function requestReads(store: Store): Dependency[] {
  return [
    ...requestOrderReads(store),
    { rows: store.plans, affected: (plan) => related(store, 'request-by-plan', BY_PLAN, 'plan', plan) },
    {
      rows: store.customers,
      affected: (customer) =>
        requestsOfOrders(store, related(store, 'orders-by-customer', ORDERS_BY_CUSTOMER, 'customer', customer)),
    },
    {
      rows: store.products,
      affected: (product) =>
        requestsOfItems(store, related(store, 'items-by-product', ITEMS_BY_PRODUCT, 'product', product)),
    },
  ];
}

const REQUEST_FIELDS: IndexSpec<CancellationRequest> = {
  rows: (s) => s.requests,
  fields: {
    status: (r) => r.status,
    cancellation_type: (r) => r.cancellation_type,
    reason: (r) => r.reason,
    order_item: (r) => r.order_item,
    quantity: (r) => r.quantity,
    easy_return: (r) => r.easy_return?.id,
    fully_refund_as_loyalty_money: (r) => r.fully_refund_as_loyalty_money,
    iban: (r) => r.iban,
    holder_name: (r) => r.holder_name,
    order: (r, s) => orderOf(r, s)?.pk,
    channel: (r, s) => orderOf(r, s)?.channel,
    currency: (r, s) => orderOf(r, s)?.currency,
    cancellation_plan_status: (r, s) => (r.cancellation_plan === null ? null : s.plans.get(r.cancellation_plan)?.status),
  },
  reads: requestReads,
};

/** The case-insensitive exact filters, filed by folded value. */
const REQUEST_TEXT: IndexSpec<CancellationRequest> = {
  rows: (s) => s.requests,
  fields: {
    order_number: (r, s) => folded(orderOf(r, s)?.number),
    sku: (r, s) => {
      const item = itemOf(r, s);
      return folded(item && s.products.get(item.product)?.sku);
    },
    customer_first_name: (r, s) => folded(customerOf(r, s)?.first_name),
    customer_last_name: (r, s) => folded(customerOf(r, s)?.last_name),
    customer_email: (r, s) => folded(customerOf(r, s)?.email),
    easy_return_code: (r) => folded(r.easy_return?.code),
    tracking_number: (r) => folded(r.easy_return?.tracking_number),
    shipping_option_slug: (r, s) => folded(orderOf(r, s)?.shipping_option_slug),
  },
  reads: requestReads,
};

function customerOf(r: CancellationRequest, s: Store) {
  const order = orderOf(r, s);
  return order && s.customers.get(order.customer);
}

/**
 * `uuid` in its canonical spelling (lower case, hyphenated): the stored string itself when it is
 * already so, as the seed and every create store it — no copy per request.
 */
const REQUEST_UUID: IndexSpec<CancellationRequest> = {
  rows: (s) => s.requests,
  fields: { uuid: (r) => canonicalUuid(r.uuid) },
};

/** The 32 hex digits the uuid filter compares. */
export const uuidHex = (uuid: string): string => uuid.replace(/-/g, '').toLowerCase();

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Any spelling of a UUID as 8-4-4-4-12 lower-case hex (the same UUID, the same string). */
export function canonicalUuid(uuid: string): string {
  if (CANONICAL.test(uuid)) return uuid;
  const h = uuidHex(uuid);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const dateSpec = (value: (r: CancellationRequest) => string): RangeSpec<CancellationRequest> => ({
  rows: (s) => s.requests,
  value,
  accepts: isCanonicalIso,
});
const CREATED = dateSpec((r) => r.created_date);
const MODIFIED = dateSpec((r) => r.modified_date);
const KEYS: RangeSpec<CancellationRequest, number> = { rows: (s) => s.requests, value: (r) => r.id, accepts: () => true, isKey: true };
const DESCRIPTION: ColumnSpec<CancellationRequest> = { rows: (s) => s.requests, value: (r) => r.description, fold: (t) => folded(t)! };

type Lookup = (values: readonly IndexKey[]) => Candidates | null;

const GROUPS: ReadonlyArray<[string, IndexSpec<CancellationRequest>]> = [
  ['request-list', REQUEST_FIELDS],
  ['request-text', REQUEST_TEXT],
  ['request-uuid', REQUEST_UUID],
];

/**
 * Null when every index a request list (plain, detailed, tag lists, a channel's image feed) can
 * use is built — the hot path: no promise — else a promise that builds the missing ones in slices
 * and resolves when they are (issue 19), as `planIndexesReady` does for plans.
 */
export const requestIndexesReady: (store: Store) => Promise<void> | null = readinessOf(
  (store) => [
    rangeIndexOf(store, 'request-keys', KEYS),
    ...GROUPS.map(([name, spec]) => indexOf(store, name, spec)),
    rangeIndexOf(store, 'request-created', CREATED),
    rangeIndexOf(store, 'request-modified', MODIFIED),
    textColumnOf(store, 'request-description', DESCRIPTION),
    indexOf(store, 'request-by-plan', BY_PLAN),
    indexOf(store, 'orders-by-customer', ORDERS_BY_CUSTOMER),
    indexOf(store, 'items-by-product', ITEMS_BY_PRODUCT),
  ],
  // Every collection those indexes file or read: a reset or reseed assigns new ones.
  (store) => [store.requests, store.orders, store.orderItems, store.plans, store.customers, store.products],
);

/**
 * Candidate requests for the request lists' filters: `field(name)` for an exact or `__in`
 * filter (values parsed, and folded for the case-insensitive ones), ranges of dates and keys,
 * and substrings of the description. Null where the store cannot be indexed (plain Maps) or a
 * session's view has no range index: the list then reads the rows.
 */
export function requestCandidates(store: Store) {
  const field = (name: string): Lookup => {
    const group = GROUPS.find(([, spec]) => name in spec.fields)!;
    return (values) => indexOf(store, group[0], group[1])?.lookup(name, values) ?? null;
  };
  return {
    field,
    byPk: (values: readonly IndexKey[]) => candidatesOf(values.filter((v): v is number => typeof v === 'number')),
    pkWithin: (range: ValueRange<number>) => rangeIndexOf(store, 'request-keys', KEYS)?.lookup(range) ?? null,
    createdWithin: (range: TextRange) => rangeIndexOf(store, 'request-created', CREATED)?.lookup(range) ?? null,
    modifiedWithin: (range: TextRange) => rangeIndexOf(store, 'request-modified', MODIFIED)?.lookup(range) ?? null,
    describedBy: (needle: string) => textColumnOf(store, 'request-description', DESCRIPTION)?.containing(needle) ?? null,
  };
}
