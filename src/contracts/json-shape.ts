import { escapeSegment, pointerSegments } from './json-pointer.ts';

export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

/** What one body showed at one path, over every array item that path covers. */
export interface PathShape {
  types: Set<JsonType>;
  /** How many values were seen here (for a key: how many of its parent objects carry it). */
  count: number;
  /** How many of those values were objects (the denominator for their keys). */
  objects: number;
  /** The values seen, as JSON text, for a compared (enumerated) field; else undefined. */
  values?: Set<string>;
}

/** Path → shape; paths are JSON pointers with `*` for "any array item" (`/results/*\/status`). */
export type Shape = Map<string, PathShape>;

export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'boolean' || t === 'number' || t === 'string' ? t : 'object';
}

/**
 * Whether `path` is an enumerated field to compare: a field of the resource itself, that is of
 * the body (`/status`) or of a list's rows (`/results/*\/status`, `/*\/status`), and not a
 * same-named field of something nested in it (an order's own `status`).
 */
export function isComparedField(path: string, fields: readonly string[]): boolean {
  const cut = path.lastIndexOf('/');
  if (cut < 0) return false;
  const [last] = pointerSegments(path.slice(cut));
  if (last === undefined || !fields.includes(last)) return false;
  const parent = path.slice(0, cut);
  return parent === '' || parent === '/results/*' || parent === '/*';
}

/**
 * Folds a JSON body into its shape: for every path (array items merged under `*`), the types
 * seen and how often, so two bodies holding different records can be compared structurally.
 */
export function collectShape(body: unknown, comparedFields: readonly string[]): Shape {
  const shape: Shape = new Map();
  const visit = (value: unknown, path: string): void => {
    const type = jsonType(value);
    let entry = shape.get(path);
    if (!entry) {
      entry = { types: new Set(), count: 0, objects: 0 };
      if (isComparedField(path, comparedFields)) entry.values = new Set();
      shape.set(path, entry);
    }
    entry.types.add(type);
    entry.count += 1;
    if (entry.values && type !== 'object' && type !== 'array') entry.values.add(JSON.stringify(value));
    if (type === 'array') for (const item of value as unknown[]) visit(item, `${path}/*`);
    else if (type === 'object') {
      entry.objects += 1;
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) visit(child, `${path}/${escapeSegment(key)}`);
    }
  };
  visit(body, '');
  return shape;
}
