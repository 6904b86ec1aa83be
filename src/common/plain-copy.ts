/**
 * A deep copy of a tree of plain objects, arrays and primitives — what the store's JSON-sourced
 * attribute bags are (seeded, PATCHed or imported as JSON) — made by hand, 10–50 × cheaper than
 * `structuredClone` on such small trees (bench/findings.md, seventh session, hot-reads-2). It
 * copies what `structuredClone` copies: own enumerable string keys, array slots, and a fresh
 * `Object.prototype` object for a null-prototype one. Any other object inside (a `Date`, a
 * `Map`, a typed array) is handed to `structuredClone` itself, so on the store's JSON-sourced
 * values the result is the same (test/plain-copy.test.ts holds it to `structuredClone`).
 * @example const safe = copyPlain(request.attributes); // the caller may change `safe` freely
 */
export function copyPlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i += 1) {
      if (i in value) out[i] = copyPlain(value[i]);
    }
    return out as T;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copyPlain((value as Record<string, unknown>)[key]);
    // An own `__proto__` key (JSON.parse makes one) stays a key, as structuredClone keeps it.
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out as T;
}
