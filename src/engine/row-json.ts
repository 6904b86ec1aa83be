/**
 * The JSON text of a generic object, kept per object: stored objects are immutable (a write
 * stores a new one, `store.ts`), so one object always has one text, and an array-shaped list
 * asked for again costs no `JSON.stringify` of its rows (retrieves and pages answer `objectBytes`). Held weakly: a replaced or deleted
 * object's text goes with it.
 */
const texts = new WeakMap<object, string>();

export function objectJson(o: Record<string, unknown>): string {
  let text = texts.get(o);
  if (text === undefined) {
    text = JSON.stringify(o);
    texts.set(o, text);
  }
  return text;
}

/** `TextEncoder`, not `Buffer`: the app also runs in the browser build (src/embed/). */
const utf8 = new TextEncoder();
const bytes = new WeakMap<object, Uint8Array>();

/**
 * The UTF-8 of `objectJson(o)`, kept per object as its text is (a retrieve or a page answers it
 * without encoding: a generic row's JSON holds Turkish letters, so its text is two-byte, and
 * measuring and encoding 4 KB of it cost ~8 µs a ten-item page, issue 26). Its own array, not a
 * view of a shared buffer: a row can outlive any number of later writes, and its view would keep
 * a whole buffer alive. The text is not kept beside it (an array-shaped list keeps its own).
 */
export function objectBytes(o: Record<string, unknown>): Uint8Array {
  let kept = bytes.get(o);
  if (kept === undefined) {
    kept = utf8.encode(texts.get(o) ?? JSON.stringify(o));
    bytes.set(o, kept);
  }
  return kept;
}

/** Exactly `JSON.stringify(array)` for elements that are already JSON texts. */
export function arrayJson(texts_: readonly string[]): string {
  return `[${texts_.join(',')}]`;
}
