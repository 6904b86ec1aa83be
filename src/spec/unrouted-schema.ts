import { join, resolve } from 'node:path';
import $RefParser from '@apidevtools/json-schema-ref-parser';

/** The shared components file every served document refers to. */
export const COMPONENTS_FILE = join('components', 'omnitron.yaml');

const loaded = new Map<string, Promise<object>>();

/**
 * The one documented error schema for answers that belong to no operation (unknown route, 301,
 * 405, 413, 415, 431): DRF's `{"detail", "code"}` body, `schemas.DetailError` of the shared
 * components. Read once per process and directory (the served checker and the admin one both
 * ask); callers only read it.
 */
export function loadUnroutedSchema(specDir: string): Promise<object> {
  const file = resolve(specDir, COMPONENTS_FILE);
  let pending = loaded.get(file);
  if (!pending) {
    pending = (async () => {
      const components = (await $RefParser.dereference(file)) as { schemas?: Record<string, object> };
      const schema = components.schemas?.DetailError;
      if (!schema) throw new Error(`${COMPONENTS_FILE} defines no schemas.DetailError`);
      return schema;
    })();
    pending.catch(() => loaded.delete(file));
    loaded.set(file, pending);
  }
  return pending;
}
