import type { AscendingRun, Candidates } from './candidates.ts';
import type { KeyColumn } from './key-column.ts';

/** Bounds on a value, compared as stored (`lower ≤ v < upper` and so on). */
export interface ValueRange<V extends string | number> {
  lower?: { value: V; inclusive: boolean };
  upper?: { value: V; inclusive: boolean };
}

/** Bounds on a text value, compared as text (canonical ISO date-times). */
export type TextRange = ValueRange<string>;

/** Whether a value lies in `range`, with its bounds read out once (a test per bound form). */
function rangeTest<V extends string | number>(range: ValueRange<V>): (v: V) => boolean {
  const { lower, upper } = range;
  const lo = lower?.value;
  const hi = upper?.value;
  if (lower === undefined) {
    if (upper === undefined) return () => true;
    return upper.inclusive ? (v) => v <= hi! : (v) => v < hi!;
  }
  if (upper === undefined) return lower.inclusive ? (v) => v >= lo! : (v) => v > lo!;
  const loIn = lower.inclusive;
  const hiIn = upper.inclusive;
  return (v) => (loIn ? v >= lo! : v > lo!) && (hiIn ? v <= hi! : v < hi!);
}

/**
 * A range's rows: positions `from…end - 1` of the index's sorted keys. Made per lookup, so a class
 * (its methods shared) rather than an object of closures.
 */
export class RangeCandidates<V extends string | number> implements Candidates {
  readonly exact = true;
  readonly estimate: number;
  readonly keySpan: { readonly lo: number; readonly hi: number } | undefined;
  readonly #lowKey: number;
  readonly #highKey: number;
  #inRange: ((v: V) => boolean) | null = null;

  constructor(
    readonly orderOf: object,
    readonly all: readonly number[],
    readonly from: number,
    readonly end: number,
    readonly valueOf: KeyColumn<V>,
    /** The index's keys ascend: `has` is a span test. */
    readonly keyOrdered: boolean,
    /** …and every row is filed: the range is exactly the rows' keys in the span. */
    spanned: boolean,
    readonly range: ValueRange<V>,
  ) {
    this.estimate = end - from;
    this.#lowKey = end > from ? all[from]! : 0;
    this.#highKey = end > from ? all[end - 1]! : -1;
    this.keySpan = spanned ? { lo: this.#lowKey, hi: this.#highKey } : undefined;
  }

  count(): number {
    return this.end - this.from;
  }

  // A walk over the range, not a copy: a copy of most of 100,000 keys per request would be a
  // large-object allocation, and those bring on full collections of the whole store.
  *keys(): Iterable<number> {
    const all = this.all;
    for (let i = this.from; i < this.end; i += 1) yield all[i]!;
  }

  // Asked of every key of a smaller set (a list's count walk): the bounds are read once.
  has(k: number): boolean {
    if (this.keyOrdered) return k >= this.#lowKey && k <= this.#highKey && this.valueOf.get(k) !== undefined;
    const v = this.valueOf.get(k);
    return v !== undefined && (this.#inRange ??= rangeTest(this.range))(v);
  }
}

/** A range of the keys themselves: also read newest first, and by position. */
export class KeyRangeCandidates<V extends string | number> extends RangeCandidates<V> {
  *newestFirst(): Iterable<number> {
    const all = this.all;
    for (let i = this.end - 1; i >= this.from; i -= 1) yield all[i]!;
  }

  ascending(): AscendingRun[] {
    return [{ keys: this.all, from: this.from, to: this.end }];
  }
}
