import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';

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

export interface LoadedSpecs {
  /** Dereferenced documents keyed by file name. */
  documents: Record<string, OpenAPIV3.Document>;
  operations: Operation[];
}

/** Lists the served documents of a spec directory, sorted so that loading is deterministic. */
export function servedSpecFiles(dir: string = DEFAULT_SPEC_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.openapi.yaml') || f.endsWith('.openapi.json'))
    .sort();
}

/**
 * Loads, validates and dereferences every served document once, at start-up. Validation errors
 * name the file, so a broken spec stops the server with one clear line.
 */
export async function loadSpecs(dir: string = DEFAULT_SPEC_DIR): Promise<LoadedSpecs> {
  const documents: Record<string, OpenAPIV3.Document> = {};
  const operations: Operation[] = [];
  for (const file of servedSpecFiles(dir)) {
    const path = join(dir, file);
    let doc: OpenAPIV3.Document;
    try {
      // validate() answers the dereferenced document: one parse, one dereference.
      doc = (await SwaggerParser.validate(path)) as OpenAPIV3.Document;
    } catch (err) {
      throw new Error(`spec ${file} is invalid: ${(err as Error).message.split('\n')[0]}`);
    }
    documents[file] = doc;
    operations.push(...operationsOf(doc, file));
  }
  const seen = new Map<string, string>();
  for (const op of operations) {
    const other = seen.get(op.operationId);
    if (other) throw new Error(`operationId ${op.operationId} appears in ${other} and ${op.document}`);
    seen.set(op.operationId, op.document);
  }
  return { documents, operations };
}

function operationsOf(doc: OpenAPIV3.Document, file: string): Operation[] {
  const out: Operation[] = [];
  const globalSecurity = doc.security ?? [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!item) continue;
    for (const m of HTTP_METHODS) {
      const op = item[m];
      if (!op) continue;
      if (!op.operationId) throw new Error(`spec ${file}: ${m.toUpperCase()} ${path} has no operationId`);
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

