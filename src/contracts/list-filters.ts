/**
 * The one table of what a list filter promises about its answer: for each list operation, each
 * filter the harness knows, the field of a row that carries the filtered value (a dotted path
 * inside one row: `order.number`) and how django-filter compares it. Derived from DOMAIN.md §3–4
 * and the parameters of the served specs (a test checks every entry against them), and never
 * from the mock's code: the harness judges the mock by this table too.
 *
 * A filter whose value no row of an operation carries (a plan's `channel_type`, a request's
 * `customer_email`) has no path there and cannot be checked on that operation; the nested
 * request filters (`order_number`, `sku`, …) are checked on the detailed list, whose rows nest
 * the order item, its order and its product.
 */

/**
 * How a filter's value meets a row's value:
 * - `exact`: the same text (numbers and booleans by their text: `pk=7`, `quantity=1`);
 * - `iexact`: the same text after case folding (DOMAIN.md §1: `İ`, `I`, `ı` fold to `i`);
 * - `icontains`: the row's text holds the filter's, case folded;
 * - `int`: the same integer, with `in` and comparison lookups;
 * - `bool`: `true`/`false` (also `True`/`False`, `1`/`0`);
 * - `uuid`: the same UUID however spelt (hyphens, case);
 * - `datetime`: instants, with comparisons and the `date` lookups.
 */
export type FilterMatch = 'exact' | 'iexact' | 'icontains' | 'int' | 'bool' | 'uuid' | 'datetime';

/** Lookups a filter accepts besides the plain one (`pk__in`, `created_date__date__gte`). */
export type FilterLookup = 'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'date' | 'date__gt' | 'date__gte' | 'date__lt' | 'date__lte';

export interface ListFilter {
  match: FilterMatch;
  /** The field of a row that carries the value: `status`, `order.number`. */
  path: string;
  /** Lookups besides the plain filter; `exactOnly: false` filters (`channel_id__in`) have no plain form. */
  lookups?: readonly FilterLookup[];
  /** False when only the lookups exist (`channel_id__in` without `channel_id`). */
  plain?: boolean;
}

const COMPARE: readonly FilterLookup[] = ['gt', 'gte', 'lt', 'lte'];
const DATES: readonly FilterLookup[] = [...COMPARE, 'date', 'date__gt', 'date__gte', 'date__lt', 'date__lte'];

const PLAN_FILTERS: Readonly<Record<string, ListFilter>> = {
  pk: { match: 'int', path: 'pk', lookups: ['in', ...COMPARE] },
  plan_type: { match: 'exact', path: 'plan_type' },
  status: { match: 'exact', path: 'status' },
  order_id: { match: 'int', path: 'order.pk' },
  order: { match: 'int', path: 'order.pk' },
  // Exact in DOMAIN.md's list of plan filters; checked without case, which no exact target fails.
  order_number: { match: 'iexact', path: 'order.number' },
  customer_id: { match: 'int', path: 'order.customer' },
  channel_id: { match: 'int', path: 'order.channel', lookups: ['in'], plain: false },
  invoice_number: { match: 'exact', path: 'invoice_number' },
  created_by: { match: 'int', path: 'created_by.pk' },
  modified_by: { match: 'int', path: 'last_updated_by.pk' },
  staff_remote_id: { match: 'exact', path: 'staff_remote_id' },
  retail_store_remote_id: { match: 'exact', path: 'retail_store_remote_id' },
  related_cancellationplan: { match: 'int', path: 'related_cancellationplan' },
  created_date: { match: 'datetime', path: 'created_date', lookups: DATES },
  modified_date: { match: 'datetime', path: 'modified_date', lookups: DATES },
};

/** The request lists' filters: `plain` where the plain row carries the value, `detailed` where the detailed one does. */
const REQUEST_FILTERS: Readonly<Record<string, { match: FilterMatch; plain?: string; detailed: string; lookups?: readonly FilterLookup[] }>> = {
  pk: { match: 'int', plain: 'id', detailed: 'id', lookups: ['in', ...COMPARE] },
  uuid: { match: 'uuid', plain: 'uuid', detailed: 'uuid' },
  created_date: { match: 'datetime', plain: 'created_date', detailed: 'created_date', lookups: DATES },
  modified_date: { match: 'datetime', plain: 'modified_date', detailed: 'modified_date', lookups: DATES },
  cancellation_type: { match: 'exact', plain: 'cancellation_type', detailed: 'cancellation_type' },
  status: { match: 'exact', plain: 'status', detailed: 'status' },
  order_number: { match: 'iexact', detailed: 'order_item.order.number' },
  order_item__order__number: { match: 'iexact', detailed: 'order_item.order.number' },
  sku: { match: 'iexact', detailed: 'order_item.product.sku' },
  channel: { match: 'int', detailed: 'order_item.order.channel' },
  order: { match: 'int', detailed: 'order_item.order.pk' },
  easy_return_code: { match: 'iexact', plain: 'easy_return.code', detailed: 'easy_return.code' },
  tracking_number: { match: 'iexact', plain: 'easy_return.tracking_number', detailed: 'easy_return.tracking_number' },
  currency: { match: 'exact', detailed: 'order_item.order.currency' },
  shipping_option_slug: { match: 'iexact', detailed: 'order_item.order.shipping_option_slug' },
  order_item: { match: 'int', plain: 'order_item', detailed: 'order_item.pk' },
  reason: { match: 'int', plain: 'reason', detailed: 'reason.pk' },
  description: { match: 'icontains', plain: 'description', detailed: 'description' },
  iban: { match: 'exact', plain: 'iban', detailed: 'iban' },
  holder_name: { match: 'exact', plain: 'holder_name', detailed: 'holder_name' },
  easy_return: { match: 'int', plain: 'easy_return.id', detailed: 'easy_return.id' },
  quantity: { match: 'int', plain: 'quantity', detailed: 'quantity' },
  fully_refund_as_loyalty_money: { match: 'bool', plain: 'fully_refund_as_loyalty_money', detailed: 'fully_refund_as_loyalty_money' },
};

function requestTable(which: 'plain' | 'detailed'): Record<string, ListFilter> {
  const out: Record<string, ListFilter> = {};
  for (const [name, f] of Object.entries(REQUEST_FILTERS)) {
    const path = f[which];
    if (path !== undefined) out[name] = { match: f.match, path, ...(f.lookups && { lookups: f.lookups }) };
  }
  return out;
}

/** Operation id → filter name → what it promises. Operations not listed have no checked filters. */
export const LIST_FILTERS: Readonly<Record<string, Readonly<Record<string, ListFilter>>>> = {
  listCancellationPlans: PLAN_FILTERS,
  listCancellationRequests: requestTable('plain'),
  filterCancellationRequestsByTag: requestTable('plain'),
  excludeCancellationRequestsByTag: requestTable('plain'),
  listDetailedCancellationRequests: requestTable('detailed'),
};

/**
 * The filter and lookup a query parameter names on an operation (`created_date__date__gte` →
 * `created_date`, `date__gte`), or null when the table does not know it (or not that lookup).
 */
export function filterOf(operationId: string, parameter: string): { name: string; filter: ListFilter; lookup: FilterLookup | null } | null {
  const table = LIST_FILTERS[operationId];
  if (!table) return null;
  if (Object.hasOwn(table, parameter)) {
    const filter = table[parameter]!;
    return filter.plain === false ? null : { name: parameter, filter, lookup: null };
  }
  for (let cut = parameter.lastIndexOf('__'); cut > 0; cut = parameter.lastIndexOf('__', cut - 1)) {
    const name = parameter.slice(0, cut);
    const lookup = parameter.slice(cut + 2) as FilterLookup;
    const filter = Object.hasOwn(table, name) ? table[name]! : undefined;
    if (filter?.lookups?.includes(lookup)) return { name, filter, lookup };
  }
  return null;
}
