import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPIV3 } from 'openapi-types';
import { assertOpenApi30Schema, isOpenApi30 } from './openapi-schema.ts';
import { addDrfStatuses, derivedOperationId } from './drf-statuses.ts';
import { dereferencePlainOpenApi30 } from './plain-openapi-30.ts';
import { readDereferenced, writeDereferenced } from './dereferenced-cache.ts';
import { DOMAIN_OPERATIONS } from './domain-operations.ts';
import { correctVendorSchemas } from './vendor-corrections.ts';

/** Where the served documents live: `specs/*.openapi.yaml` (not `specs/vendor/`, not components). */
export const DEFAULT_SPEC_DIR = resolve(fileURLToPath(new URL('../../specs', import.meta.url)));

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
export type HttpMethod = Uppercase<(typeof HTTP_METHODS)[number]>;

/** One operation of a served document, dereferenced. */
export interface Operation {
  operationId: string;
  method: HttpMethod;
  /** The OpenAPI path template, e.g. `/api/v1/cancellation_plans/{id}/`. */
  path: string;
  /** Matches a concrete request path; named groups are the path parameters. */
  pattern: RegExp;
  /** The file the operation comes from, relative to the spec directory. */
  document: string;
  parameters: OpenAPIV3.ParameterObject[];
  requestBody: OpenAPIV3.RequestBodyObject | undefined;
  responses: Record<string, OpenAPIV3.ResponseObject>;
  /** True when the operation needs no token (`security: []`). */
  isPublic: boolean;
  description: string;
}

/** How many path parameters an operation's template holds: where two match a path, the fewer wins, as a literal route does in Django's URL list. */
export function pathParamCount(op: Operation): number {
  let n = 0;
  for (let i = op.path.indexOf('{'); i !== -1; i = op.path.indexOf('{', i + 1)) n += 1;
  return n;
}

export interface LoadedSpecs {
  /**
   * Dereferenced documents keyed by file name. Dereferencing keeps object identity: every `$ref`
   * to one schema became the same object, which is how the response checker finds the shared
   * schemas it compiles once (`shared-schemas.ts`).
   */
  documents: Record<string, OpenAPIV3.Document>;
  operations: Operation[];
}

/** Lists the served documents of a spec directory, sorted so that loading is deterministic. */
export function servedSpecFiles(dir: string = DEFAULT_SPEC_DIR): string[] {
  return specFolderEntries(dir)
    .filter((f) => f.endsWith('.openapi.yaml') || f.endsWith('.openapi.json'))
    .sort();
}

/** A spec folder's names; a folder that is missing or is a file gets one line saying so (not `scandir`'s errno). */
function specFolderEntries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`the spec folder ${dir} does not exist (--spec-dir, MOCK_SPEC_DIR)`);
    if (code === 'ENOTDIR') throw new Error(`the spec folder ${dir} is a file, not a folder (--spec-dir, MOCK_SPEC_DIR); to serve one document beside the built-in ones, use --spec FILE (MOCK_SPECS)`);
    throw err;
  }
}

/**
 * Loads, validates and dereferences every served document once, at start-up. Validation errors
 * name the file, so a broken spec stops the server with one clear line.
 */
export async function loadSpecs(dir: string = DEFAULT_SPEC_DIR, extra: readonly string[] = []): Promise<LoadedSpecs> {
  const documents: Record<string, OpenAPIV3.Document> = {};
  // `--spec FILE`/`MOCK_SPECS` add documents beside the directory's, named by their file name.
  const files = [...servedSpecFiles(dir).map((f) => [f, join(dir, f)] as const), ...extra.map((p) => [basename(p), resolve(p)] as const)];
  for (const [file, path] of files) {
    try {
      documents[file] = await loadDocument(path);
    } catch (err) {
      throw new Error(`spec ${file} is invalid: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return specsFromDocuments(documents);
}

/**
 * The operations of documents already loaded and dereferenced (`loadSpecs` reads them; the
 * browser build compiles them in at build time), checked for duplicate operationIds.
 */
export function specsFromDocuments(documents: Record<string, OpenAPIV3.Document>): LoadedSpecs {
  const operations: Operation[] = [];
  for (const [file, doc] of Object.entries(documents)) operations.push(...operationsOf(doc, file));
  const seen = new Map<string, string>();
  for (const op of operations) {
    const other = seen.get(op.operationId);
    if (other) throw new Error(`operationId ${op.operationId} appears in ${other} and ${op.document}`);
    seen.set(op.operationId, op.document);
  }
  return { documents, operations };
}

/**
 * One document, read once and checked as `SwaggerParser.validate(path)` checks it: parsed (its
 * version checked) and dereferenced, then checked against the OpenAPI 3.0 schema — with the
 * validator compiled once per install (`openapi-schema-cache.ts`), where swagger-parser compiles
 * it afresh for every document. (swagger-parser's other step, its spec rules, does nothing for
 * OpenAPI 3.) A plain OpenAPI 3.0 document is read without loading swagger-parser at all
 * (`plain-openapi-30.ts`); any other — one with circular refs, which the schema check cannot
 * walk, of another version, or that does not even parse — takes swagger-parser's own path, so
 * its result or error is swagger-parser's.
 */
async function loadDocument(path: string): Promise<OpenAPIV3.Document> {
  // A plain document read and checked by an earlier start, its files unchanged (`dereferenced-cache.ts`).
  const kept = readDereferenced('served', path);
  if (kept) return kept as OpenAPIV3.Document;
  const readStartedAt = Date.now();
  const plain = await dereferencePlainOpenApi30(path).catch(() => null);
  if (plain) {
    assertOpenApi30Schema(plain.doc);
    // Kept before anything changes it (`operationsOf` fills in operationIds, the engine corrects).
    if (plain.files) writeDereferenced('served', path, plain.doc, plain.files, readStartedAt);
    return plain.doc as OpenAPIV3.Document;
  }
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  const parser = new SwaggerParser();
  const doc = (await parser.dereference(path)) as OpenAPIV3.Document;
  if (!isOpenApi30(doc) || parser.$refs.circular) return (await SwaggerParser.validate(path)) as OpenAPIV3.Document;
  assertOpenApi30Schema(doc);
  return doc;
}

function operationsOf(doc: OpenAPIV3.Document, file: string): Operation[] {
  const out: Operation[] = [];
  const globalSecurity = doc.security ?? [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!item) continue;
    for (const m of HTTP_METHODS) {
      const op = item[m];
      if (!op) continue;
      // A vendor fragment often has none: a derived, stable one (specs/CORRECTIONS.md#any-document).
      op.operationId ??= derivedOperationId(m, path);
      const security = op.security ?? globalSecurity;
      out.push({
        operationId: op.operationId,
        method: m.toUpperCase() as HttpMethod,
        path,
        pattern: pathPattern(path),
        document: file,
        parameters: [
          ...((item.parameters ?? []) as OpenAPIV3.ParameterObject[]),
          ...((op.parameters ?? []) as OpenAPIV3.ParameterObject[]),
        ],
        requestBody: op.requestBody as OpenAPIV3.RequestBodyObject | undefined,
        responses: op.responses as Record<string, OpenAPIV3.ResponseObject>,
        isPublic: security.length === 0,
        description: op.description ?? op.summary ?? '',
      });
    }
  }
  return out;
}

/**
 * Makes the documents servable as the vendor publishes them (specs/CORRECTIONS.md#any-document):
 * every operation the resource engine answers (not in `DOMAIN_OPERATIONS`) gets the project's
 * corrections and the DRF error statuses it can answer. Run once on loaded specs, before the
 * response checker is built from them; hand-written operations are left exactly as written.
 */
export function prepareForEngine(specs: LoadedSpecs, domain: ReadonlySet<string> = DOMAIN_OPERATIONS): LoadedSpecs {
  const seen = new WeakSet<object>();
  const indexed = new Map(specs.operations.map((o) => [o.operationId, o]));
  for (const doc of Object.values(specs.documents)) {
    // A YAML alias (`responses: *made`) makes two operations hold one map; statuses are added to
    // an operation's map (here and in engine/budget-statuses.ts), so each gets its own — in the
    // document and in the index, which hold the same map.
    const held = new Set<object>();
    for (const item of Object.values(doc.paths ?? {})) {
      for (const m of HTTP_METHODS) {
        const op = item?.[m];
        if (op?.responses && held.has(op.responses)) {
          op.responses = { ...op.responses };
          const entry = op.operationId === undefined ? undefined : indexed.get(op.operationId);
          if (entry) entry.responses = op.responses as Operation['responses'];
        }
        if (op?.responses) held.add(op.responses);
        if (!op?.operationId || domain.has(op.operationId)) continue;
        correctVendorSchemas(op, seen);
        addDrfStatuses(op, m);
      }
    }
  }
  return specs;
}

/** `/a/{id}/b/` → `^/a/(?<id>[^/]+)/b/$`. */
export function pathPattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) =>
      part.startsWith('{') ? `(?<${part.slice(1, -1)}>[^/]+)` : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`);
}

