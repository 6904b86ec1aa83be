/**
 * How a body's numbers were written, where JSON.parse forgets it: Python's json reads `5` as an
 * `int` and `5.0` or `1e3` as a `float`, and DRF's `UUIDField` takes only an `int`
 * (`uuid.UUID(int=…)`); a float is "Must be a valid UUID." A body's shadow is the same JSON with
 * every number written with a fraction or an exponent replaced by a string: where the body holds
 * a number, the shadow holds a string exactly when that number was sent as a float.
 */
export type FloatShadow = unknown;

/** A whole JSON string, or a JSON number (in text JSON.parse took, nothing else holds digits). */
const TOKENS = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** The shadow of a JSON text that parsed (undefined without a text, as for an empty body). */
export function floatShadow(text: string | undefined): FloatShadow {
  if (text === undefined) return undefined;
  return JSON.parse(text.replace(TOKENS, (t) => (t.charCodeAt(0) !== 34 /* " */ && /[.eE]/.test(t) ? '""' : t))) as unknown;
}

/** The shadow of a body's member or item (undefined where the shadow has none). */
export function shadowOf(shadow: FloatShadow, key: string | number): FloatShadow {
  if (typeof shadow !== 'object' || shadow === null) return undefined;
  return Object.hasOwn(shadow, key) ? (shadow as Record<string, unknown>)[key] : undefined;
}

/** True when the number whose shadow this is was written as a float. */
export function sentAsFloat(shadow: FloatShadow): boolean {
  return typeof shadow === 'string';
}
