import type { OpenAPIV3 } from 'openapi-types';
import { effective, isReadOnly } from './validate-body.ts';

type Schema = OpenAPIV3.SchemaObject;

const reading = new WeakMap<Schema, boolean>();

/**
 * Whether a write schema has a writable field anywhere (its own, a nested object's, a list's
 * items) that reads a number by how the body wrote it (json-floats.ts): a uuid (`5.0` is no
 * `int`), a text, decimal or choice (`str(5.0)` is `"5.0"`). Only such bodies may need a float
 * shadow; a body of numbers, flags and dates alone never does. Found once per schema.
 */
export function readsNumberForm(schema: Schema): boolean {
  let found = reading.get(schema);
  if (found === undefined) reading.set(schema, (found = mentionsForm(schema, new Set())));
  return found;
}

function mentionsForm(raw: Schema, seen: Set<Schema>): boolean {
  if (seen.has(raw)) return false;
  seen.add(raw);
  const s = effective(raw);
  if (s.type === 'string' || s.format === 'uuid' || s.enum !== undefined) return true;
  // A read-only field (a model's `uuid`, most often) is never read from a body.
  for (const [name, child] of Object.entries(s.properties ?? {})) {
    if (!isReadOnly(name, child as Schema, '') && mentionsForm(child as Schema, seen)) return true;
  }
  const items = (s as OpenAPIV3.ArraySchemaObject).items;
  if (items !== undefined && mentionsForm(items as Schema, seen)) return true;
  return typeof s.additionalProperties === 'object' && mentionsForm(s.additionalProperties as Schema, seen);
}
