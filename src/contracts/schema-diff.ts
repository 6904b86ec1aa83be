import type { SpecRule } from './spec-change.ts';

type Schema = Record<string, unknown>;

/** A schema folded into what the rules compare: `allOf` merged, a null branch of `anyOf`/`oneOf` as `nullable`. */
interface Folded {
  /** Undefined: any type. */
  types: Set<string> | undefined;
  nullable: boolean;
  /** Undefined: any value; without null. */
  enumValues: Set<string> | undefined;
  properties: Map<string, Schema>;
  required: Set<string>;
  /** False when other properties are refused (`additionalProperties: false`). */
  open: boolean;
  items: Schema | undefined;
  correction: string | null;
}

/** A finding of the schema rules, before the operation and direction prefix it. */
export interface SchemaFinding {
  rule: SpecRule;
  /** A JSON pointer into the value, `*` for array items. */
  path: string;
  message: string;
  correction: string | null;
}

const isSchema = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `see specs/CORRECTIONS.md#decimal-strings` → `decimal-strings`. */
function correctionOf(schema: Schema): string | null {
  const text = schema['x-correction'];
  if (typeof text === 'string') return /#([\w-]+)/.exec(text)?.[1] ?? null;
  // The new document says it chose this itself, the old one being silent: `inferred`.
  return schema['x-inferred'] === true ? 'inferred' : null;
}

/** A branch that allows only null (`NullValue`: a nullable string whose only value is null). */
function isNullOnly(schema: Schema): boolean {
  return Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every((v) => v === null);
}

function fold(schema: Schema): Folded {
  const out: Folded = {
    types: typeof schema.type === 'string' ? new Set([schema.type]) : undefined,
    nullable: schema.nullable === true,
    enumValues: undefined,
    properties: new Map(),
    required: new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []),
    open: schema.additionalProperties !== false,
    items: isSchema(schema.items) ? schema.items : undefined,
    correction: correctionOf(schema),
  };
  if (Array.isArray(schema.enum)) {
    if (schema.enum.includes(null)) out.nullable = true;
    out.enumValues = new Set(schema.enum.filter((v) => v !== null).map((v) => JSON.stringify(v)));
  }
  if (isSchema(schema.properties)) for (const [k, v] of Object.entries(schema.properties)) if (isSchema(v)) out.properties.set(k, v);
  if (!out.types && (out.properties.size > 0 || schema.additionalProperties !== undefined)) out.types = new Set(['object']);
  if (!out.types && out.items) out.types = new Set(['array']);
  for (const part of Array.isArray(schema.allOf) ? schema.allOf.filter(isSchema) : []) merge(out, fold(part));
  const branches = [schema.anyOf, schema.oneOf].flatMap((b) => (Array.isArray(b) ? b.filter(isSchema) : []));
  if (branches.length > 0) {
    const real = branches.filter((b) => !isNullOnly(b));
    if (real.length < branches.length) out.nullable = true;
    if (real.length === 1) merge(out, fold(real[0]!));
    // Several real branches: only their types are compared (a union the rules do not take apart).
    else out.types = union(out.types, real.map((b) => fold(b).types));
  }
  return out;
}

function merge(into: Folded, part: Folded): void {
  if (part.types) into.types = into.types ? new Set([...into.types].filter((t) => part.types!.has(t))) : part.types;
  into.nullable ||= part.nullable;
  if (part.enumValues) into.enumValues = part.enumValues;
  for (const [k, v] of part.properties) into.properties.set(k, v);
  for (const k of part.required) into.required.add(k);
  into.open &&= part.open;
  into.items ??= part.items;
  into.correction ??= part.correction;
}

function union(base: Set<string> | undefined, sets: Array<Set<string> | undefined>): Set<string> | undefined {
  if (sets.some((s) => s === undefined)) return base;
  return new Set([...(base ?? []), ...sets.flatMap((s) => [...s!])]);
}

/** Whether every type of `a` is allowed by `b` (an integer is a number). */
function within(a: Set<string>, b: Set<string>): boolean {
  return [...a].every((t) => b.has(t) || (t === 'integer' && b.has('number')));
}

/**
 * Compares two schemas of the same value. `request`: the client sends it, so the new schema must
 * accept all the old one did. `response`: the client reads it, so the new schema must not send
 * anything the old one did not promise (a new field is fine: clients ignore what they do not read).
 */
export function diffSchemas(before: Schema, after: Schema, direction: 'request' | 'response', inherited: string | null = null): SchemaFinding[] {
  const out: SchemaFinding[] = [];
  const seen = new Map<Schema, Set<Schema>>();
  const walk = (a: Schema, b: Schema, path: string, parentCorrection: string | null): void => {
    const pairs = seen.get(a) ?? new Set<Schema>();
    if (pairs.has(b)) return; // a cycle (a plan's related plan): compared once
    pairs.add(b);
    seen.set(a, pairs);
    const x = fold(a);
    const y = fold(b);
    const correction = y.correction ?? parentCorrection;
    const add = (rule: SpecRule, at: string, message: string, c: string | null = correction) => out.push({ rule, path: at, message, correction: c });
    compareTypes(x, y, direction, path, add);
    if (direction === 'response' && y.nullable && !x.nullable) add('response-now-nullable', path, 'may now be null');
    if (direction === 'request' && x.nullable && !y.nullable) add('request-null-refused', path, 'may no longer be null');
    compareEnums(x, y, direction, path, add);
    if (x.types?.has('object') && y.types?.has('object')) compareObjects(x, y, direction, path, correction, add, walk);
    if (x.items && y.items) walk(x.items, y.items, `${path}/*`, correction);
  };
  walk(before, after, '', inherited);
  return out;
}

type Add = (rule: SpecRule, path: string, message: string, correction?: string | null) => void;

function compareTypes(x: Folded, y: Folded, direction: 'request' | 'response', path: string, add: Add): void {
  const was = x.types ? [...x.types].join('|') : 'any';
  const now = y.types ? [...y.types].join('|') : 'any';
  if (was === now) return;
  if (direction === 'request') {
    if (y.types && (!x.types || !within(x.types, y.types))) add('request-type-narrowed', path, `type ${was} → ${now}`);
    else add('widened', path, `type ${was} → ${now}`);
  } else if (y.types === undefined || (x.types && !within(y.types, x.types))) add('response-type-changed', path, `type ${was} → ${now}`);
  else add('widened', path, `type ${was} → ${now}`);
}

function compareEnums(x: Folded, y: Folded, direction: 'request' | 'response', path: string, add: Add): void {
  const before = x.enumValues;
  const after = y.enumValues;
  if (direction === 'request') {
    if (before && after) for (const v of before) if (!after.has(v)) add('request-enum-value-removed', path, `${v} is no longer accepted`);
    if (!before && after) add('request-enum-added', path, `now one of ${[...after].join(', ')}`);
    if (before && !after) add('widened', path, 'no longer an enumeration');
  } else {
    if (before && after) for (const v of after) if (!before.has(v)) add('response-enum-value-added', path, `${v} may now be sent`);
    if (before && !after) add('response-enum-removed', path, `no longer one of ${[...before].join(', ')}`);
    if (!before && after) add('widened', path, 'now an enumeration');
  }
}

function compareObjects(
  x: Folded, y: Folded, direction: 'request' | 'response', path: string, correction: string | null, add: Add,
  walk: (a: Schema, b: Schema, path: string, correction: string | null) => void,
): void {
  if (direction === 'request' && x.open && !y.open) add('request-closed', path, 'other fields are now refused');
  for (const [key, a] of x.properties) {
    const at = `${path}/${key}`;
    const b = y.properties.get(key);
    if (!b) {
      if (direction === 'response') add('response-field-removed', at, 'no longer sent');
      else if (!y.open) add('request-field-removed', at, 'now refused');
      continue;
    }
    if (direction === 'response' && x.required.has(key) && !y.required.has(key)) add('response-field-now-optional', at, 'no longer always sent', fold(b).correction ?? correction);
    if (direction === 'request' && !x.required.has(key) && y.required.has(key)) add('request-field-now-required', at, 'now required', fold(b).correction ?? correction);
    walk(a, b, at, correction);
  }
  for (const [key, b] of y.properties) {
    if (x.properties.has(key)) continue;
    const c = fold(b).correction ?? correction;
    if (direction === 'request' && y.required.has(key)) add('request-field-added-required', `${path}/${key}`, 'a new required field', c);
    else if (direction === 'response') add('response-field-added', `${path}/${key}`, 'a new field', c);
  }
}
