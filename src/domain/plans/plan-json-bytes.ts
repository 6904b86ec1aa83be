import { Utf8Writer } from '../../common/utf8-writer.ts';
import type { Store } from '../../store/store.ts';
import type { CancellationPlan, Order } from '../../store/types.ts';
import { hasJson, kept, numberInto, orderInto as orderJsonInto, orderItemInto, reasonBytes, valueInto, type Get } from '../shared/order-item-json.ts';
import { serializeUser } from '../shared/serialize-order.ts';

/**
 * Hears every read one build makes: `store[map].get(key)` answered `value`. `cacheable` turns
 * false when a collection is not a `Map` (its reads cannot be trusted to be asked again).
 */
export interface PlanReads {
  note(map: keyof Store, key: number, value: unknown): void;
  cacheable: boolean;
}

/**
 * Exactly `JSON.stringify(serializePlan(store, plan))` as UTF-8, written straight from the stored
 * records without the intermediate object graph (issue 26: a page of ten plans no cache holds
 * cost ~1 ms of objects, stringify, encoding and collector work at 100,000 plans). Every
 * `Map.get` it makes is told to `reads` (PlanJsonCache checks them on each hit).
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
export function planJsonBytes(
  store: Store,
  plan: CancellationPlan,
  reads: PlanReads | null = null,
  /** Where to write (PlanJsonCache's recycling writer); by default one whose views stay valid. */
  into: Utf8Writer = writer,
): Uint8Array {
  // The build's inputs in one module record, read by `get` and `nestedOrderInto` (module
  // functions): no closures a plan (issue 26, twelfth session). Builds are synchronous and never
  // nest, so one record serves them all. Let go of after (`finally`): it must not hold a dropped
  // cache's writer, and with it its slabs, alive.
  const b = build;
  // A nested build would share this record and write the outer one's bytes wrong: fail loudly.
  if (b.store !== null) throw new Error('planJsonBytes: a plan JSON build started inside another');
  b.store = store;
  b.reads = reads;
  b.w = into;
  try {
    return planInto(into, plan);
  } finally {
    b.store = null;
    b.reads = null;
    b.order = null;
    b.w = writer;
  }
}

function planInto(w: Utf8Writer, plan: CancellationPlan): Uint8Array {
  const b = build;
  w.begin();
  const order = get('orders', plan.order)!;
  b.order = order;
  w.text('{"pk":');
  numberInto(w, plan.pk);
  w.text(',"order":');
  // The order is nested again in each item: written once, copied after (`repeat`).
  b.orderFrom = w.mark();
  orderJsonInto(w, order);
  b.orderTo = w.mark();
  field(w, 'status', plan.status);
  field(w, 'plan_type', plan.plan_type);
  w.text(',"created_by":');
  w.bytes(userBytes(get('users', plan.created_by)!));
  field(w, 'created_date', plan.created_date);
  field(w, 'modified_date', plan.modified_date);
  field(w, 'refund_amount', plan.refund_amount);
  field(w, 'invoice_number', plan.invoice_number);
  w.text(',"last_updated_by":');
  w.bytes(userBytes(get('users', plan.last_updated_by)!));
  field(w, 'staff_remote_id', plan.staff_remote_id);
  field(w, 'order_previous_status', plan.order_previous_status);
  field(w, 'discount_refund_amount', plan.discount_refund_amount);
  field(w, 'retail_store_remote_id', plan.retail_store_remote_id);
  field(w, 'shipping_refund_amount', plan.shipping_refund_amount);
  field(w, 'payment_plan', plan.payment_plan);
  field(w, 'related_cancellationplan', plan.related_cancellationplan);
  w.text(',"cancellationplanorderitem_set":[');
  const items = get('planItemsByPlan', plan.pk) ?? NO_ITEMS;
  for (let i = 0; i < items.length; i += 1) {
    const pi = get('planItems', items[i]!)!;
    w.text(i === 0 ? '{"pk":' : ',{"pk":');
    numberInto(w, pi.pk);
    w.text(',"reason":');
    w.bytes(reasonBytes(get('reasons', pi.reason)!));
    field(w, 'status', pi.status);
    w.text(',"order_item":');
    orderItemInto(w, get('orderItems', pi.order_item)!, get, nestedOrderInto);
    field(w, 'modified_date', pi.modified_date);
    field(w, 'order_item_previous_status', pi.order_item_previous_status);
    w.text('}');
  }
  w.text(']}');
  return w.take();
}

/** One writer for every build: builds are synchronous, so they never interleave. */
const writer = new Utf8Writer();

/** The build under way: what `get` and `nestedOrderInto` read (see `planJsonBytes`). */
const build: { store: Store | null; reads: PlanReads | null; w: Utf8Writer; order: Order | null; orderFrom: number; orderTo: number } = {
  store: null,
  reads: null,
  w: writer,
  order: null,
  orderFrom: 0,
  orderTo: 0,
};

const NO_ITEMS: readonly number[] = [];

/** A read of the build's store, told to its `reads`. */
const get: Get = (map, key) => {
  const b = build;
  const reads = b.reads;
  const m = b.store![map] as unknown as Map<number, never>;
  if (reads !== null && !(m instanceof Map)) reads.cacheable = false;
  const value = m.get(key);
  reads?.note(map, key, value);
  return value;
};

/** An item's order: the plan's own copied from where it was written, another written anew. */
function nestedOrderInto(pk: number): void {
  const b = build;
  const o = get('orders', pk)!;
  if (o === b.order) b.w.repeat(b.orderFrom, b.orderTo);
  else orderJsonInto(b.w, o);
}

/** The text of a plan's JSON, from its bytes (tests, and the self-check's reading of a kept body). */
export function planJsonText(store: Store, plan: CancellationPlan): string {
  return new TextDecoder().decode(planJsonBytes(store, plan));
}


const userTexts = new WeakMap<object, Uint8Array>();
const userText = (u: Parameters<typeof serializeUser>[0]) => JSON.stringify(serializeUser(u));
const userBytes = (user: Parameters<typeof serializeUser>[0]) => kept(userTexts, user, userText);

/** `,"name":value`; nothing for `undefined`, as `JSON.stringify` leaves such a key out. */
function field(w: Utf8Writer, name: string, value: unknown): void {
  if (!hasJson(value)) return;
  w.text(',"');
  w.text(name);
  w.text('":');
  valueInto(w, value);
}
