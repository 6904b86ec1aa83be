import type { Store } from '../../store/store.ts';
import type { CancellationPlan } from '../../store/types.ts';
import { Utf8Writer } from '../../common/utf8-writer.ts';
import { planJsonBytes } from './plan-json-bytes.ts';
import { KeptReads, overlap } from './plan-json-reads.ts';
import { PlanAskCounts } from './plan-json-admission.ts';

/** How many plans' JSON is kept at most (and no more than `PLAN_JSON_CACHE_BYTES` of it). */
export const PLAN_JSON_CACHE_SIZE = 2000;

/**
 * How many bytes of plan JSON are kept at most: ~7.7 KB of UTF-8 a plan, so ~2,000 plans. Only
 * the bytes are kept (the text is decoded when asked for), so this holds twice the plans the
 * former 1,000 texts-and-bytes (~23 KB each, Turkish text makes a string two bytes a
 * character) did, in less memory.
 */
export const PLAN_JSON_CACHE_BYTES = 16 * 2 ** 20;

/**
 * The JSON text of `serializePlan(store, plan)`, kept for plans asked for again. Building and
 * stringifying a ~7.5 KB plan is most of what a plan detail costs the mock; a hit costs a dozen
 * `Map.get`s.
 *
 * Why a kept text is never stale — it is checked on every hit, not invalidated by writers:
 * - the text is used only for the very plan record it was built from, and stored records are
 *   immutable (a write `set`s a new object, index lists are replaced — store.ts), so one object
 *   always has one content;
 * - the text is built by `planJsonText`, which notes every `Map.get` it makes; on a hit each is
 *   asked again of the store given now, and the text is used only if every answer is the very
 *   same object (or `undefined` again). Same plan object, same inputs: same text, whoever wrote
 *   in between (API, fixtures, state import, another session's view);
 * - a collection that is not a `Map` (whose reads cannot be trusted to be asked again) marks the
 *   text uncacheable: it is answered and not kept.
 * What this relies on, beyond the immutability rule: `planJsonText` reads nothing but the plan,
 * the store through those noted reads, and constant tables (no clock, no config).
 */
export class PlanJsonCache {
  /**
   * The kept plans in slots, by columns (no object per plan: see plan-json-reads.ts for why), in a
   * ring oldest first: the oldest is dropped when full. Twice `capacity` slots, as a plan written
   * again leaves its old slot empty (its new text is kept as the newest) until the ring passes it.
   * Keyed by pk, not by record: a written plan's new text takes its old one's place instead of
   * crowding out another plan's (by record, a store of `capacity` plans under writes missed on
   * every read — first in, first out over a cycle longer than the cache).
   */
  readonly #slotOf = new Map<number, number>();
  readonly #slots: number;
  readonly #pk: Float64Array;
  /** The plan record each slot's JSON was built from; `undefined` for an empty slot. */
  readonly #plans: Array<CancellationPlan | undefined>;
  /** Where each slot's bytes are: the build's buffer (Utf8Writer's slab), offset and length. */
  readonly #buffers: Array<ArrayBufferLike | undefined>;
  readonly #offset: Uint32Array;
  readonly #length: Uint32Array;
  /** Each slot's reads in `#reads`: from where, how many. */
  readonly #readAt: Uint32Array;
  readonly #readCount: Uint32Array;
  readonly #reads: KeptReads;
  /**
   * Where this cache's plans are built and kept: its slabs are written again once no plan kept
   * here is in them, so kept bytes do not pile up as external memory that dies in old space. The
   * cache's own, so its slabs die with it: a writer shared by every cache kept the slabs of each
   * cache dropped by a `--watch` reload or a `fork()` for the life of the process.
   */
  readonly #kept = new Utf8Writer(undefined, true);
  /**
   * Where builds the admission rule does not keep are written: a recycling writer that retains
   * nothing, so each slab is written again once the run that filled it has ended.
   */
  readonly #passing = new Utf8Writer(undefined, true);
  /** Null when every build is kept (first in, first out): see `admits`. */
  readonly #asks: PlanAskCounts | null;
  #oldest = 0;
  /** Slots from the oldest to the newest, empty ones included. */
  #used = 0;
  #bytes = 0;

  constructor(
    readonly capacity: number = PLAN_JSON_CACHE_SIZE,
    readonly capacityBytes: number = PLAN_JSON_CACHE_BYTES,
    /** How many store reads are kept for all plans at most (a test makes it small, so its ring wraps). */
    readsSize: number = Math.max(READS_AT_LEAST, READS_A_PLAN * capacity),
    /**
     * Whether a full cache keeps a new build only if its plan was asked for more often lately than
     * the oldest kept one (plan-json-admission.ts): a walk through deep pages no longer pushes out
     * the plans asked for again and again. Off, every build is kept and the oldest pushed out.
     */
    admits = true,
  ) {
    this.#asks = admits ? new PlanAskCounts(Math.max(ASK_SLOTS_AT_LEAST, ASK_SLOTS_A_PLAN * capacity), Math.max(AGES_AT_LEAST, AGES_EVERY_A_PLAN * capacity)) : null;
    const slots = (this.#slots = Math.max(1, 2 * capacity));
    this.#pk = new Float64Array(slots);
    this.#plans = new Array<CancellationPlan | undefined>(slots).fill(undefined);
    this.#buffers = new Array<ArrayBufferLike | undefined>(slots).fill(undefined);
    this.#offset = new Uint32Array(slots);
    this.#length = new Uint32Array(slots);
    this.#readAt = new Uint32Array(slots);
    this.#readCount = new Uint32Array(slots);
    this.#reads = new KeptReads(readsSize);
  }

  /** Exactly `JSON.stringify(serializePlan(store, plan))` (tests: the routes send `bytes()`). */
  json(store: Store, plan: CancellationPlan): string {
    return decoder.decode(this.bytes(store, plan));
  }

  /**
   * The same JSON as UTF-8 bytes — what is kept: answering bytes spares encoding ~7.7 KB of
   * (mostly two-byte) text on every read; no text is made. A copy (into a shared slab, as a page's
   * bytes are): valid for good, so a detail can answer it — a socket may write it later.
   */
  bytes(store: Store, plan: CancellationPlan): Uint8Array {
    const view = this.borrow(store, plan);
    answers.begin();
    answers.bytes(view);
    return answers.take();
  }

  /**
   * The same bytes, not copied: a view of where they are kept, valid only until the synchronous
   * run it was asked in ends (the slabs of dropped plans are written again — see
   * `Utf8Writer.retain`). For a page or feed that joins its plans' bytes into one body at once.
   */
  borrow(store: Store, plan: CancellationPlan): Uint8Array {
    this.#asks?.ask(plan.pk);
    const slot = this.#slotOf.get(plan.pk);
    if (slot !== undefined && this.#plans[slot] === plan && this.#reads.stillAnswered(store, this.#readAt[slot]!, this.#readCount[slot]!)) {
      return new Uint8Array(this.#buffers[slot]!, this.#offset[slot], this.#length[slot]);
    }
    // Decided before the build: a build that will not be kept is written where nothing is kept
    // (`#passing`), so that the kept slabs hold kept plans only — kept plans scattered one a slab
    // among passing ones would each pin a whole 256 KiB slab.
    if (slot === undefined && !this.#admits(plan.pk)) {
      return planJsonBytes(store, plan, null, this.#passing);
    }
    const reads = this.#reads;
    reads.begin();
    const bytes = planJsonBytes(store, plan, reads, this.#kept);
    if (slot !== undefined) this.#drop(slot);
    if (reads.cacheable && this.capacity > 0 && bytes.byteLength <= this.capacityBytes && reads.staged <= reads.size) this.#keep(plan, bytes);
    return bytes;
  }

  /**
   * Whether a plan not kept is kept now: always while there is room; else only if it was asked
   * for more often lately than the oldest kept plan, which it would push out. (A kept plan built
   * again after a write keeps its place without asking.) A build not kept is answered all the same.
   */
  #admits(pk: number): boolean {
    const asks = this.#asks;
    if (asks === null || this.#slotOf.size < this.capacity) return true;
    // The plan it would push out: the oldest kept (slots emptied by a write are passed over).
    let victim = this.#oldest;
    for (let left = this.#used; this.#plans[victim] === undefined; victim = (victim + 1) % this.#slots) {
      if (--left <= 0) return true;
    }
    return asks.countOf(pk) > asks.countOf(this.#pk[victim]!);
  }

  #keep(plan: CancellationPlan, bytes: Uint8Array): void {
    const size = bytes.byteLength;
    while (this.#slotOf.size >= this.capacity || this.#bytes + size > this.capacityBytes || this.#used === this.#slots) this.#dropOldest();
    const reads = this.#reads;
    const head = reads.head;
    const at = reads.place();
    // Slots hold their reads in ring order, oldest first, all within one lap of the ring. Starting
    // over at 0 leaves [head, end) behind: the slots whose reads are there are the oldest, and go
    // first — else one could outlive a whole lap, and the reads written over a newer kept plan's
    // would go unchecked (its check would then read another plan's reads, and a stale text pass).
    if (at < head) {
      while (this.#used > 0 && this.#readAt[this.#oldest]! >= head) this.#dropOldest();
    }
    while (this.#used > 0 && overlap(at, reads.staged, this.#readAt[this.#oldest]!, this.#readCount[this.#oldest]!)) this.#dropOldest();
    const slot = (this.#oldest + this.#used) % this.#slots;
    this.#used += 1;
    this.#pk[slot] = plan.pk;
    this.#plans[slot] = plan;
    this.#buffers[slot] = bytes.buffer;
    this.#kept.retain(bytes.buffer);
    this.#offset[slot] = bytes.byteOffset;
    this.#length[slot] = size;
    this.#readAt[slot] = at;
    this.#readCount[slot] = reads.staged;
    reads.keep(at);
    this.#slotOf.set(plan.pk, slot);
    this.#bytes += size;
  }

  /** Frees the oldest slot (drops its plan, if it still holds one). */
  #dropOldest(): void {
    const slot = this.#oldest;
    if (this.#plans[slot] !== undefined) this.#drop(slot);
    this.#oldest = (slot + 1) % this.#slots;
    this.#used -= 1;
  }

  /** Empties a slot: its plan, bytes and reads are let go of (the slot stays in the ring). */
  #drop(slot: number): void {
    this.#slotOf.delete(this.#pk[slot]!);
    this.#bytes -= this.#length[slot]!;
    this.#plans[slot] = undefined;
    this.#kept.release(this.#buffers[slot]!);
    this.#buffers[slot] = undefined;
    this.#reads.drop(this.#readAt[slot]!, this.#readCount[slot]!);
  }

  /** How many plans' JSON is kept (tests). */
  get size(): number {
    return this.#slotOf.size;
  }

  /** How many bytes of JSON are kept (tests). */
  get keptBytes(): number {
    return this.#bytes;
  }
}

/** Reads a kept plan's build makes, on average room for (~15 at 100,000 plans: 4 + ~7 an item). */
const READS_A_PLAN = 48;
/**
 * The admission's counters: 16 a kept plan (a 32 KiB array for 2,000), halved every 10 asks a kept
 * plan — at least 4,096 counters and 1,000 asks, so that a small cache's counts are not mostly
 * other plans' (shared counters) or gone before a plan is asked for again.
 */
const ASK_SLOTS_A_PLAN = 16;
const ASK_SLOTS_AT_LEAST = 4096;
const AGES_EVERY_A_PLAN = 10;
const AGES_AT_LEAST = 1000;
const READS_AT_LEAST = 4096;

const decoder = new TextDecoder();

/** Where `bytes()` copies to: slabs never written again, so an answer stays valid. */
const answers = new Utf8Writer();
