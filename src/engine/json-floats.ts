/**
 * How a body's numbers were written, where JSON.parse forgets it: Python's json reads `5` as an
 * `int` and `5.0` or `1e3` as a `float`. DRF's `UUIDField` takes only an `int`
 * (`uuid.UUID(int=…)`); a float is "Must be a valid UUID." Its `CharField`, `DecimalField` and
 * `ChoiceField` read `str(data)`: `"5"` for the int, `"5.0"` for the float. A body's shadow is the
 * same JSON with every number written with a fraction or an exponent replaced by a string: where the body holds
 * a number, the shadow holds a string exactly when that number was sent as a float.
 */
export type FloatShadow = unknown;

/** The shadow of a JSON text that parsed (undefined without a text, as for an empty body). */
export function floatShadow(text: string | undefined): FloatShadow {
  if (text === undefined) return undefined;
  return JSON.parse(floatsAsStrings(text)) as unknown;
}

/**
 * `text` (JSON that parsed) with each number written with a fraction or an exponent replaced by
 * `""`. One pass over the characters, a string skipped by `indexOf`: a regular expression of its
 * tokens took 10–15 times JSON.parse's CPU on a 1 MiB body, ~200 ms (review, eighteenth session;
 * `bench/float-shadow-cpu.ts`). Outside strings only a number holds `-` or a digit, and then
 * only digits, `.`, `e`, `E`, `+`, `-` until it ends.
 */
function floatsAsStrings(text: string): string {
  let out = '';
  let from = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // To the closing quote: the first one after an even run of backslashes.
      for (;;) {
        const q = text.indexOf('"', i + 1);
        if (q === -1) return text;
        let b = q - 1;
        while (text.charCodeAt(b) === 92 /* \ */) b -= 1;
        i = q;
        if ((q - 1 - b) % 2 === 0) break;
      }
      i += 1;
      continue;
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      let float = false;
      for (i += 1; i < n; i += 1) {
        const d = text.charCodeAt(i);
        if (d === 46 /* . */ || d === 101 /* e */ || d === 69 /* E */) float = true;
        else if (!((d >= 48 && d <= 57) || d === 43 /* + */ || d === 45)) break;
      }
      if (float) {
        out += `${text.slice(from, start)}""`;
        from = i;
      }
      continue;
    }
    i += 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * A stand-in for a shadow not built: every member's shadow is the probe itself, and asking
 * whether a number was sent as a float answers no and marks the probe. A body is read with one
 * first; only when a field asked (`asked`: a uuid field met a number, or a text, decimal or choice
 * field met a whole number — `numberText`) is the real shadow built and the body read again, so a
 * write whose numbers no such field reads pays no second pass over its text.
 */
export class FloatProbe {
  asked = false;
}

/** The shadow of a body's member or item (undefined where the shadow has none). */
export function shadowOf(shadow: FloatShadow, key: string | number): FloatShadow {
  if (typeof shadow !== 'object' || shadow === null) return undefined;
  if (shadow instanceof FloatProbe) return shadow;
  return Object.hasOwn(shadow, key) ? (shadow as Record<string, unknown>)[key] : undefined;
}

/** True when the number whose shadow this is was written as a float (a probe: false, and marked). */
export function sentAsFloat(shadow: FloatShadow): boolean {
  if (shadow instanceof FloatProbe) {
    shadow.asked = true;
    return false;
  }
  return typeof shadow === 'string';
}
