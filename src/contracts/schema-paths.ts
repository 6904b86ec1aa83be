import { pointerSegments } from './json-pointer.ts';

type Schema = Record<string, unknown>;
const asSchemas = (v: unknown): Schema[] => (Array.isArray(v) ? (v as Schema[]) : []);

/**
 * The schemas that may describe `path` (a JSON pointer whose `*` segments stand for array
 * items) in a value matching the (dereferenced) `schema`; empty when the schema does not
 * describe it.
 */
export function schemasAt(schema: unknown, path: string): Schema[] {
  if (!schema || typeof schema !== 'object') return [];
  let candidates: Schema[] = [schema as Schema];
  for (const segment of pointerSegments(path)) {
    candidates = candidates.flatMap((s) => childSchemas(s, segment));
    if (candidates.length === 0) return [];
  }
  return candidates;
}

/** The schemas that may describe `path`, each with the branches of its combinators (`anyOf: [Decimal, NullValue]`). */
export function branchesAt(schema: unknown, path: string): Schema[] {
  return schemasAt(schema, path).flatMap(flatten);
}

/**
 * Whether the schema lets `path` be null. A path the schema does not describe (free-form
 * objects, no schema at all) may be null: the diff cannot call that drift.
 */
export function nullAllowedAt(schema: unknown, path: string): boolean {
  return memo(nullMemo, schema, path, () => {
    const candidates = schemasAt(schema, path);
    return candidates.length === 0 || candidates.some(allowsNull);
  });
}

/**
 * Whether `path` is a key of a free-form object (`attributes`, `extra_field`: no declared
 * properties, any key allowed). Such keys are data, not structure: which ones a record has
 * says nothing about drift. A declared property, a key of a closed object and a key of a typed
 * map (`additionalProperties: {schema}`, such as the plan statuses) are structure.
 */
export function isFreeFormKey(schema: unknown, path: string): boolean {
  return memo(freeFormMemo, schema, path, () => freeFormKey(schema, path));
}

function freeFormKey(schema: unknown, path: string): boolean {
  const cut = path.lastIndexOf('/');
  const key = pointerSegments(path.slice(cut)).at(0);
  if (key === undefined || key === '*') return false;
  const parents = schemasAt(schema, path.slice(0, cut)).flatMap(flatten);
  if (parents.length === 0) return false;
  if (parents.some((p) => p.properties && Object.hasOwn(p.properties as object, key))) return false;
  return parents.some((p) => {
    const declared = p.properties && Object.keys(p.properties as object).length > 0;
    const extra = p.additionalProperties;
    const combines = p.allOf !== undefined || p.anyOf !== undefined || p.oneOf !== undefined;
    return !declared && !combines && (extra === true || extra === undefined) && (p.type === 'object' || p.type === undefined);
  });
}

// Answers per (schema, path): the same operations and paths recur in every run.
const nullMemo = new WeakMap<object, Map<string, boolean>>();
const freeFormMemo = new WeakMap<object, Map<string, boolean>>();

function memo(cache: WeakMap<object, Map<string, boolean>>, schema: unknown, path: string, compute: () => boolean): boolean {
  if (!schema || typeof schema !== 'object') return compute();
  let byPath = cache.get(schema);
  if (!byPath) cache.set(schema, (byPath = new Map()));
  let answer = byPath.get(path);
  if (answer === undefined) byPath.set(path, (answer = compute()));
  return answer;
}

/** A schema and the branches of its combinators. */
function flatten(s: Schema): Schema[] {
  return [s, ...[...asSchemas(s.allOf), ...asSchemas(s.anyOf), ...asSchemas(s.oneOf)].flatMap(flatten)];
}

/** The schemas that may describe `segment` of a value matching `schema` (all branches of a combinator). */
function childSchemas(schema: Schema, segment: string): Schema[] {
  const out: Schema[] = [];
  const visit = (s: Schema): void => {
    for (const sub of [...asSchemas(s.allOf), ...asSchemas(s.anyOf), ...asSchemas(s.oneOf)]) visit(sub);
    if (segment === '*') {
      if (s.items && typeof s.items === 'object') out.push(s.items as Schema);
      return;
    }
    const props = s.properties as Record<string, Schema> | undefined;
    if (props && Object.hasOwn(props, segment)) out.push(props[segment]!);
    else if (s.additionalProperties && typeof s.additionalProperties === 'object') out.push(s.additionalProperties as Schema);
    else if (s.additionalProperties === true) out.push({});
  };
  visit(schema);
  return out;
}

/** OpenAPI 3.0's ways to allow null: `nullable`, `enum: [null]`, a combinator branch that does. */
export function allowsNull(s: Schema): boolean {
  if (s.nullable === true) return true;
  if (Array.isArray(s.enum)) return s.enum.includes(null);
  const either = [...asSchemas(s.anyOf), ...asSchemas(s.oneOf)];
  if (either.length > 0) return either.some(allowsNull);
  if (s.allOf) return s.type === undefined && asSchemas(s.allOf).every(allowsNull);
  return s.type === undefined && s.properties === undefined && s.items === undefined;
}
