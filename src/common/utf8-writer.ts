/** `TextEncoder`, not `Buffer`: the same code runs in the browser build (src/embed/). */
const utf8 = new TextEncoder();

/**
 * Builds one UTF-8 byte array from text and bytes already encoded, in order: text is gathered
 * and encoded in one `encodeInto` when bytes follow (or at the end), bytes are copied in. The
 * pieces land in one scratch buffer, reused from build to build, and `take()` copies out exactly
 * what was written — so text that is the same in many answers (a product nested in many plans)
 * is encoded once and copied after, and a build allocates one array for its result.
 *
 * One build at a time: `take()` ends it. Synchronous use only (a build must not await).
 *
 * @example
 * const w = new Utf8Writer();
 * w.text('{"product":'); w.bytes(productBytes); w.text('}');
 * const body = w.take();
 */
export class Utf8Writer {
  #buf: Uint8Array;
  #at = 0;
  #pending = '';

  constructor(initialBytes = 1 << 16) {
    this.#buf = new Uint8Array(initialBytes);
  }

  text(text: string): void {
    this.#pending += text;
  }

  bytes(bytes: Uint8Array): void {
    this.#flush();
    this.#room(bytes.byteLength);
    this.#buf.set(bytes, this.#at);
    this.#at += bytes.byteLength;
  }

  /** The bytes written since the last `take()`, as a new array; the writer is empty after. */
  take(): Uint8Array {
    this.#flush();
    const out = this.#buf.slice(0, this.#at);
    this.#at = 0;
    return out;
  }

  #flush(): void {
    const text = this.#pending;
    if (text === '') return;
    this.#pending = '';
    // A UTF-16 code unit is at most three bytes of UTF-8 (a surrogate pair: four for two).
    this.#room(text.length * 3);
    this.#at += utf8.encodeInto(text, this.#buf.subarray(this.#at)).written;
  }

  #room(n: number): void {
    if (this.#at + n <= this.#buf.length) return;
    const grown = new Uint8Array(Math.max(this.#buf.length * 2, this.#at + n));
    grown.set(this.#buf.subarray(0, this.#at));
    this.#buf = grown;
  }
}
