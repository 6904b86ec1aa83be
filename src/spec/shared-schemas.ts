/**
 * The response schemas of one dereferenced document, in the shape a validator compiles best:
 * every schema used at more than one place becomes a component of its own, with an id, and each
 * place it was used holds a `$ref` to that id. Added once to the document's validator
 * (openapi-response-validator's `externalSchemas`), a component is compiled once for all the
 * operations and statuses that use it, as a function of its own; compiled from the dereferenced
 * schemas as they are, `Order`, `User`… were inlined again at every place they occur (large
 * generated code, slow to compile, and slower to run).
 *
 * Dereferencing keeps object identity — every `$ref` to one schema became the same object — so
 * the shared schemas are the objects met more than once (and any on a cycle); what a `$ref`
 * with siblings merged into a copy stays inline, as the dereferenced document has it. Every
 * object schema with `properties` becomes a component too, used once or not, so that no
 * generated function holds a whole tree (a plan with its items inline made one of 176 KB, and
 * validated a page a third slower than the same code cut at each object).
 * Keys are made from the first place a component is met; a key never shows in a finding (findings
 * carry the body's path and Ajv's message only).
 */

/** Where component ids live: never fetched, only a namespace for Ajv's ref resolution. */
export const COMPONENT_ID_BASE = 'https://omnitron-mock.invalid/components/';

type Json = Record<string, unknown>;

/** Keywords whose value maps names to schemas: a name there is not a keyword. */
export const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);
/** Keywords whose value is data, not a schema: kept as they are. */
export const DATA_KEYWORDS = new Set(['example', 'examples', 'enum', 'const']);

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Calls `visit(child, name)` for every subschema of a schema object. */
function eachSubschema(node: Json, visit: (child: unknown, name: string) => void): void {
  for (const [key, v] of Object.entries(node)) {
    if (key === 'default' || DATA_KEYWORDS.has(key) || key.startsWith('x-')) continue;
    if (SCHEMA_MAPS.has(key) && isObject(v)) for (const [name, sub] of Object.entries(v)) visit(sub, name);
    else if (Array.isArray(v)) v.forEach((item, i) => visit(item, `${key}.${i}`));
    else visit(v, key);
  }
}

/**
 * The shared schemas of a document's response schemas, found once; `prepare` copies a schema
 * for the validator (components as refs, `default`s dropped), `components` lists what the copies
 * refer to.
 */
export class SharedSchemas {
  /** Shared schema → its component key. */
  private readonly keys = new Map<object, string>();
  /** Original schema object → its copy. */
  private readonly copies = new Map<object, object>();
  /** Key → the prepared component and the keys it refers to. */
  private readonly prepared = new Map<string, { schema: object; refs: Set<string> }>();

  /** `roots`: every schema the validator will compile, each with a name for its key. */
  constructor(roots: Iterable<[name: string, schema: object]>) {
    const seenAt = new Map<object, string>();
    const usedKeys = new Set<string>();
    const share = (node: object, where: string): void => {
      if (this.keys.has(node)) return;
      const base = where.replace(/[^A-Za-z0-9_.-]+/g, '_') || 'schema';
      let key = base;
      for (let n = 2; usedKeys.has(key); n++) key = `${base}-${n}`;
      usedKeys.add(key);
      this.keys.set(node, key);
    };
    let isRoot = false;
    const walk = (value: unknown, where: string): void => {
      if (!isObject(value)) {
        if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${where}.${i}`));
        return;
      }
      const first = seenAt.get(value);
      if (first !== undefined) {
        // Met again: shared (a cycle included, met again on its own path).
        share(value, first);
        return;
      }
      seenAt.set(value, where);
      if (!isRoot && isObject(value.properties)) share(value, where);
      isRoot = false;
      eachSubschema(value, (child, name) => walk(child, `${where}.${name}`));
    };
    for (const [name, schema] of roots) {
      isRoot = true;
      walk(schema, name);
    }
  }

  /** A copy of one of the roots for the validator; the component keys it refers to go in `refs`. */
  prepare(schema: object, refs: Set<string>): object {
    return this.copy(schema, refs, undefined);
  }

  /** The components (id → prepared schema) that the given keys reach, themselves included. */
  components(keys: Iterable<string>): Record<string, object> {
    const out: Record<string, object> = {};
    const pending = [...keys];
    for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
      if (`${COMPONENT_ID_BASE}${key}` in out) continue;
      const component = this.prepared.get(key)!;
      out[`${COMPONENT_ID_BASE}${key}`] = component.schema;
      pending.push(...component.refs);
    }
    return out;
  }

  /** A `$ref` to a shared schema, preparing its component the first time. */
  private refTo(node: Json, refs: Set<string>): Json {
    const key = this.keys.get(node)!;
    if (!this.prepared.has(key)) {
      const component = { schema: {} as object, refs: new Set<string>() };
      this.prepared.set(key, component);
      component.schema = this.copy(node, component.refs, node);
    }
    refs.add(key);
    const ref: Json = { $ref: `${COMPONENT_ID_BASE}${key}` };
    // openapi-response-validator drops writeOnly properties from `required` by looking at the
    // property's own schema: keep the flag visible beside the ref, as it was when inlined.
    if (node.writeOnly === true) ref.writeOnly = true;
    return ref;
  }

  /**
   * A copy of a schema without `default` (see `withoutDefaults`), each shared schema in it
   * replaced by a ref; `self`, the component being copied, is inline at the top of its own copy
   * (and a ref further down, where it recurs).
   */
  private copy(schema: object, refs: Set<string>, self: object | undefined): object {
    const walk = (value: unknown, top = false): unknown => {
      if (value === null || typeof value !== 'object') return value;
      if (Array.isArray(value)) return value.map((item) => walk(item));
      const node = value as Json;
      if (!(top && node === self) && this.keys.has(node)) return this.refTo(node, refs);
      const done = this.copies.get(node);
      if (done) {
        collectRefs(done, refs);
        return done;
      }
      const out: Json = {};
      this.copies.set(node, out);
      for (const [key, v] of Object.entries(node)) {
        if (key === 'default') continue;
        if (DATA_KEYWORDS.has(key) || key.startsWith('x-')) out[key] = v;
        else if (SCHEMA_MAPS.has(key) && isObject(v)) {
          const map: Json = {};
          for (const [name, sub] of Object.entries(v)) map[name] = walk(sub);
          out[key] = map;
        } else out[key] = walk(v);
      }
      draft07Bounds(out);
      return out;
    };
    return walk(schema, true) as object;
  }
}

/**
 * OpenAPI 3.0 writes an exclusive bound as a flag beside `minimum`/`maximum`
 * (`exclusiveMinimum: true`); the validator's Ajv reads JSON Schema's number form and refuses the
 * flag, which made every answer of an operation using it a 500. The copy gets the number form.
 */
function draft07Bounds(out: Json): void {
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else delete out[flag];
  }
}

/** Adds the component keys a prepared copy refers to (a copy reused in another root). */
function collectRefs(copy: unknown, refs: Set<string>): void {
  if (copy === null || typeof copy !== 'object') return;
  for (const [key, v] of Object.entries(copy)) {
    if (key === '$ref' && typeof v === 'string' && v.startsWith(COMPONENT_ID_BASE)) refs.add(v.slice(COMPONENT_ID_BASE.length));
    else collectRefs(v, refs);
  }
}
