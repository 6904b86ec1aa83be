import { Utf8Writer } from '../../common/utf8-writer.ts';
import type { Store } from '../../store/store.ts';
import type { CancellationRequest } from '../../store/types.ts';
import { orderItemInto, reasonBytes, valueJson, type Get } from '../shared/order-item-json.ts';
import { serializeOrder } from '../shared/serialize-order.ts';
import { requestJsonBytes } from './request-json-cache.ts';
import { serializeDetailedRequest } from './serialize-request.ts';

/** One writer for every build: builds are synchronous, so they never interleave. */
const writer = new Utf8Writer();

/**
 * Exactly `JSON.stringify(serializeDetailedRequest(store, request))` as UTF-8, written from the
 * records without the object graph (issue 26: a detailed page of ten cost ~twice the plain one,
 * the nested order item's objects, four `structuredClone`s a request and their collection).
 *
 * The detailed form is the plain one with `order_item` and `reason` nested in their places
 * (`serialize-request.ts`), so it is written as the plain JSON's head up to `order_item` (`id`,
 * `uuid`), the nested item (`orderItemInto`, as a plan's items are written), the reason's kept
 * bytes, then the plain JSON's kept bytes (`requestJsonBytes`, per record) from `description` on.
 * Nothing is kept here: the answer is a view of a shared buffer (`Utf8Writer`), dropped with it.
 * A missing order item or reason throws, as `serializeDetailedRequest` does.
 *
 * `test/detailed-request-json.test.ts` holds it to `serializeDetailedRequest` after random writes.
 */
export function detailedRequestJsonBytes(store: Store, request: CancellationRequest): Uint8Array {
  // The head below assumes the plain JSON's first keys; a record without a string uuid (no route
  // or import makes one) is written the long way, as JSON.stringify would leave the key out.
  if (typeof request.uuid !== 'string') return new TextEncoder().encode(JSON.stringify(serializeDetailedRequest(store, request)));
  const plain = requestJsonBytes(request);
  const head = `{"id":${valueJson(request.id)},"uuid":${valueJson(request.uuid)},"order_item":`;
  // Where `,"description":` starts in the plain JSON: after `…"order_item":<pk>,"reason":<pk>`.
  const tailFrom = utf8Length(`${head}${valueJson(request.order_item)},"reason":${valueJson(request.reason)}`);
  const get: Get = (map, key) => (store[map] as unknown as Map<number, never>).get(key);
  const item = store.orderItems.get(request.order_item)!;
  const w = writer;
  w.begin();
  w.text(head);
  orderItemInto(w, item, get, (pk) => w.text(JSON.stringify(serializeOrder(store.orders.get(pk)!))));
  w.text(',"reason":');
  w.bytes(reasonBytes(store.reasons.get(request.reason)!));
  w.bytes(plain.subarray(tailFrom));
  return w.take();
}

/** The UTF-8 length of `text` (ids and uuids: one byte a character). */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i += 1;
    } else n += 3;
  }
  return n;
}
