/**
 * `text` without the UTF-16 units `cut` names at either end: one pass in from each end, no
 * regular expression (a pattern anchored at both ends, `/^X+|X+$/`, is quadratic on a long run
 * of X that ends in something else). The same string back when nothing is cut.
 * @example stripEnds('{{ab}}', (c) => c === 0x7b || c === 0x7d) // 'ab'
 */
export function stripEnds(text: string, cut: (unit: number) => boolean): string {
  let from = 0;
  let to = text.length;
  while (from < to && cut(text.charCodeAt(from))) from += 1;
  while (to > from && cut(text.charCodeAt(to - 1))) to -= 1;
  return from === 0 && to === text.length ? text : text.slice(from, to);
}
