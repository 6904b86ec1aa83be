import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readDereferenced, writeDereferenced } from './dereferenced-cache.ts';
import { dereferenceFile } from './plain-openapi-30.ts';

/** The shared components file every served document refers to. */
export const COMPONENTS_FILE = join('components', 'omnitron.yaml');

const loaded = new Map<string, Promise<object>>();

/**
 * The one documented error schema for answers that belong to no operation (unknown route, 301,
 * 405, 413, 415, 431): DRF's `{"detail", "code"}` body, `schemas.DetailError` of the shared
 * components. Read once per process and directory (the served checker and the admin one both
 * ask); callers only read it.
 *
 * Read with the ref-parser copy and the YAML parses spec loading already has
 * (`dereferenceFile`): loading a second copy and parsing the file once more cost every start
 * ~20 ms. Should that copy fail on the file, the package's own json-schema-ref-parser (a newer
 * one, whose YAML parser falls back to YAML's full schema) reads it as this always did, so its
 * result or error is still the answer.
 */
export function loadUnroutedSchema(specDir: string): Promise<object> {
  const file = resolve(specDir, COMPONENTS_FILE);
  // A folder of one's own documents alone is the common mistake: say what the folder must hold.
  if (!existsSync(file))
    return Promise.reject(new Error(`the spec folder ${specDir} holds no ${COMPONENTS_FILE}: --spec-dir (MOCK_SPEC_DIR) replaces the package's specs/ and needs its shared components; to serve a document of your own beside the built-in ones, use --spec FILE (MOCK_SPECS)`));
  let pending = loaded.get(file);
  if (!pending) {
    pending = (async () => {
      // Kept between starts as the served documents are (`dereferenced-cache.ts`).
      const readStartedAt = Date.now();
      const components = (readDereferenced('components', file) ?? (await dereferenceFile(file).then(
        ({ doc, files }) => {
          if (files && doc !== null && typeof doc === 'object') writeDereferenced('components', file, doc, files, readStartedAt);
          return doc;
        },
        async () => {
          const { default: $RefParser } = await import('@apidevtools/json-schema-ref-parser');
          return $RefParser.dereference(file);
        },
      ))) as { schemas?: Record<string, object> };
      const schema = components.schemas?.DetailError;
      if (!schema) throw new Error(`${COMPONENTS_FILE} defines no schemas.DetailError`);
      return schema;
    })();
    pending.catch(() => loaded.delete(file));
    loaded.set(file, pending);
  }
  return pending;
}
