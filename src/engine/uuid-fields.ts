import type { OpenAPIV3 } from 'openapi-types';
import { effective, isReadOnly } from './validate-body.ts';

type Schema = OpenAPIV3.SchemaObject;

const withUuid = new WeakMap<Schema, boolean>();

/**
 * Whether a write schema has a writable `format: uuid` field anywhere (its own, a nested object's, a
 * list's items): only its bodies need a shadow. Found once per schema.
 */
export function hasUuidField(schema: Schema): boolean {
  let found = withUuid.get(schema);
  if (found === undefined) withUuid.set(schema, (found = mentionsUuid(schema, new Set())));
  return found;
}

function mentionsUuid(raw: Schema, seen: Set<Schema>): boolean {
  if (seen.has(raw)) return false;
  seen.add(raw);
  const s = effective(raw);
  if (s.format === 'uuid') return true;
  // A read-only field (a model's `uuid`, most often) is never read from a body.
  for (const [name, child] of Object.entries(s.properties ?? {})) {
    if (!isReadOnly(name, child as Schema, '') && mentionsUuid(child as Schema, seen)) return true;
  }
  const items = (s as OpenAPIV3.ArraySchemaObject).items;
  if (items !== undefined && mentionsUuid(items as Schema, seen)) return true;
  return typeof s.additionalProperties === 'object' && mentionsUuid(s.additionalProperties as Schema, seen);
}
