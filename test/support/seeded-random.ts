/**
 * A small deterministic generator (mulberry32, as `src/common/random-ids.ts` draws its ids): floats
 * in [0, 1), the same run for the same seed, so a failing round names a reproducible one.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
