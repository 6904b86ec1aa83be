/**
 * How deep a JSON text of a client may nest: 1,000 arrays and objects. Python's json, which
 * Omnitron's DRF parses with, gives up about this deep (a `RecursionError`), so no body the API
 * can read is refused; and a value deeper, once stored (a webhook subscription's `config`, a fault
 * rule's `body`), made every later `JSON.stringify` of it throw: a 500 on each read.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * How many arrays and objects a JSON text of a client may hold: 10,000. `JSON.parse` spends
 * 0.2–0.75 µs on each (more for arrays that hold arrays, and more under `npm start`'s 4 MiB young
 * generation, which each one's bytes pass through), so the 524,000 a 1 MiB body can hold took
 * 0.3–1 s of the event loop on a loaded machine, from anyone: login needs no token. No body of
 * the served API needs more than a few hundred (a bulk tag write is three); 10,000 parse in a few
 * milliseconds. The state import has its own reader and limits (`persist/`).
 */
export const MAX_JSON_CONTAINERS = 10_000;

export interface JsonLimits {
  depth: number;
  containers: number;
}

const LIMITS: JsonLimits = { depth: MAX_JSON_DEPTH, containers: MAX_JSON_CONTAINERS };

/**
 * Why `text` is refused before it is parsed — nested deeper than `limits.depth`, or holding more
 * than `limits.containers` arrays and objects — or null. Counted as a JSON parser would: brackets
 * inside strings (escapes included) do not count. One pass, no allocation; a text no longer than
 * both limits allow cannot exceed them and is not scanned (an ordinary write body).
 * @example jsonTextProblem('[["[[[["]]', { depth: 2, containers: 10 }) // null: the brackets in the string do not count
 */
export function jsonTextProblem(text: string, limits: JsonLimits = LIMITS): string | null {
  if (text.length <= limits.depth && text.length <= limits.containers * 2) return null;
  let depth = 0;
  let containers = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: on to its closing quote by `indexOf` (a loop over each unit of a 1 MiB string
      // cost as much as parsing it), a quote after an odd run of backslashes being escaped.
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end === -1) return null; // never closed: JSON.parse refuses it
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes += 1;
        if (slashes % 2 === 0) break;
      }
      i = end;
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > limits.depth) return `nested more than ${limits.depth} levels deep`;
      containers += 1;
      if (containers > limits.containers) return `more than ${limits.containers} arrays and objects`;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return null;
}
