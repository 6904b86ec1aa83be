import type { OpenAPIV3 } from 'openapi-types';
import { FIELD_MESSAGES } from '../domain/errors.ts';
import type { Store } from '../store/store.ts';
import { REFERENCE_FIELDS } from './sample-value.ts';
import { effective } from './validate-body.ts';

type Schema = OpenAPIV3.SchemaObject;

/**
 * A generic write may not leave a dangling reference (issue 20): an integer field that names a
 * resource the domain holds (`REFERENCE_FIELDS`: `order`, `channel`, `reason`, …) must name an
 * object of it, as DRF's `PrimaryKeyRelatedField` answers (`Invalid pk "9" - object does not
 * exist.`). The exceptions are the sampler's: a field with a `default` (a display `order`) or
 * `x-mock-reference: false`. Answers the field errors, or null when every reference resolves.
 */
export function danglingReferences(store: Store, schema: Schema, values: Record<string, unknown>): Record<string, string[]> | null {
  const props = (effective(schema).properties ?? {}) as Record<string, Schema>;
  const errors: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(values)) {
    const target = REFERENCE_FIELDS[name];
    const prop = props[name] ? effective(props[name]) : undefined;
    if (!target || !prop || prop.type !== 'integer' || typeof value !== 'number') continue;
    if (prop.default !== undefined || prop['x-mock-reference' as keyof Schema] === false) continue;
    if (!(store[target] as ReadonlyMap<number, unknown>).has(value)) errors[name] = [FIELD_MESSAGES.pkDoesNotExist(value)];
  }
  return Object.keys(errors).length > 0 ? errors : null;
}
