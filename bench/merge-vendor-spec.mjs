// Merges the vendor's five plan fragments (seed 002, kept verbatim in
// specs/vendor/cancellation-plans/) into the one OpenAPI document Prism mocks in the benchmark,
// adding the schema the vendor references but never defines (`CancellationPlanUpdateStatus`,
// see specs/CORRECTIONS.md#update-status-body). Nothing else is corrected: Prism mocks the
// vendor's own words. Run directly to rewrite bench/vendor-plans.openapi.json.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const FRAGMENT_DIR = join(HERE, '../specs/vendor/cancellation-plans');
export const MERGED_FILE = join(HERE, 'vendor-plans.openapi.json');

/** The missing schema, as the served spec defines it (DOMAIN.md §4: `{"status": …}`). */
const UPDATE_STATUS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: { status: { $ref: '#/components/schemas/CancellationPlanStatus' } },
  example: { status: 'approved' },
  description: 'Added by bench/merge-vendor-spec.mjs: referenced by the vendor fragment but never defined.',
};

/** Merges the fragments; a component defined twice must be defined identically. */
export function mergeVendorFragments(dir = FRAGMENT_DIR) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const merged = { openapi: '3.0.3', info: null, security: null, components: {}, paths: {} };
  for (const file of files) {
    const doc = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    merged.info ??= { ...doc.info, description: `The vendor's plan fragments (${files.join(', ')}), merged for the benchmark.` };
    merged.security ??= doc.security;
    for (const [section, items] of Object.entries(doc.components ?? {})) {
      const into = (merged.components[section] ??= {});
      for (const [name, value] of Object.entries(items)) {
        if (name in into && JSON.stringify(into[name]) !== JSON.stringify(value)) {
          throw new Error(`components.${section}.${name} differs between fragments (${file})`);
        }
        into[name] = value;
      }
    }
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      if (path in merged.paths) throw new Error(`path ${path} appears in two fragments (${file})`);
      merged.paths[path] = item;
    }
  }
  merged.components.schemas ??= {};
  merged.components.schemas.CancellationPlanUpdateStatus ??= UPDATE_STATUS_SCHEMA;
  return merged;
}

/** Writes the merged document; returns its path. */
export function writeMergedSpec(file = MERGED_FILE) {
  writeFileSync(file, `${JSON.stringify(mergeVendorFragments(), null, 2)}\n`);
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(`wrote ${writeMergedSpec()}`);
