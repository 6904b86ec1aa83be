import { join } from 'node:path';
import type { OpenAPIV3 } from 'openapi-types';
import { DEFAULT_SPEC_DIR, loadSpecs } from '../../spec/load-specs.ts';
import { loadUnroutedSchema } from '../../spec/unrouted-schema.ts';
import { packGraph, type PackedGraph } from '../spec-graph.ts';

/** What the browser build compiles in: the served and admin documents, dereferenced. */
export interface CompiledSpecs {
  served: Record<string, OpenAPIV3.Document>;
  admin: Record<string, OpenAPIV3.Document>;
  /** The unrouted error schema (`loadUnroutedSchema`). */
  unrouted: object;
}

/**
 * The package's specs, loaded, validated and packed (`spec-graph.ts`). This is the Node side:
 * `scripts/build-browser.mjs` runs it at build time and puts in the browser bundle, in place of
 * this module, one that returns its JSON, so a page reads no file and validates nothing.
 */
export async function compiledSpecs(): Promise<PackedGraph> {
  const served = await loadSpecs(DEFAULT_SPEC_DIR);
  const admin = await loadSpecs(join(DEFAULT_SPEC_DIR, 'admin'));
  const unrouted = await loadUnroutedSchema(DEFAULT_SPEC_DIR);
  const specs: CompiledSpecs = { served: served.documents, admin: admin.documents, unrouted };
  return packGraph(specs);
}
