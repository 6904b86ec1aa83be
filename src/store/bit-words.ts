import type { Candidates } from './candidates.ts';

/**
 * The keys in every one of several sets and within a span of keys, as words of bits: a set is a
 * table where key k is bit `k & 31` of word `k >>> 5` (`Candidates.words`), the span a mask of the
 * words it covers. A list by `status` + `cancellation_type` + `created_date__lte` counts its
 * matches as an AND of the two tables' words over the date's key span and a population count a
 * word, and finds its newest-first page from the top word down (issue 26, thirteenth session),
 * where a walk asked the larger set `has` of every key of the smaller.
 */
export interface WordSpan {
  /** Tables of bits, none holding a key past its end. */
  readonly tables: readonly Uint32Array[];
  /** The first word and the last (inclusive) that may hold a key in the span. */
  readonly from: number;
  readonly to: number;
  /** The bits of the first and last word inside the span. */
  readonly firstMask: number;
  readonly lastMask: number;
}

/**
 * The sets as words of bits over the span their key spans leave (`Candidates.keySpan`), or null
 * when one of them has neither a span nor a table, or none has a table (the caller walks keys).
 */
export function wordSpanOf(sets: readonly Candidates[]): WordSpan | null {
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  // Of the exact size: a pushed-to `[]` takes room for 17, and setting `length` to trim a larger
  // one is a call into V8's runtime dearer than the pushes (issue 26, nineteenth session).
  let spans = 0;
  for (let i = 0; i < sets.length; i += 1) if (sets[i]!.keySpan !== undefined) spans += 1;
  let tables: Uint32Array[] | null = null;
  let n = 0;
  let words = Number.POSITIVE_INFINITY;
  for (let i = 0; i < sets.length; i += 1) {
    const c = sets[i]!;
    const span = c.keySpan;
    if (span !== undefined) {
      if (span.lo > lo) lo = span.lo;
      if (span.hi < hi) hi = span.hi;
      continue;
    }
    const t = c.words?.() ?? null;
    if (t === null) return null;
    (tables ??= new Array<Uint32Array>(sets.length - spans))[n++] = t;
    if (t.length < words) words = t.length;
  }
  if (tables === null) return null;
  // No table holds a key past its end: the span ends at the shortest table's last bit.
  const top = words * 32 - 1;
  if (hi > top) hi = top;
  lo = Math.ceil(lo);
  hi = Math.floor(hi);
  if (hi < lo) return { tables, from: 0, to: -1, firstMask: 0, lastMask: 0 };
  const firstMask = (0xffffffff << (lo & 31)) | 0;
  const lastMask = (0xffffffff >>> (31 - (hi & 31))) | 0;
  return { tables, from: lo >>> 5, to: hi >>> 5, firstMask, lastMask };
}

/** Word `w` of the AND of every table, masked to the span. */
function wordAt(span: WordSpan, w: number): number {
  const tables = span.tables;
  let m = tables[0]![w]!;
  for (let t = 1; t < tables.length && m !== 0; t += 1) m &= tables[t]![w]!;
  if (w === span.from) m &= span.firstMask;
  if (w === span.to) m &= span.lastMask;
  return m;
}

/** The number of bits set in a 32-bit word. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** How many keys are in every table and in the span. */
export function countOfSpan(span: WordSpan): number {
  let n = 0;
  for (let w = span.from; w <= span.to; w += 1) {
    const m = wordAt(span, w);
    if (m !== 0) n += popcount(m);
  }
  return n;
}

/**
 * The rows of the keys at positions `start…` counted from the largest (as `topOfRuns`), written
 * into `out` from its first slot until it is full or the keys run out; how many were written.
 */
export function rowsOfSpan<T>(span: WordSpan, start: number, rows: ReadonlyMap<number, T>, out: T[]): number {
  const want = out.length;
  let got = 0;
  if (want <= 0 || start < 0) return 0;
  let skip = start;
  for (let w = span.to; w >= span.from; w -= 1) {
    let m = wordAt(span, w);
    if (m === 0) continue;
    if (skip > 0) {
      const c = popcount(m);
      if (c <= skip) {
        skip -= c;
        continue;
      }
    }
    while (m !== 0) {
      const b = 31 - Math.clz32(m);
      m &= ~(1 << b);
      if (skip > 0) {
        skip -= 1;
        continue;
      }
      out[got++] = rows.get(w * 32 + b)!;
      if (got >= want) return got;
    }
  }
  return got;
}

/**
 * The rows of the keys in every table of `span`, newest first, as a list's rows (`RowList` of
 * `http/newest-first.ts`): the count a population count of the ANDed words, a page read from the
 * top word down. The tables are the indexes' own, read within the request that looked them up (no
 * write comes between: a list is synchronous).
 */
export class WordSelection<T> {
  #count = -1;

  constructor(
    readonly rows: ReadonlyMap<number, T>,
    readonly span: WordSpan,
  ) {}

  get length(): number {
    if (this.#count < 0) this.#count = countOfSpan(this.span);
    return this.#count;
  }

  /**
   * One array of the page's size, filled with its rows (issue 26, nineteenth session): the keys'
   * array and the rows' array, each pushed to from empty, took room for 17 apiece.
   */
  slice(start = 0, end = Number.POSITIVE_INFINITY): T[] {
    if (end <= start || start < 0) return [];
    const size = Math.min(end, this.length) - start;
    if (size <= 0) return [];
    const out = new Array<T>(size);
    const got = rowsOfSpan(this.span, start, this.rows, out);
    if (got < size) out.length = got;
    return out;
  }
}
