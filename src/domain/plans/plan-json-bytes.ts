import { Utf8Writer } from '../../common/utf8-writer.ts';
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
 * Exactly `JSON.stringify(serializePlan(store, plan))` as UTF-8, written straight from the stored
 * records without the intermediate object graph (issue 26: a page of ten plans no cache holds
 * cost ~1 ms of objects, stringify, encoding and collector work at 100,000 plans). Every
 * `Map.get` it makes is noted in `reads` (PlanJsonCache checks them on each hit).
 *
 * The nested records shared by many plans — users, reasons, products, price and stock lists —
 * are stringified and encoded once per record object and kept in a `WeakMap`: stored records are
 * immutable (store.ts), so a record has one text for its life, and a written one is a new key.
 * There are few of them (20 users, 13 reasons, 1,200 products at 100,000 plans), and they are
 * ~45 % of a plan's bytes. The order, nested once in the plan and once in each of its items, is
 * encoded once per build. What is left to encode per plan is its own fields and its items'.
 *
 * `test/plan-json-bytes.test.ts` holds it to `serializePlan` over random plans and writes.
 */
export function planJsonBytes(store: Store, plan: CancellationPlan, reads: PlanReads | null = null): Uint8Array {
  const get = <M extends keyof Store>(map: M, key: number): MapValue<Store[M]> | undefined => {
    const m = store[map] as unknown as Map<number, MapValue<Store[M]>>;
    if (reads !== null && !(m instanceof Map)) reads.cacheable = false;
    const value = m.get(key);
    reads?.reads.push({ map, key, value });
    return value;
  };
  const w = writer;
  w.begin();
  const order = get('orders', plan.order)!;
  w.text(`{"pk":${JSON.stringify(plan.pk)},"order":`);
  // The order is nested again in each item: written once, copied after (`repeat`).
  const orderFrom = w.mark();
  w.text(JSON.stringify(serializeOrder(order)));
  const orderTo = w.mark();
  const orderInto = (pk: number) => {
    const o = get('orders', pk)!;
    if (o === order) w.repeat(orderFrom, orderTo);
    else w.text(JSON.stringify(serializeOrder(o)));
  };
  field(w, 'status', valueJson(plan.status));
  field(w, 'plan_type', valueJson(plan.plan_type));
  w.text(',"created_by":');
  w.bytes(userBytes(get('users', plan.created_by)!));
  field(w, 'created_date', valueJson(plan.created_date));
  field(w, 'modified_date', valueJson(plan.modified_date));
  field(w, 'refund_amount', valueJson(plan.refund_amount));
  field(w, 'invoice_number', valueJson(plan.invoice_number));
  w.text(',"last_updated_by":');
  w.bytes(userBytes(get('users', plan.last_updated_by)!));
  field(w, 'staff_remote_id', valueJson(plan.staff_remote_id));
  field(w, 'order_previous_status', valueJson(plan.order_previous_status));
  field(w, 'discount_refund_amount', valueJson(plan.discount_refund_amount));
  field(w, 'retail_store_remote_id', valueJson(plan.retail_store_remote_id));
  field(w, 'shipping_refund_amount', valueJson(plan.shipping_refund_amount));
  field(w, 'payment_plan', valueJson(plan.payment_plan));
  field(w, 'related_cancellationplan', valueJson(plan.related_cancellationplan));
  w.text(',"cancellationplanorderitem_set":[');
  let first = true;
  for (const pk of get('planItemsByPlan', plan.pk) ?? []) {
    const pi = get('planItems', pk)!;
    w.text(`${first ? '' : ','}{"pk":${JSON.stringify(pi.pk)},"reason":`);
    first = false;
    w.bytes(kept(reasonBytes, get('reasons', pi.reason)!, (r) => JSON.stringify(serializeReason(r))));
    field(w, 'status', valueJson(pi.status));
    w.text(',"order_item":');
    orderItemInto(w, get('orderItems', pi.order_item)!, get, orderInto);
    field(w, 'modified_date', valueJson(pi.modified_date));
    field(w, 'order_item_previous_status', valueJson(pi.order_item_previous_status));
    w.text('}');
  }
  w.text(']}');
  return w.take();
}

/** The text of a plan's JSON, from its bytes (tests, and the self-check's reading of a kept body). */
export function planJsonText(store: Store, plan: CancellationPlan): string {
  return new TextDecoder().decode(planJsonBytes(store, plan));
}

/** One writer for every build: builds are synchronous, so they never interleave. */
const writer = new Utf8Writer();
const utf8 = new TextEncoder();

type MapValue<M> = M extends Map<unknown, infer V> ? V : never;
type Get = <M extends keyof Store>(map: M, key: number) => MapValue<Store[M]> | undefined;

/** `,"name":value`; nothing for `undefined`, as `JSON.stringify` leaves such a key out. */
function field(w: Utf8Writer, name: string, value: string | undefined): void {
  if (value !== undefined) w.text(`,"${name}":${value}`);
}

const userTexts = new WeakMap<object, Uint8Array>();
const reasonBytes = new WeakMap<object, Uint8Array>();
const productBytes = new WeakMap<object, Uint8Array>();
const listBytes = new WeakMap<object, Uint8Array>();

/** A shared record's JSON as UTF-8, made once per record object (records are immutable: store.ts). */
function kept<R extends object>(cache: WeakMap<object, Uint8Array>, record: R, make: (r: R) => string): Uint8Array {
  let bytes = cache.get(record);
  if (bytes === undefined) cache.set(record, (bytes = utf8.encode(make(record))));
  return bytes;
}

const userBytes = (user: Parameters<typeof serializeUser>[0]) => kept(userTexts, user, (u) => JSON.stringify(serializeUser(u)));

/** `"key":` for each key name seen, so an order item's ~40 keys are not escaped on every build. */
const keyHeads = new Map<string, string>();
const keyHead = (key: string): string => {
  let head = keyHeads.get(key);
  if (head === undefined) keyHeads.set(key, (head = `${JSON.stringify(key)}:`));
  return head;
};

/**
 * `JSON.stringify(serializeOrderItem(store, item))` into `w`: the item's own keys in its order, with the
 * keys `serializeOrderItem` assigns (`ASSIGNED`, in its order) as the text of what it assigns —
 * in the item's place for a key the item has, appended after its keys for one it has not (as a
 * new property lands in an object). The shallow copies it makes have their originals' text.
 */
function orderItemInto(w: Utf8Writer, item: OrderItem, get: Get, orderInto: (pk: number) => void): void {
  const record = item as unknown as Record<string, unknown>;
  let sep = '{';
  let own = 0;
  for (const key of Object.keys(record)) {
    if (ASSIGNED_KEYS.has(key)) {
      w.text(`${sep}${keyHead(key)}`);
      assignedInto(w, key as Assigned, item, get, orderInto);
      own += 1;
    } else {
      const value = valueJson(record[key]);
      if (value === undefined) continue;
      w.text(`${sep}${keyHead(key)}${value}`);
    }
    sep = ',';
  }
  if (own < ASSIGNED.length) {
    for (const key of ASSIGNED) {
      if (Object.hasOwn(record, key)) continue;
      w.text(`${sep}${keyHead(key)}`);
      assignedInto(w, key, item, get, orderInto);
      sep = ',';
    }
  }
  w.text(sep === '{' ? '{}' : '}');
}

/** The value `serializeOrderItem` assigns to `key`, as JSON, into `w`. */
function assignedInto(w: Utf8Writer, key: Assigned, item: OrderItem, get: Get, orderInto: (pk: number) => void): void {
  switch (key) {
    case 'order': return orderInto(item.order);
    case 'product': return w.bytes(kept(productBytes, get('products', item.product)!, (p) => JSON.stringify(serializeProduct(p))));
    case 'price_list': return w.bytes(kept(listBytes, get('priceLists', item.price_list)!, (l) => JSON.stringify({ ...l })));
    case 'stock_list': return w.bytes(kept(listBytes, get('stockLists', item.stock_list)!, (l) => JSON.stringify({ ...l })));
    case 'status_display': return w.text(JSON.stringify(orderStatusDisplay(item.status)));
    case 'extra_field': return w.text(objectText(item.extra_field));
    case 'attributes': return w.text(objectText(item.attributes));
    case 'attributes_kwargs': return w.text(objectText(item.attributes_kwargs));
    case 'benefitapplicant_set': return w.text(JSON.stringify(item.benefitapplicant_set.map((b) => ({ ...b }))));
  }
}

/** `JSON.stringify(value)`, without the call for the scalars that fill most of a record. */
function valueJson(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean': return value ? 'true' : 'false';
    case 'number': return Number.isFinite(value) ? String(value) : 'null';
    default: return JSON.stringify(value);
  }
}

/** The keys `serializeOrderItem` assigns after copying the item's own, in the order it assigns them. */
const ASSIGNED = ['order', 'product', 'price_list', 'stock_list', 'status_display', 'extra_field', 'attributes', 'attributes_kwargs', 'benefitapplicant_set'] as const;
type Assigned = (typeof ASSIGNED)[number];
const ASSIGNED_KEYS: ReadonlySet<string> = new Set(ASSIGNED);

/** The text of `{ ...value }`: a plain record's own text, `{}` for none. */
function objectText(value: object | null | undefined): string {
  return value === null || value === undefined ? '{}' : JSON.stringify(value);
}
