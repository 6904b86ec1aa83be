import type { Store } from '../../store/store.ts';
import type { PlanReads } from './plan-json-bytes.ts';

/**
 * The store reads that kept plan JSON was built from, for `PlanJsonCache`: one ring of
 * preallocated arrays (a map's code, the key, the value answered) instead of an object per read.
 *
 * Why not objects: a kept plan's reads (~15 of them: its order, users, items, reasons, products,
 * lists) live as long as the cache keeps the plan — ~2,000 plans, a few hundred pages at 100,000
 * plans — so they outlive every young collection, are promoted, and die in old space, where only
 * a full mark of the whole ~450 MB heap frees them. At 8 connections reading plans no cache holds
 * that was ~1 KB promoted a plan, ~5 MB a second, and a mark-compact every ~1.6 s: the many-match
 * plan rows' p99 (bench/findings.md, eighth session). Numbers in typed arrays are no objects, and
 * the values are the store's records, already old; so a kept plan promotes nothing.
 *
 * A build's reads are noted into a staging area first (`begin`, `note`: the `PlanReads` handed to
 * `planJsonBytes`), then copied into the ring at a place the cache frees for them (`place`,
 * `keep`): places are handed out in ring order, so the cache frees them oldest first.
 */
export class KeptReads implements PlanReads {
  cacheable = true;
  /** How many reads the build under way noted. */
  staged = 0;
  #stageMap = new Uint8Array(64);
  #stageKey = new Float64Array(64);
  #stageValue: unknown[] = new Array<unknown>(64).fill(undefined);

  readonly #map: Uint8Array;
  readonly #key: Float64Array;
  readonly #value: unknown[];
  /** Where the next kept build's reads go. */
  #head = 0;

  /** `size`: how many reads the ring keeps at most. */
  constructor(readonly size: number) {
    this.#map = new Uint8Array(size);
    this.#key = new Float64Array(size);
    this.#value = new Array<unknown>(size).fill(undefined);
  }

  /** Starts noting a build's reads. */
  begin(): void {
    this.#stageValue.fill(undefined, 0, this.staged);
    this.staged = 0;
    this.cacheable = true;
  }

  note(map: keyof Store, key: number, value: unknown): void {
    const at = this.staged;
    if (at === this.#stageMap.length) this.#grow();
    this.#stageMap[at] = codeOf(map);
    this.#stageKey[at] = key;
    this.#stageValue[at] = value;
    this.staged = at + 1;
  }

  /** Where the next kept build's reads would go if they fit before the ring's end. */
  get head(): number {
    return this.#head;
  }

  /** Where the staged reads would go: after the last kept ones, or at the ring's start if they do not fit before its end. */
  place(): number {
    return this.#head + this.staged <= this.size ? this.#head : 0;
  }

  /** Copies the staged reads to `at` (from `place()`, once the cache freed the places there). */
  keep(at: number): void {
    const n = this.staged;
    this.#map.set(this.#stageMap.subarray(0, n), at);
    this.#key.set(this.#stageKey.subarray(0, n), at);
    for (let i = 0; i < n; i += 1) this.#value[at + i] = this.#stageValue[i];
    this.#head = at + n;
  }

  /** Lets go of the records `n` reads from `at` answered (their plan left the cache). */
  drop(at: number, n: number): void {
    this.#value.fill(undefined, at, at + n);
  }

  /** Whether every kept read from `at` on is answered by the very same value in `store` now. */
  stillAnswered(store: Store, at: number, n: number): boolean {
    for (let i = at; i < at + n; i += 1) {
      const map = store[MAP_NAMES[this.#map[i]!]!] as unknown as Map<number, unknown>;
      if (map.get(this.#key[i]!) !== this.#value[i]) return false;
    }
    return true;
  }

  #grow(): void {
    const n = this.#stageMap.length * 2;
    const map = new Uint8Array(n);
    map.set(this.#stageMap);
    const key = new Float64Array(n);
    key.set(this.#stageKey);
    this.#stageMap = map;
    this.#stageKey = key;
    this.#stageValue.length = n;
    this.#stageValue.fill(undefined, n / 2, n);
  }
}

/** Whether the places `[a, a + n)` and `[b, b + m)` of a ring share one. */
export const overlap = (a: number, n: number, b: number, m: number): boolean => a < b + m && b < a + n;

/** The collections a build reads, by code (a code is given to a name the first time it is read). */
const MAP_NAMES: Array<keyof Store> = [];
const MAP_CODES = new Map<keyof Store, number>();
function codeOf(map: keyof Store): number {
  let code = MAP_CODES.get(map);
  if (code === undefined) {
    code = MAP_NAMES.push(map) - 1;
    if (code > 255) throw new RangeError('KeptReads: more than 256 collections read');
    MAP_CODES.set(map, code);
  }
  return code;
}
