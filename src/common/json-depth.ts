/**
 * How deep a JSON text of a client may nest: 1,000 arrays and objects. Python's json, which
 * Omnitron's DRF parses with, gives up about this deep (a `RecursionError`), so no body the API
 * can read is refused. Past it V8's `JSON.parse` slows more than linearly (a 1 MiB body of
 * `[[[…]]]`, 524,000 deep, took 250–550 ms of the event loop on a loaded machine), and a value
 * that deep, once stored, made every later `JSON.stringify` of it throw (a 500 on each read).
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Whether `text` opens more than `max` arrays and objects inside one another, counted as a JSON
 * parser would: brackets inside strings (escapes included) do not count. One pass, no allocation;
 * a text no longer than `max` cannot, so callers skip short texts without scanning them.
 * @example jsonNestingExceeds('[[["]]]]"]]]', 2) // true: the string holds no brackets
 */
export function jsonNestingExceeds(text: string, max: number = MAX_JSON_DEPTH): boolean {
  if (text.length <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // a backslash: the next unit is escaped, a quote too
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return false;
}
