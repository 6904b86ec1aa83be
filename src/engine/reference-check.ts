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
export function danglingReferences(store: Store, refs: References, values: Record<string, unknown>): Record<string, string[]> | null {
  if (refs.size === 0) return null;
  let errors: Record<string, string[]> | null = null;
  for (const [name, value] of Object.entries(values)) {
    const target = refs.get(name);
    if (target === undefined || typeof value !== 'number') continue;
    if (!(store[target] as ReadonlyMap<number, unknown>).has(value)) (errors ??= {})[name] = [FIELD_MESSAGES.pkDoesNotExist(value)];
  }
  return errors;
}

/** A write schema's reference fields and the collection each names. */
export type References = ReadonlyMap<string, keyof Store>;

/** The reference fields of `schema`, found once when its write route is made, not on each write. */
export function referencesOf(schema: Schema): References {
  const found = new Map<string, keyof Store>();
  for (const [name, raw] of Object.entries((effective(schema).properties ?? {}) as Record<string, Schema>)) {
    const target = REFERENCE_FIELDS[name];
    const prop = effective(raw);
    if (!target || prop.type !== 'integer') continue;
    if (prop.default !== undefined || prop['x-mock-reference' as keyof Schema] === false) continue;
    found.set(name, target);
  }
  return found;
}
