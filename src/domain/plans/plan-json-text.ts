import type { Store } from '../../store/store.ts';
import type { CancellationPlan, OrderItem } from '../../store/types.ts';
import { orderStatusDisplay } from '../shared/order-statuses.ts';
import { serializeOrder, serializeProduct, serializeReason, serializeUser } from '../shared/serialize-order.ts';

/** One read the text was built from: `store[map].get(key)` answered `value`. */
export interface StoreRead {
  map: keyof Store;
  key: unknown;
  value: unknown;
}

/** What one build read; `cacheable` turns false when a collection is not a `Map`. */
export interface PlanReads {
  reads: StoreRead[];
  cacheable: boolean;
}

/**
 * Exactly `JSON.stringify(serializePlan(store, plan))`, written as text from the stored records
 * without the intermediate object graph (issue 26: a page of ten plans no cache holds cost ~1 ms
 * of objects, stringify and collector work at 100,000 plans). Every `Map.get` it makes is noted
 * in `reads` (PlanJsonCache checks them on each hit).
 *
 * The nested records shared by many plans — users, reasons, products, price and stock lists —
 * are stringified once per record object and kept in a `WeakMap`: stored records are immutable
 * (store.ts), so a record has one text for its life, and a written one is a new key. There are
 * few of them (20 users, 13 reasons, 1,200 products at 100,000 plans). The order, nested once
 * in the plan and once in each of its items, is stringified once per build.
 *
 * `test/plan-json-text.test.ts` holds it to `serializePlan` over random plans and writes.
 */
export function planJsonText(store: Store, plan: CancellationPlan, reads: PlanReads | null = null): string {
  const get = <M extends keyof Store>(map: M, key: number): MapValue<Store[M]> | undefined => {
    const m = store[map] as unknown as Map<number, MapValue<Store[M]>>;
    if (reads !== null && !(m instanceof Map)) reads.cacheable = false;
    const value = m.get(key);
    reads?.reads.push({ map, key, value });
    return value;
  };
  const order = get('orders', plan.order)!;
  const orderText = JSON.stringify(serializeOrder(order));
  const orderTextOf = (pk: number) => {
    const o = get('orders', pk)!;
    return o === order ? orderText : JSON.stringify(serializeOrder(o));
  };
  const itemPks = get('planItemsByPlan', plan.pk) ?? [];
  let items = '';
  for (const pk of itemPks) {
    const pi = get('planItems', pk)!;
    let t = `{"pk":${JSON.stringify(pi.pk)}`;
    t = field(t, 'reason', kept(reasonTexts, get('reasons', pi.reason)!, (r) => JSON.stringify(serializeReason(r))));
    t = field(t, 'status', JSON.stringify(pi.status));
    t = field(t, 'order_item', orderItemText(get('orderItems', pi.order_item)!, get, orderTextOf));
    t = field(t, 'modified_date', JSON.stringify(pi.modified_date));
    t = field(t, 'order_item_previous_status', JSON.stringify(pi.order_item_previous_status));
    items += items === '' ? `${t}}` : `,${t}}`;
  }
  let t = `{"pk":${JSON.stringify(plan.pk)}`;
  t = field(t, 'order', orderText);
  t = field(t, 'status', JSON.stringify(plan.status));
  t = field(t, 'plan_type', JSON.stringify(plan.plan_type));
  t = field(t, 'created_by', userText(get('users', plan.created_by)!));
  t = field(t, 'created_date', JSON.stringify(plan.created_date));
  t = field(t, 'modified_date', JSON.stringify(plan.modified_date));
  t = field(t, 'refund_amount', JSON.stringify(plan.refund_amount));
  t = field(t, 'invoice_number', JSON.stringify(plan.invoice_number));
  t = field(t, 'last_updated_by', userText(get('users', plan.last_updated_by)!));
  t = field(t, 'staff_remote_id', JSON.stringify(plan.staff_remote_id));
  t = field(t, 'order_previous_status', JSON.stringify(plan.order_previous_status));
  t = field(t, 'discount_refund_amount', JSON.stringify(plan.discount_refund_amount));
  t = field(t, 'retail_store_remote_id', JSON.stringify(plan.retail_store_remote_id));
  t = field(t, 'shipping_refund_amount', JSON.stringify(plan.shipping_refund_amount));
  t = field(t, 'payment_plan', JSON.stringify(plan.payment_plan));
  t = field(t, 'related_cancellationplan', JSON.stringify(plan.related_cancellationplan));
  return `${t},"cancellationplanorderitem_set":[${items}]}`;
}

type MapValue<M> = M extends Map<unknown, infer V> ? V : never;
type Get = <M extends keyof Store>(map: M, key: number) => MapValue<Store[M]> | undefined;

/** `text` with `,"name":value` added; none for `undefined`, as `JSON.stringify` leaves such a key out. */
function field(text: string, name: string, value: string | undefined): string {
  return value === undefined ? text : `${text},"${name}":${value}`;
}

const userTexts = new WeakMap<object, string>();
const reasonTexts = new WeakMap<object, string>();
const productTexts = new WeakMap<object, string>();
const listTexts = new WeakMap<object, string>();

/** A shared record's text, made once per record object (records are immutable: store.ts). */
function kept<R extends object>(texts: WeakMap<object, string>, record: R, make: (r: R) => string): string {
  let text = texts.get(record);
  if (text === undefined) texts.set(record, (text = make(record)));
  return text;
}

const userText = (user: Parameters<typeof serializeUser>[0]) => kept(userTexts, user, (u) => JSON.stringify(serializeUser(u)));

/** `"key":` for each key name seen, so an order item's ~40 keys are not escaped on every build. */
const keyHeads = new Map<string, string>();
const keyHead = (key: string): string => {
  let head = keyHeads.get(key);
  if (head === undefined) keyHeads.set(key, (head = `${JSON.stringify(key)}:`));
  return head;
};

/**
 * `JSON.stringify(serializeOrderItem(store, item))`: the item's own keys in its order, with the
 * keys `serializeOrderItem` assigns (`ASSIGNED`, in its order) as the text of what it assigns —
 * in the item's place for a key the item has, appended after its keys for one it has not (as a
 * new property lands in an object). The shallow copies it makes have their originals' text.
 */
function orderItemText(item: OrderItem, get: Get, orderTextOf: (pk: number) => string): string {
  const assigned: Record<(typeof ASSIGNED)[number], string> = {
    order: orderTextOf(item.order),
    product: kept(productTexts, get('products', item.product)!, (p) => JSON.stringify(serializeProduct(p))),
    price_list: kept(listTexts, get('priceLists', item.price_list)!, (l) => JSON.stringify({ ...l })),
    stock_list: kept(listTexts, get('stockLists', item.stock_list)!, (l) => JSON.stringify({ ...l })),
    status_display: JSON.stringify(orderStatusDisplay(item.status)),
    extra_field: objectText(item.extra_field),
    attributes: objectText(item.attributes),
    attributes_kwargs: objectText(item.attributes_kwargs),
    benefitapplicant_set: JSON.stringify(item.benefitapplicant_set.map((b) => ({ ...b }))),
  };
  let text = '';
  let own = 0;
  for (const key of Object.keys(item)) {
    let value: string | undefined;
    if (Object.hasOwn(assigned, key)) {
      value = assigned[key as (typeof ASSIGNED)[number]];
      own += 1;
    } else value = JSON.stringify(item[key as keyof OrderItem]);
    if (value !== undefined) text += text === '' ? `${keyHead(key)}${value}` : `,${keyHead(key)}${value}`;
  }
  if (own < ASSIGNED.length) {
    for (const key of ASSIGNED) {
      if (Object.hasOwn(item, key)) continue;
      text += text === '' ? `${keyHead(key)}${assigned[key]}` : `,${keyHead(key)}${assigned[key]}`;
    }
  }
  return `{${text}}`;
}

/** The keys `serializeOrderItem` assigns after copying the item's own, in the order it assigns them. */
const ASSIGNED = ['order', 'product', 'price_list', 'stock_list', 'status_display', 'extra_field', 'attributes', 'attributes_kwargs', 'benefitapplicant_set'] as const;

/** The text of `{ ...value }`: a plain record's own text, `{}` for none. */
function objectText(value: object | null | undefined): string {
  return value === null || value === undefined ? '{}' : JSON.stringify(value);
}
