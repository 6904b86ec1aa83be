/**
 * Whether keeping parses pays for this filter set now. Keeping one costs more than parsing it
 * again unless it is asked again while kept: a kept parse and its binding (~3 KB) outlive a few
 * young-generation collections, are copied by each and promoted, and cost a full mark later —
 * with every query missing (a client cycling through 2,000 distinct dates, two generations of
 * ~966), a request list's parse cost ~16 µs kept against ~3 µs parsed and bound without keeping
 * it (`bench/parse-keep-cost.ts`, seventeenth session). So the set counts its lookups: when fewer
 * than `HITS_TO_ADMIT_ALL` of the last `ADMISSION_WINDOW` found their parse kept, only every
 * `ADMIT_ONE_IN`th query missing in both generations is kept, and the rest are parsed for the
 * request alone. Every answer is the same either way (a parse is a pure function of the query);
 * only what is kept differs. A client whose queries fit the table is back to keeping every miss
 * once a window of `ADMISSION_WINDOW` lookups finds `HITS_TO_ADMIT_ALL` kept: for a working set
 * of N queries, some 8·ln 4 ≈ 11 passes over it (a review counted 14 passes for 100 queries after
 * a walk of 3,000). The count is per filter set's shape, process-wide: one client walking, in any
 * session or mock of the process, sets every client of that set to 1 in 8 — their cost, never an
 * answer.
 */
export interface Admission {
  lookups: number;
  hits: number;
  /** Whether every missing query is kept (the last window hit often enough). */
  all: boolean;
  /** Misses since one was last kept, while not `all`. */
  skipped: number;
}

const ADMISSION_WINDOW = 1024;
const HITS_TO_ADMIT_ALL = 768;
export const ADMIT_ONE_IN = 8;

/** Counts one lookup of `names`' kept parses, closing a window every `ADMISSION_WINDOW`. */
export function countLookup(admission: Admission, hit: boolean): void {
  if (hit) admission.hits += 1;
  admission.lookups += 1;
  if (admission.lookups < ADMISSION_WINDOW) return;
  admission.all = admission.hits >= HITS_TO_ADMIT_ALL;
  admission.lookups = 0;
  admission.hits = 0;
}

/** A set's count before its first lookup: every missing query kept. */
export function newAdmission(): Admission {
  return { lookups: 0, hits: 0, all: true, skipped: 0 };
}
