/**
 * Takes the items marked out of `sorted` and merges `added` into it, in place: how a kept ordering
 * files many written rows at once (`engine-orderings.ts`, `#fileMany`) instead of one shift of
 * the rows between two places per row (issue 26, fourteenth session). `sorted` is in `compare`'s
 * order and `compare` is a total order, so each added item lands where a binary search would put
 * it. False when `sorted` did not hold exactly `out` marked items: the caller then rebuilds.
 */
export function dropAndMerge<T>(sorted: T[], isOut: (item: T) => boolean, out: number, added: T[], compare: (a: T, b: T) => number): boolean {
  let kept = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    const item = sorted[i]!;
    if (!isOut(item)) sorted[kept++] = item;
  }
  if (sorted.length - kept !== out) return false;
  added.sort(compare);
  // From the end: each kept item moves up by as many as are added before it.
  let i = kept - 1;
  let j = added.length - 1;
  // Grown by push, shrunk by length: setting a greater length would leave V8 an array with holes,
  // which every later read of the kept order pays for (review, fourteenth session).
  const total = kept + added.length;
  if (total < sorted.length) sorted.length = total;
  while (sorted.length < total) sorted.push(added[0]!);
  for (let w = total - 1; j >= 0; w -= 1) {
    if (i >= 0 && compare(sorted[i]!, added[j]!) > 0) sorted[w] = sorted[i--]!;
    else sorted[w] = added[j--]!;
  }
  return true;
}
