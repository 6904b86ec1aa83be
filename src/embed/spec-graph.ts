/**
 * Dereferenced specs as JSON and back, keeping object identity: dereferencing made every `$ref`
 * to one schema the same object, and the response checker compiles each shared schema once by
 * that identity (`shared-schemas.ts`). Plain `JSON.stringify` would copy every shared schema
 * wherever it is used. The browser build packs the specs at build time; the page unpacks them.
 */

/** The key that marks a reference to the shared table (no OpenAPI or JSON Schema keyword). */
const SHARED = '$omnitronShared';

export interface PackedGraph {
  shared: unknown[];
  root: unknown;
}

/** Packs a tree of plain objects and arrays (no cycles) whose objects may be shared. */
export function packGraph(root: unknown): PackedGraph {
  const uses = new Map<object, number>();
  const count = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    const n = (uses.get(value) ?? 0) + 1;
    uses.set(value, n);
    if (n > 1) return;
    for (const child of Array.isArray(value) ? value : Object.values(value)) count(child);
  };
  count(root);
  const ids = new Map<object, number>();
  const shared: unknown[] = [];
  const encode = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if ((uses.get(value) ?? 0) > 1) {
      let id = ids.get(value);
      if (id === undefined) {
        id = shared.length;
        ids.set(value, id);
        shared.push(null);
        shared[id] = inner(value);
      }
      return { [SHARED]: id };
    }
    return inner(value);
  };
  const inner = (value: object): unknown =>
    Array.isArray(value)
      ? value.map(encode)
      : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  return { root: encode(root), shared };
}

/** The tree `packGraph` was given: one object wherever it had one object. */
export function unpackGraph<T>(packed: PackedGraph): T {
  const built = new Map<number, unknown>();
  const decode = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(decode);
    const id = (value as Record<string, unknown>)[SHARED];
    if (typeof id === 'number') {
      if (!built.has(id)) built.set(id, decode(packed.shared[id]));
      return built.get(id);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = decode(v);
    return out;
  };
  return decode(packed.root) as T;
}
