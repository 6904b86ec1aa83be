/** `TextEncoder`, not `Buffer`: the same code runs in the browser build (src/embed/). */
const utf8 = new TextEncoder();

/** How large each shared buffer the builds are written into is: ~30 plans' JSON. */
const SLAB_BYTES = 256 * 1024;

/**
 * Builds UTF-8 byte arrays from text and bytes already encoded, in order: text is gathered and
 * encoded in one `encodeInto` when bytes follow (or at the end), bytes are copied in, and a range
 * written earlier in the same build can be written again (`repeat`) without encoding it twice.
 *
 * Builds are written one after another into a shared 256 KiB buffer, and `take()` answers a view
 * of it: no array is allocated per build (each allocation of a fresh `ArrayBuffer` cost more than
 * the copy into it). A view keeps its buffer alive, so use this for results that are dropped
 * roughly in the order they were made (a first-in-first-out cache, an answer) — else a few old
 * views could each keep a whole buffer.
 *
 * One build at a time: `begin()` starts it (dropping what a build that threw left behind),
 * `take()` ends it. Synchronous use only (a build must not await).
 *
 * @example
 * const w = new Utf8Writer();
 * w.begin();
 * w.text('{"product":'); w.bytes(productBytes); w.text('}');
 * const body = w.take();
 */
export class Utf8Writer {
  #buf: Uint8Array;
  /** Where the build under way starts in `#buf`. */
  #start = 0;
  #at = 0;
  #pending = '';

  constructor(readonly slabBytes = SLAB_BYTES) {
    this.#buf = new Uint8Array(slabBytes);
  }

  /** Starts a build: whatever an unfinished one wrote (it threw before `take()`) is dropped. */
  begin(): void {
    this.#pending = '';
    this.#at = this.#start;
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

  /** Where the build stands now (for `repeat`): a position within this build. */
  mark(): number {
    this.#flush();
    return this.#at - this.#start;
  }

  /** Writes again what this build wrote between two `mark()`s. */
  repeat(from: number, to: number): void {
    this.#flush();
    this.#room(to - from);
    this.#buf.copyWithin(this.#at, this.#start + from, this.#start + to);
    this.#at += to - from;
  }

  /** The bytes written since the last `take()`: a view that stays valid (later builds write after it). */
  take(): Uint8Array {
    this.#flush();
    const out = this.#buf.subarray(this.#start, this.#at);
    this.#start = this.#at;
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

  /** Room for `n` more bytes: else a new buffer, the build so far copied to its start. */
  #room(n: number): void {
    if (this.#at + n <= this.#buf.length) return;
    const sofar = this.#at - this.#start;
    const next = new Uint8Array(Math.max(this.slabBytes, (sofar + n) * 2));
    next.set(this.#buf.subarray(this.#start, this.#at));
    this.#buf = next;
    this.#start = 0;
    this.#at = sofar;
  }
}
