import type { AscendingRun } from './candidates.ts';

/**
 * The keys at positions `start…end - 1` counted from the largest, of runs that share no key
 * (`Candidates.ascending`), skipping keys `accept` refuses (null: none is refused).
 *
 * One run and nothing refused — a status, a plan type, a channel — is read by position: a page at
 * offset 5,000 costs its own keys, not 5,000 steps (issue 26). Several runs (`status__in`, a
 * channel type of several channels) are merged from their ends, the largest head first: a step a
 * key above the page's end, times the number of runs. With `accept`, each key from the top is asked
 * until the page is full (an intersection: the other sets' `has`).
 */
export function topOfRuns(
  runs: readonly AscendingRun[],
  start: number,
  end: number,
  accept: ((key: number) => boolean) | null,
): number[] {
  const out: number[] = [];
  if (end <= start || start < 0) return out;
  if (runs.length === 1) {
    const { keys, from, to } = runs[0]!;
    if (accept === null) {
      for (let i = to - 1 - start, stop = Math.max(from, to - end); i >= stop; i -= 1) out.push(keys[i]!);
      return out;
    }
    let seen = 0;
    for (let i = to - 1; i >= from; i -= 1) {
      const key = keys[i]!;
      if (!accept(key)) continue;
      if (seen++ < start) continue;
      out.push(key);
      if (out.length >= end - start) break;
    }
    return out;
  }
  const at = runs.map((r) => r.to - 1);
  let seen = 0;
  for (;;) {
    let best = -1;
    let bestKey = 0;
    for (let j = 0; j < runs.length; j += 1) {
      const run = runs[j]!;
      if (at[j]! < run.from) continue;
      const key = run.keys[at[j]!]!;
      if (best < 0 || key > bestKey) {
        best = j;
        bestKey = key;
      }
    }
    if (best < 0) return out;
    at[best]! -= 1;
    if (accept !== null && !accept(bestKey)) continue;
    if (seen++ < start) continue;
    out.push(bestKey);
    if (out.length >= end - start) return out;
  }
}
