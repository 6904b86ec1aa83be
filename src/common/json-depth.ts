/**
 * How deep a JSON text of a client may nest: 1,000 arrays and objects. Python's json, which
 * Omnitron's DRF parses with, gives up near this depth on Python 3.11 (~990, a `RecursionError`,
 * a 500 there); 3.12 reads ~1,500 deep and 3.13 ~10,000 (rev-qa5), so on a newer Python Omnitron
 * may read a body the mock refuses — deliberately: no body of the served API nests past a few
 * levels. Past it V8's `JSON.parse` slows more than linearly (a 1 MiB body of
 * `[[[…]]]`, 524,000 deep, took 250–550 ms of the event loop on a loaded machine), and a value
 * that deep, once stored, made every later `JSON.stringify` of it throw (a 500 on each read).
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Whether `text` opens more than `max` arrays and objects inside one another, counted as a JSON
 * parser would: brackets inside strings (escapes included) do not count. One pass, no allocation;
 * a text no longer than `max` cannot, so callers skip short texts without scanning them.
 * @example jsonNestingExceeds('[["[[[["]]', 2) // false: the brackets in the string do not count
 */
export function jsonNestingExceeds(text: string, max: number = MAX_JSON_DEPTH): boolean {
  if (text.length <= max) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: on to its closing quote by `indexOf` (a loop over each unit of a 1 MiB string
      // cost as much as parsing it), a quote after an odd run of backslashes being escaped.
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end === -1) return false; // never closed: JSON.parse refuses it
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes += 1;
        if (slashes % 2 === 0) break;
      }
      i = end;
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return false;
}
