import type { OpenAPIV3 } from 'openapi-types';
import { FIELD_MESSAGES } from '../domain/errors.ts';
import { booleanField, drfInteger } from '../domain/shared/drf-fields.ts';
import { pythonTypeName } from '../domain/shared/drf-input.ts';
import { readChoice } from './choice-fields.ts';
import { shadowOf, type FloatShadow } from './json-floats.ts';
import { bounded, fail, FORMAT_MESSAGES, readString, type Read } from './string-fields.ts';

export { FORMAT_MESSAGES } from './string-fields.ts';

type Schema = OpenAPIV3.SchemaObject;
type Errors = Record<string, unknown>;

/** The fields the mock fills whatever the client sends (DRF's read-only fields). */
export function isReadOnly(name: string, schema: Schema, idField: string): boolean {
  return schema.readOnly === true || name === idField || name === 'created_date' || name === 'modified_date' || name === 'uuid';
}

/**
 * Reads a posted body as a DRF `ModelSerializer` built from `schema` would: every writable field
 * is read and all errors are answered together in DRF's words; read-only and undeclared keys are
 * dropped; `partial` (PATCH) requires nothing. Answers the accepted values, or the error body.
 * `options.floats` is the body's float shadow (json-floats.ts), where a field needs to know how a
 * number was written.
 */
export function validateBody(
  body: unknown,
  schema: Schema,
  options: { partial: boolean; idField: string; floats?: FloatShadow },
): { values: Record<string, unknown> } | { errors: Errors } {
  if (body === null) return { errors: { non_field_errors: [FIELD_MESSAGES.noData] } };
  if (typeof body !== 'object' || Array.isArray(body)) {
    return { errors: { non_field_errors: [FIELD_MESSAGES.notADict(pythonTypeName(body))] } };
  }
  const data = body as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  let errors: Errors | null = null;
  const { fields, required } = writableFieldsOf(schema, options.idField);
  for (const [name, field] of fields) {
    const value = data[name];
    if (value === undefined) {
      if (required.has(name) && !options.partial) (errors ??= {})[name] = [FIELD_MESSAGES.required];
      continue;
    }
    const read = readValue(value, field, options.partial, shadowOf(options.floats, name));
    if ('error' in read) (errors ??= {})[name] = read.error;
    else values[name] = read.value;
  }
  return errors !== null ? { errors } : { values };
}

/** A schema's writable fields (in its order) and its required names: what every write reads. */
interface WritableFields {
  fields: ReadonlyArray<readonly [string, Schema]>;
  required: ReadonlySet<string>;
}

/** Per schema object and id field: found on a route's first write, not on each (specs are not edited once loaded). */
const writable = new WeakMap<Schema, Map<string, WritableFields>>();

function writableFieldsOf(schema: Schema, idField: string): WritableFields {
  let byId = writable.get(schema);
  if (byId === undefined) writable.set(schema, (byId = new Map()));
  let found = byId.get(idField);
  if (found === undefined) {
    const fields = Object.entries(schema.properties ?? {})
      .map(([name, raw]) => [name, raw as Schema] as const)
      .filter(([name, field]) => !isReadOnly(name, field, idField));
    found = { fields, required: new Set(schema.required ?? []) };
    byId.set(idField, found);
  }
  return found;
}


/**
 * One present value against its schema: converted as DRF's field would, or its messages.
 * `partial` is the root serializer's: DRF's fields skip a missing value whenever `self.root.partial`
 * (`Field.validate_empty_values`), so a PATCH's nested object requires nothing either, and what it
 * sends is merged into the stored object (`mergeNested`). The objects of a nested list still
 * require their fields: a list replaces the stored one whole, and an item without them would be
 * stored as an object the document refuses (a `--strict` list would answer 500).
 */
export function readValue(raw: unknown, schema: Schema, partial = false, floats?: FloatShadow): Read {
  const s = effectiveKept(schema);
  if (raw === null) return s.nullable ? { value: null } : fail(FIELD_MESSAGES.null);
  if (s.enum) return readChoice(raw, s, floats);
  switch (s.type) {
    case 'integer': return readInteger(raw, s);
    case 'number': return readNumber(raw, s);
    case 'boolean': return booleanField(raw);
    case 'array': return readArray(raw, s as OpenAPIV3.ArraySchemaObject, floats);
    case 'object': {
      if (s.properties === undefined) return readFreeForm(raw, s, floats);
      const nested = validateBody(raw, s, { partial, idField: '', floats });
      return 'errors' in nested ? { error: nested.errors } : { value: nested.values };
    }
    case 'string': return readString(raw, s, floats);
    // No type (drf-spectacular's `JSONField`): any value, held to the free-form depth.
    default: return typeof raw === 'object' && raw !== null && !nestsWithin(raw, FREE_FORM_DEPTH) ? fail(FIELD_MESSAGES.nestedTooDeep(FREE_FORM_DEPTH)) : { value: raw };
  }
}

/**
 * How deep a free-form value may nest (itself the first level): the state file refuses a record
 * nested past 32 (`src/persist/record-shapes.ts`), so a deeper value, once stored, would stop the
 * next start of a `--state-file` mock. Half of that leaves room for the serializers around it.
 */
export const FREE_FORM_DEPTH = 16;

/**
 * An object with no declared properties (`{type: object}`, drf-spectacular's `DictField`, the
 * vendor's `attributes`): any dictionary, kept as sent — each value read against
 * `additionalProperties` where that is a schema (a `DictField`'s child). It was read as a
 * serializer with no fields, so every key was dropped and `{}` stored.
 */
function readFreeForm(raw: unknown, s: Schema, floats: FloatShadow): Read {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(FIELD_MESSAGES.notADictOfItems(pythonTypeName(raw)));
  if (!nestsWithin(raw, FREE_FORM_DEPTH)) return fail(FIELD_MESSAGES.nestedTooDeep(FREE_FORM_DEPTH));
  const child = typeof s.additionalProperties === 'object' && Object.keys(s.additionalProperties).length > 0 ? (s.additionalProperties as Schema) : null;
  if (child === null) return { value: raw };
  // Entries, not assignments: a client's `__proto__` key is a key (`out.__proto__ = 5` dropped it).
  const out: Array<[string, unknown]> = [];
  const errors: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(raw)) {
    const read = readValue(value, child, false, shadowOf(floats, key));
    if ('error' in read) errors.push([key, read.error]);
    else out.push([key, read.value]);
  }
  return errors.length > 0 ? { error: Object.fromEntries(errors) } : { value: Object.fromEntries(out) };
}

/** True when `value` nests at most `levels` deep; walks without recursion (a body may be 100,000 deep). */
function nestsWithin(value: unknown, levels: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > levels) return false;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return true;
}

function readInteger(raw: unknown, s: Schema): Read {
  const n = drfInteger(raw);
  if (typeof n === 'string') return fail(n);
  return bounded(n, s) ?? { value: n };
}

function readNumber(raw: unknown, s: Schema): Read {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (typeof raw === 'boolean' || !Number.isFinite(n)) return fail(FORMAT_MESSAGES.invalidNumber);
  return bounded(n, s) ?? { value: n };
}

function readArray(raw: unknown, s: OpenAPIV3.ArraySchemaObject, floats: FloatShadow): Read {
  const items = s.items as Schema | undefined;
  if (items && isObjectSchema(items)) return readNestedList(raw, s, items, floats);
  if (!Array.isArray(raw)) return fail(FIELD_MESSAGES.notAList(pythonTypeName(raw)));
  if (refusesEmpty(s) && raw.length === 0) return fail(FIELD_MESSAGES.emptyList);
  if (!items) return nestsWithin(raw, FREE_FORM_DEPTH) ? { value: raw } : fail(FIELD_MESSAGES.nestedTooDeep(FREE_FORM_DEPTH));
  const out: unknown[] = [];
  const errors: Record<string, unknown> = {};
  raw.forEach((item, i) => {
    const read = readValue(item, items, false, shadowOf(floats, i));
    if ('error' in read) errors[String(i)] = read.error;
    else out.push(read.value);
  });
  if (Object.keys(errors).length > 0) return { error: errors };
  // A `ListField`'s length validators run after its items are read.
  const length = lengthError(raw, s);
  return length !== null ? fail(length) : { value: out };
}

/** DRF's `max_length`/`min_length` of a list (drf-spectacular's `maxItems`/`minItems`), or null. */
function lengthError(raw: unknown[], s: OpenAPIV3.ArraySchemaObject): string | null {
  if (typeof s.maxItems === 'number' && raw.length > s.maxItems) return FORMAT_MESSAGES.maxItems(s.maxItems);
  if (typeof s.minItems === 'number' && raw.length < s.minItems) return FORMAT_MESSAGES.minItems(s.minItems);
  return null;
}

/**
 * True when a list is `allow_empty=False`: drf-spectacular writes that as `minItems: 1`, a
 * `min_length` as its number. `allow_empty` defaults to True, so a list of `minItems: 3` sent `[]`
 * is the length's "Ensure this field has at least 3 elements.", not "This list may not be empty.".
 */
function refusesEmpty(s: OpenAPIV3.ArraySchemaObject): boolean {
  return s.minItems === 1;
}

/**
 * The fields of `schema` that are nested serializers (an object with properties): a PATCH's value
 * for one is merged into the stored object, key by key and so on down, as the nested serializer's
 * own partial update would (DRF's writable nested serializers update in place).
 */
export function nestedObjectFields(schema: Schema): Set<string> {
  const out = new Set<string>();
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const s = effectiveKept(raw as Schema);
    if (s.type === 'object' && s.properties !== undefined) out.add(name);
  }
  return out;
}

/**
 * `patch` over `stored`, by `schema`'s declared properties (recursively) where both are plain
 * objects; else `patch`. A free-form object (no properties: a `DictField`) is replaced whole, as
 * DRF's field replaces it, and a key is defined, never assigned (a client's `__proto__` stays a key).
 */
export function mergeNested(stored: unknown, patch: unknown, schema: Schema): unknown {
  const properties = effectiveKept(schema).properties;
  if (properties === undefined || !isPlainObject(stored) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...stored };
  for (const [k, v] of Object.entries(patch)) {
    const child = Object.hasOwn(properties, k) ? (properties[k] as Schema) : undefined;
    Object.defineProperty(out, k, { value: child === undefined ? v : mergeNested(stored[k], v, child), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An array item that is an object: a nested serializer (`many=True`), not a `ListField`. */
function isObjectSchema(items: Schema): boolean {
  const e = effectiveKept(items);
  return e.type === 'object' || (e.type === undefined && e.properties !== undefined);
}

/**
 * DRF's `ListSerializer` (a nested serializer with `many=True`): its own errors under
 * `non_field_errors` (`{"lines": {"non_field_errors": ["Expected a list of items but got type
 * \"str\"."]}}`), and an item's errors as a list with one entry per item, `{}` for each valid one
 * (`{"lines": [{}, {"sku": ["This field is required."]}]}`), where a `ListField` of plain values
 * keys them by index.
 */
function readNestedList(raw: unknown, s: OpenAPIV3.ArraySchemaObject, items: Schema, floats: FloatShadow): Read {
  if (!Array.isArray(raw)) return { error: { non_field_errors: [FIELD_MESSAGES.notAList(pythonTypeName(raw))] } };
  if (refusesEmpty(s) && raw.length === 0) return { error: { non_field_errors: [FIELD_MESSAGES.emptyList] } };
  const length = lengthError(raw, s);
  if (length !== null) return { error: { non_field_errors: [length] } };
  const out: unknown[] = [];
  const errors: unknown[] = [];
  let failed = false;
  for (const [i, item] of raw.entries()) {
    const read = readValue(item, items, false, shadowOf(floats, i));
    if ('error' in read) {
      failed = true;
      errors.push(read.error);
    } else {
      out.push(read.value);
      errors.push({});
    }
  }
  return failed ? { error: errors } : { value: out };
}

/** `effective(schema)` made once per field schema for the write path (read only here, never edited). */
const effectives = new WeakMap<Schema, Schema>();

function effectiveKept(schema: Schema): Schema {
  let s = effectives.get(schema);
  if (s === undefined) effectives.set(schema, (s = effective(schema)));
  return s;
}

/** `allOf` merged, the first `oneOf`/`anyOf` branch taken: what a DRF field's schema means. */
export function effective(schema: Schema): Schema {
  if (schema.allOf) {
    const merged: Schema = { ...schema };
    delete merged.allOf;
    for (const raw of schema.allOf as Schema[]) {
      const part = effective(raw);
      const properties = { ...part.properties, ...merged.properties };
      const required = [...new Set([...(part.required ?? []), ...(merged.required ?? [])])];
      Object.assign(merged, { ...part, ...merged }, { properties, required, nullable: merged.nullable || part.nullable });
      if (required.length === 0) delete merged.required;
      if (Object.keys(properties).length === 0) delete merged.properties;
    }
    return merged;
  }
  const branch = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  // The wrapper's own default (drf-spectacular's nullable choice: `default` beside `oneOf`) is the field's.
  if (branch?.[0]) return { ...effective(branch[0]), ...(schema.default !== undefined && { default: schema.default }), nullable: schema.nullable || branch.some((b) => b.nullable) };
  return schema;
}
