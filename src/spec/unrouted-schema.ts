import { join } from 'node:path';
import $RefParser from '@apidevtools/json-schema-ref-parser';

/** The shared components file every served document refers to. */
export const COMPONENTS_FILE = join('components', 'omnitron.yaml');

/**
 * The one documented error schema for answers that belong to no operation (unknown route, 301,
 * 405, 413, 415, 431): DRF's `{"detail", "code"}` body, `schemas.DetailError` of the shared
 * components.
 */
export async function loadUnroutedSchema(specDir: string): Promise<object> {
  const components = (await $RefParser.dereference(join(specDir, COMPONENTS_FILE))) as {
    schemas?: Record<string, object>;
  };
  const schema = components.schemas?.DetailError;
  if (!schema) throw new Error(`${COMPONENTS_FILE} defines no schemas.DetailError`);
  return schema;
}
