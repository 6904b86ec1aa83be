import type { Utf8Writer } from '../../common/utf8-writer.ts';
import type { Store } from '../../store/store.ts';
import type { CancellationReason, Order, OrderItem } from '../../store/types.ts';
import { orderStatusDisplay } from './order-statuses.ts';
import { serializeProduct, serializeReason } from './serialize-order.ts';

/**
 * Writing the records that plans and detailed requests nest straight as JSON bytes
 * (`planJsonBytes`, `detailedRequestJsonBytes`): byte for byte `JSON.stringify` of what
 * `serialize-order.ts` makes of them, without the objects (ADR 0015).
 */

/** `TextEncoder`, not `Buffer`: the same code runs in the browser build (src/embed/). */
const utf8 = new TextEncoder();

type MapValue<M> = M extends Map<unknown, infer V> ? V : never;
/** A read of the store a build makes (`planJsonBytes` notes each one for its cache). */
export type Get = <M extends keyof Store>(map: M, key: number) => MapValue<Store[M]> | undefined;

const reasonTexts = new WeakMap<object, Uint8Array>();
const productBytes = new WeakMap<object, Uint8Array>();
const listBytes = new WeakMap<object, Uint8Array>();

/** A shared record's JSON as UTF-8, made once per record object (records are immutable: store.ts). */
export function kept<R extends object>(cache: WeakMap<object, Uint8Array>, record: R, make: (r: R) => string): Uint8Array {
  let bytes = cache.get(record);
  if (bytes === undefined) cache.set(record, (bytes = utf8.encode(make(record))));
  return bytes;
}

/** `JSON.stringify(serializeReason(reason))` as UTF-8, once per reason record. */
export const reasonBytes = (reason: CancellationReason): Uint8Array => kept(reasonTexts, reason, (r) => JSON.stringify(serializeReason(r)));

/**
 * `,"key":` as UTF-8 for each key name seen, so an order item's ~40 keys are neither escaped nor
 * encoded on every build; a record's first key is written with `{` in the comma's place
 * (`Utf8Writer.head`). One map read a key, where a `"key":` text, a separator text and two
 * encodings were (issue 26, twelfth session).
 */
const keyHeads = new Map<string, Uint8Array>();
const keyHead = (key: string): Uint8Array => {
  let head = keyHeads.get(key);
  if (head === undefined) keyHeads.set(key, (head = utf8.encode(`,${JSON.stringify(key)}:`)));
  return head;
};

/**
 * What one kind of record replaces (`replaced`, in order) and how it writes a replaced key's
 * value (`write`): a module constant per kind, so a build makes no closure a record.
 */
interface Replacing<R, A, B> {
  replaced: readonly string[];
  replacedKeys: ReadonlySet<string>;
  write(w: Utf8Writer, key: string, record: R, a: A, b: B): void;
  /**
   * The keys of the last record written, in its order, with each one's head and whether it is
   * replaced: records of one kind mostly share one shape, so the n-th key is mostly the last
   * one's n-th, met by one comparison instead of two map reads (`keyHead`, `replacedKeys`).
   */
  shape: { keys: string[]; heads: Uint8Array[]; replacing: boolean[] };
}

/**
 * `JSON.stringify(serializeOrderItem(store, item))` into `w`: the item's own keys in its order, with the
 * keys `serializeOrderItem` assigns (`ASSIGNED`, in its order) as the text of what it assigns —
 * in the item's place for a key the item has, appended after its keys for one it has not (as a
 * new property lands in an object). The shallow copies it makes have their originals' text.
 */
export function orderItemInto(w: Utf8Writer, item: OrderItem, get: Get, orderInto: (pk: number) => void): void {
  recordInto(w, item, ITEM_ASSIGNS, get, orderInto);
}

/**
 * `JSON.stringify(serializeOrder(order))` into `w`, without the copy or its text: the order's own
 * keys in its order, the three `serializeOrder` replaces in their place (appended in its order if
 * the record lacks one, as a new property lands in an object).
 */
export function orderInto(w: Utf8Writer, order: Order): void {
  recordInto(w, order, ORDER_REPLACES, undefined, undefined);
}

/**
 * `JSON.stringify` of `{ ...record, [k]: … }` for each of `how.replaced` into `w`: the record's own
 * keys in its order, a replaced key's value (written by `how.write`) in its place where the record
 * has the key, and appended in `how.replaced`'s order where it has not (as a new property lands in
 * an object). Keys whose value `JSON.stringify` leaves out are left out.
 */
function recordInto<R extends object, A, B>(w: Utf8Writer, record: R, how: Replacing<R, A, B>, a: A, b: B): void {
  const fields = record as unknown as Record<string, unknown>;
  const replacedKeys = how.replacedKeys;
  let first = true;
  let own = 0;
  // `for…in`, not `Object.keys`: the same keys in the same order for a plain record, read from
  // its shape's cache without a new array (~0.8 KB a plan built, a quarter of what one allocated).
  // An inherited key is skipped, as `JSON.stringify` of the copy would.
  const shape = how.shape;
  let at = 0;
  for (const key in fields) {
    if (!Object.hasOwn(fields, key)) continue;
    if (shape.keys[at] !== key) {
      shape.keys[at] = key;
      shape.heads[at] = keyHead(key);
      shape.replacing[at] = replacedKeys.has(key);
    }
    const isReplaced = shape.replacing[at]!;
    const head = shape.heads[at]!;
    at += 1;
    const value = fields[key];
    if (!isReplaced && !hasJson(value)) continue;
    w.head(head, first);
    first = false;
    if (isReplaced) {
      how.write(w, key, record, a, b);
      own += 1;
    } else valueInto(w, value);
  }
  if (own < how.replaced.length) {
    for (const key of how.replaced) {
      if (Object.hasOwn(fields, key)) continue;
      w.head(keyHead(key), first);
      first = false;
      how.write(w, key, record, a, b);
    }
  }
  w.text(first ? '{}' : '}');
}

const ORDER_REPLACED = ['extra_field', 'delivery_range', 'fundstransfertransaction_set'] as const;
type OrderReplaced = (typeof ORDER_REPLACED)[number];
const ORDER_REPLACES: Replacing<Order, undefined, undefined> = {
  replaced: ORDER_REPLACED,
  replacedKeys: new Set(ORDER_REPLACED),
  write: (w, key, order) => orderReplacedInto(w, key as OrderReplaced, order),
  shape: { keys: [], heads: [], replacing: [] },
};

function orderReplacedInto(w: Utf8Writer, key: OrderReplaced, order: Order): void {
  switch (key) {
    case 'extra_field': return w.text(objectText(order.extra_field));
    case 'delivery_range': return w.text(order.delivery_range ? JSON.stringify(order.delivery_range) : 'null');
    case 'fundstransfertransaction_set': {
      const set = order.fundstransfertransaction_set;
      return w.text(Array.isArray(set) && set.length === 0 ? '[]' : JSON.stringify([...set]));
    }
  }
}

/** The value `serializeOrderItem` assigns to `key`, as JSON, into `w`. */
function assignedInto(w: Utf8Writer, key: Assigned, item: OrderItem, get: Get, orderInto: (pk: number) => void): void {
  switch (key) {
    case 'order': return orderInto(item.order);
    case 'product': return w.bytes(kept(productBytes, get('products', item.product)!, productText));
    // A list the store lacks is `{}`, as `{ ...undefined }` is in serializeOrderItem.
    case 'price_list': return listInto(w, get('priceLists', item.price_list));
    case 'stock_list': return listInto(w, get('stockLists', item.stock_list));
    case 'status_display': return w.text(statusDisplayJson(item.status));
    case 'extra_field': return w.text(objectText(item.extra_field));
    case 'attributes': return w.text(objectText(item.attributes));
    case 'attributes_kwargs': return w.text(objectText(item.attributes_kwargs));
    // Mostly empty: `[]` without the copy and its text.
    case 'benefitapplicant_set': return w.text(item.benefitapplicant_set.length === 0 ? '[]' : JSON.stringify(item.benefitapplicant_set.map((b) => ({ ...b }))));
  }
}

/** `JSON.stringify(orderStatusDisplay(status))`, made once per status (a handful) instead of once an item. */
const statusDisplayTexts = new Map<unknown, string>();
function statusDisplayJson(status: OrderItem['status']): string {
  let text = statusDisplayTexts.get(status);
  if (text === undefined) {
    text = JSON.stringify(orderStatusDisplay(status));
    // Bounded: a store's statuses are the enum's; an odd one (a hand-made store's) is not kept.
    if (statusDisplayTexts.size < 64) statusDisplayTexts.set(status, text);
  }
  return text;
}

function listInto(w: Utf8Writer, list: object | undefined): void {
  if (list === undefined) return w.text('{}');
  w.bytes(kept(listBytes, list, listText));
}

/** What `kept` makes a product's and a list's text with (module functions: no closure a call). */
const productText = (p: Parameters<typeof serializeProduct>[0]) => JSON.stringify(serializeProduct(p));
const listText = (l: object) => JSON.stringify({ ...l });

/** Whether `JSON.stringify` writes `value` at all (a key whose value it leaves out is left out). */
export const hasJson = (value: unknown): boolean => value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';

/** `JSON.stringify(value)` into `w` (`hasJson(value)` first): a string without making its JSON text. */
export function valueInto(w: Utf8Writer, value: unknown): void {
  if (typeof value === 'string') w.jsonString(value);
  else if (typeof value === 'number') numberInto(w, value);
  else w.text(valueJson(value)!);
}

/**
 * `${JSON.stringify(value)}` into `w`; a whole number of up to 15 digits (keys, counts) as its
 * digits, without making its text (issue 26, twelfth session: a plan's keys were a string each).
 */
export function numberInto(w: Utf8Writer, value: unknown): void {
  if (typeof value === 'number' && value >= 0 && value < 1e15 && Number.isInteger(value)) w.digits(value);
  else w.text(`${JSON.stringify(value)}`);
}

/** `JSON.stringify(value)`, without the call for the scalars that fill most of a record. */
export function valueJson(value: unknown): string | undefined {
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
const ITEM_ASSIGNS: Replacing<OrderItem, Get, (pk: number) => void> = {
  replaced: ASSIGNED,
  replacedKeys: new Set(ASSIGNED),
  write: (w, key, item, get, orderInto) => assignedInto(w, key as Assigned, item, get, orderInto),
  shape: { keys: [], heads: [], replacing: [] },
};

/** The text of `{ ...value }`: a plain record's own text, `{}` for none. */
function objectText(value: object | null | undefined): string {
  return value === null || value === undefined || isBareEmpty(value) ? '{}' : JSON.stringify(value);
}

/**
 * Whether `JSON.stringify(value)` is `{}` for sure without calling it: a plain object with no own
 * enumerable key (most `extra_field`s and attributes; the call made a new `'{}'` each time).
 */
function isBareEmpty(value: object): boolean {
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}
