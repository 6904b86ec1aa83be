/** `TextEncoder`, not `Buffer`: the same code runs in the browser build (src/embed/). */
const utf8 = new TextEncoder();

/** Texts up to this many code units are encoded in JavaScript; longer ones by `encodeInto`. */
const SHORT_TEXT = 256;

/** How large each shared buffer the builds are written into is: ~30 plans' JSON. */
const SLAB_BYTES = 256 * 1024;

/**
 * Builds UTF-8 byte arrays from text and bytes already encoded, in order: a short text is encoded
 * straight into the buffer, a long one gathered and encoded by `encodeInto` when anything else
 * follows (or at the end), bytes are copied in, and a range
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
  /** Recycling writers only: how many kept builds each slab holds (`retain`, `release`). */
  readonly #held = new Map<ArrayBufferLike, number>();
  /** Slabs no kept build holds, ready to be written again. */
  readonly #free: Uint8Array[] = [];
  /** Slabs let go of in the synchronous run under way: free only once it has ended. */
  #cooling: Uint8Array[] = [];

  /**
   * `recycles`: slabs are written again once no kept build holds them (see `retain`), instead of
   * a new one allocated each time a slab fills. For builds kept long (a cache) whose views are
   * otherwise used only synchronously: see `retain` for what a caller must keep to.
   */
  constructor(
    readonly slabBytes = SLAB_BYTES,
    readonly recycles = false,
  ) {
    this.#buf = new Uint8Array(slabBytes);
  }

  /**
   * A recycling writer's kept build: its slab is not written again while any build `retain`ed in
   * it is not `release`d. Every other view it handed out (a build not retained, a retained one
   * after its release) stays valid only until the synchronous run it was made in ends (a slab let
   * go of becomes free at the next microtask), so copy such bytes before anything awaits — a
   * response body that a socket writes later must be a copy.
   *
   * Why: a cache's slabs outlive every young collection and die in old space, where only a full
   * mark frees them, and their backing stores are external memory — at 100,000 plans the kept
   * plans' slabs grew it by ~64 KB a page of misses until V8 started a mark of the whole ~430 MB
   * heap for "external memory pressure" every ~1,000 pages, each step of it on the requests'
   * thread (bench/findings.md, ninth session, heap-p99). Written again, they grow nothing.
   */
  retain(buffer: ArrayBufferLike): void {
    if (!this.recycles) return;
    this.#held.set(buffer, (this.#held.get(buffer) ?? 0) + 1);
  }

  /** Lets go of one `retain` of `buffer`'s slab: the last one frees it (at the next microtask). */
  release(buffer: ArrayBufferLike): void {
    if (!this.recycles) return;
    const n = (this.#held.get(buffer) ?? 0) - 1;
    if (n > 0) {
      this.#held.set(buffer, n);
      return;
    }
    this.#held.delete(buffer);
    if (buffer !== this.#buf.buffer) this.#cool(new Uint8Array(buffer));
  }

  /** How many slabs are free to be written again (tests). */
  get freeSlabs(): number {
    return this.#free.length;
  }

  /** Starts a build: whatever an unfinished one wrote (it threw before `take()`) is dropped. */
  begin(): void {
    this.#pending = '';
    this.#at = this.#start;
  }

  text(text: string): void {
    const n = text.length;
    if (n > SHORT_TEXT) {
      this.#pending += text;
      return;
    }
    // A short text is encoded here, straight into the buffer: gathering pieces into one string
    // (a rope, flattened by `encodeInto`) allocated each text's bytes two or three times over,
    // ~16 KB of garbage for a 7.7 KB plan, which set the scavenger's pace (bench/findings.md,
    // eighth session). A surrogate hands the rest to `encodeInto` (pairs, and lone ones as U+FFFD).
    if (this.#pending !== '') this.#flush();
    this.#room(n * 3);
    const buf = this.#buf;
    let at = this.#at;
    for (let i = 0; i < n; i += 1) {
      const c = text.charCodeAt(i);
      if (c < 0x80) buf[at++] = c;
      else if (c < 0x800) {
        buf[at++] = 0xc0 | (c >> 6);
        buf[at++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        buf[at++] = 0xe0 | (c >> 12);
        buf[at++] = 0x80 | ((c >> 6) & 0x3f);
        buf[at++] = 0x80 | (c & 0x3f);
      } else {
        at += utf8.encodeInto(i === 0 ? text : text.slice(i), buf.subarray(at)).written;
        break;
      }
    }
    this.#at = at;
  }

  /**
   * `JSON.stringify(text)` of a string, written without making that string: most of a plan's
   * values are short strings with nothing to escape. One with a quote, backslash, control
   * character or surrogate is handed to `JSON.stringify` after all.
   */
  jsonString(text: string): void {
    const n = text.length;
    if (n > SHORT_TEXT) return this.text(JSON.stringify(text));
    if (this.#pending !== '') this.#flush();
    this.#room(n * 3 + 2);
    const buf = this.#buf;
    let at = this.#at;
    buf[at++] = 0x22;
    for (let i = 0; i < n; i += 1) {
      const c = text.charCodeAt(i);
      if (c < 0x80 && c >= 0x20 && c !== 0x22 && c !== 0x5c) buf[at++] = c;
      else if (c >= 0x80 && c < 0x800) {
        buf[at++] = 0xc0 | (c >> 6);
        buf[at++] = 0x80 | (c & 0x3f);
      } else if (c >= 0x800 && (c < 0xd800 || c > 0xdfff)) {
        buf[at++] = 0xe0 | (c >> 12);
        buf[at++] = 0x80 | ((c >> 6) & 0x3f);
        buf[at++] = 0x80 | (c & 0x3f);
      } else return this.text(JSON.stringify(text));
    }
    buf[at++] = 0x22;
    this.#at = at;
  }

  bytes(bytes: Uint8Array): void {
    this.#flush();
    // `length`, not `byteLength` (the same for a Uint8Array): Node 20's V8 does not inline the
    // `byteLength` getter of a typed array — each read is a call through the load IC, ~10–20 ns,
    // two a piece of a page — where `length` is one field load (bench/findings.md, fifteenth
    // session, engine-http).
    const n = bytes.length;
    this.#room(n);
    this.#buf.set(bytes, this.#at);
    this.#at += n;
  }

  /**
   * A key's head, `,"key":` in UTF-8, copied byte by byte (a few dozen: cheaper than `set`'s call);
   * `first` writes `{` in the comma's place, for a record's first key. One call a key where a
   * separator and a key text were two encodings.
   */
  head(bytes: Uint8Array, first: boolean): void {
    if (this.#pending !== '') this.#flush();
    const n = bytes.length;
    this.#room(n);
    const buf = this.#buf;
    let at = this.#at;
    buf[at++] = first ? 0x7b : bytes[0]!;
    for (let i = 1; i < n; i += 1) buf[at++] = bytes[i]!;
    this.#at = at;
  }

  /** A whole number from 0 below 10^15 as its decimal digits (what `String` makes of it). */
  digits(value: number): void {
    if (this.#pending !== '') this.#flush();
    this.#room(16);
    const buf = this.#buf;
    let n = 1;
    for (let p = 10; p <= value; p *= 10) n += 1;
    let at = this.#at + n;
    this.#at = at;
    let v = value;
    do {
      const q = Math.floor(v / 10);
      buf[--at] = 0x30 + (v - q * 10);
      v = q;
    } while (v > 0);
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
    const size = Math.max(this.slabBytes, (sofar + n) * 2);
    const next = size === this.slabBytes && this.#free.length > 0 ? this.#free.pop()! : new Uint8Array(size);
    next.set(this.#buf.subarray(this.#start, this.#at));
    const last = this.#buf;
    this.#buf = next;
    this.#start = 0;
    this.#at = sofar;
    if (this.recycles && !this.#held.has(last.buffer)) this.#cool(last);
  }

  /** A slab no kept build holds: free once the synchronous run that let go of it has ended. */
  #cool(slab: Uint8Array): void {
    if (slab.length !== this.slabBytes) return; // a build's oversized slab is not reused
    if (this.#cooling.length === 0) {
      queueMicrotask(() => {
        for (const cooled of this.#cooling) if (this.#free.length < MAX_FREE_SLABS) this.#free.push(cooled);
        this.#cooling = [];
      });
    }
    this.#cooling.push(slab);
  }
}

/** Free slabs kept at most by a recycling writer (more are left to the collector). */
const MAX_FREE_SLABS = 16;
