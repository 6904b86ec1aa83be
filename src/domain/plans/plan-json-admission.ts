/**
 * How often each plan's JSON was asked for lately, for `PlanJsonCache`'s admission rule: a full
 * cache keeps a newly built plan only if it was asked for more often than the plan it would push
 * out (the oldest kept). Without it a walk through deep pages — ten plans a page, each asked for
 * once — pushed out every kept plan in turn (first in, first out), and the plans asked for again
 * and again (the first pages of a list, a plan being worked on) were built again after every
 * such walk. At 100,000 plans the many-match rows cycle through ~10,000 plans against 2,000 kept:
 * kept by arrival, a kept plan was gone before it was asked for again, and nearly every plan of
 * every page was built (issue 26, bench/findings.md, eleventh session).
 *
 * The counts are approximate and bounded: 4-bit counters in one typed array indexed by a hash of
 * the pk (two plans may share one; then both look a little more asked for), halved every
 * `agesEvery` counts so that what was asked for long ago fades (the "TinyLFU" admission of
 * Einziger, Friedman and Manes, without its doorkeeper). No object per plan: nothing here is
 * promoted or marked per request.
 */
export class PlanAskCounts {
  readonly #counts: Uint8Array;
  readonly #mask: number;
  #sinceAging = 0;

  /** `slots`: a power of two, several times the cache's capacity. `agesEvery`: counts between halvings. */
  constructor(
    slots: number,
    readonly agesEvery: number,
  ) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(2, slots)));
    this.#counts = new Uint8Array(size);
    this.#mask = size - 1;
  }

  /** Counts one ask for `pk`'s JSON (a hit or a build). */
  ask(pk: number): void {
    const i = this.#slot(pk);
    const counts = this.#counts;
    if (counts[i]! < 15) counts[i]! += 1;
    if (++this.#sinceAging >= this.agesEvery) this.#age();
  }

  /** How often `pk`'s JSON was asked for lately (0–15). */
  countOf(pk: number): number {
    return this.#counts[this.#slot(pk)]!;
  }

  #slot(pk: number): number {
    // Fibonacci hashing: neighbouring pks (a page's plans) land far apart.
    return (Math.imul(pk | 0, 0x9e3779b1) >>> 8) & this.#mask;
  }

  #age(): void {
    this.#sinceAging = 0;
    const counts = this.#counts;
    for (let i = 0; i < counts.length; i += 1) counts[i]! >>>= 1;
  }
}
