import type { OpenAPIV3 } from 'openapi-types';
import {
  createDocumentValidator,
  isJson,
  responseValidator,
  responseKey,
  type ValidationResult,
  type Validator,
} from './document-validator.ts';
import type { Finding } from './finding.ts';
import { customFormats } from './formats.ts';
import type { LoadedSpecs, Operation } from './load-specs.ts';
import { DATA_KEYWORDS, SCHEMA_MAPS } from './shared-schemas.ts';

/** A response as the checker sees it: status, media type and parsed body. */
export interface CheckedResponse {
  status: number;
  /** The `Content-Type` header as sent (parameters included), or null when absent. */
  contentType: string | null;
  /** Parsed JSON for JSON media types, the raw text or bytes otherwise, undefined for no body. */
  body: unknown;
}

export interface ResponseChecker {
  /**
   * Checks one response against the served spec: the status is documented for the operation,
   * the media type is one the operation documents for that status, and a JSON body matches the
   * schema. `operationId` null means the answer belongs to no operation (unknown route, 301,
   * 405, 413, 415, 431): it must carry the one shared error schema.
   */
  check(operationId: string | null, response: CheckedResponse): Finding[];
}

/** The base media type without parameters: `text/csv; charset=utf-8` → `text/csv`. */
export function mediaTypeOf(contentType: string | null): string | null {
  return contentType ? contentType.split(';')[0]!.trim().toLowerCase() : null;
}

/**
 * Compiles the validators once (openapi-response-validator compiles Ajv schemas in its
 * constructor): one per served document, each shared schema compiled once for every operation
 * and status that uses it (`createDocumentValidator`), first used when an answer of that
 * document is checked, or all at once unless `eager` is false.
 */
export function createResponseChecker(
  specs: LoadedSpecs,
  unroutedSchema: object,
  options: { eager?: boolean } = {},
): ResponseChecker {
  const operations = new Map(specs.operations.map((op) => [op.operationId, op]));
  const documents = new Map<string, Validator | undefined>();

  function validatorOf(document: string): Validator | undefined {
    if (!documents.has(document)) {
      documents.set(document, createDocumentValidator(specs.operations.filter((o) => o.document === document)));
    }
    return documents.get(document);
  }

  function validate(op: Operation, mediaType: string, status: string, body: unknown): ValidationResult {
    const validator = validatorOf(op.document);
    return validator ? validator.validateResponse(responseKey(op.operationId, mediaType, status), body) : unknownStatus();
  }

  const unrouted = responseValidator({ responses: { '200': { schema: withoutDefaults(unroutedSchema) } }, customFormats });

  // A server compiles everything at start-up, so the first request pays nothing and a bad
  // schema fails there; a test file compiles only the documents it touches (each once).
  if (options.eager !== false) for (const op of specs.operations) validatorOf(op.document);

  return {
    check(operationId, response) {
      const mediaType = mediaTypeOf(response.contentType);
      if (operationId === null) {
        if (mediaType !== 'application/json') {
          return [{ path: 'content-type', message: `expected application/json, got ${mediaType}`, severity: 'error' }];
        }
        return schemaFindings(unrouted.validateResponse('200', response.body));
      }
      const op = operations.get(operationId);
      if (!op) return [{ path: 'operation', message: `unknown operation ${operationId}`, severity: 'error' }];
      const documented = op.responses[String(response.status)];
      if (!documented) {
        return [{
          path: 'status',
          message: `status ${response.status} is not documented for ${operationId} (documented: ${Object.keys(op.responses).join(', ')})`,
          severity: 'error',
        }];
      }
      return checkContent(op, documented, response, mediaType);
    },
  };

  function checkContent(
    op: Operation,
    documented: OpenAPIV3.ResponseObject,
    response: CheckedResponse,
    mediaType: string | null,
  ): Finding[] {
    const types = Object.keys(documented.content ?? {});
    const hasBody = response.body !== undefined && response.body !== '';
    if (types.length === 0) {
      // Only a body breaks "no content": a content type on an empty answer is not drift (Django
      // labels an empty HttpResponse; DRF drops the label, and so does the mock on a 204).
      return hasBody
        ? [{ path: '', message: `status ${response.status} documents no content, got a body (${mediaType ?? 'no content type'})`, severity: 'error' }]
        : [];
    }
    if (!mediaType || !types.includes(mediaType)) {
      return [{
        path: 'content-type',
        message: `${mediaType ?? 'no content type'} is not documented for ${op.operationId} ${response.status} (documented: ${types.join(', ')})`,
        severity: 'error',
      }];
    }
    if (!isJson(mediaType)) {
      return hasBody ? [] : [{ path: '', message: 'empty body', severity: 'error' }];
    }
    return schemaFindings(validate(op, mediaType, String(response.status), response.body));
  }
}

/** What openapi-response-validator answers for a status it holds no schema for. */
function unknownStatus(): ValidationResult {
  const message = 'An unknown status code was used and no default was provided.';
  return { errors: [{ message }] };
}

/**
 * A copy of a (dereferenced) schema without `default`. openapi-response-validator turns on Ajv's
 * `useDefaults`, which writes defaults into the body it checks: every check then had to clone the
 * body first (`structuredClone` of a plan: ~0.6 ms), and a response that lacked a field with a
 * default passed as if it had sent it. Without defaults the check only reads. Sharing and cycles
 * of the dereferenced schema are kept.
 */
export function withoutDefaults(schema: object, seen = new Map<object, unknown>()): object {
  const strip = (value: unknown, isSchema: boolean): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const done = seen.get(value);
    if (done !== undefined) return done;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      seen.set(value, out);
      for (const item of value) out.push(strip(item, isSchema));
      return out;
    }
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const [key, v] of Object.entries(value)) {
      if (isSchema && key === 'default') continue;
      if (isSchema && DATA_KEYWORDS.has(key)) out[key] = v;
      else if (isSchema && SCHEMA_MAPS.has(key) && v && typeof v === 'object') {
        const map: Record<string, unknown> = {};
        for (const [name, sub] of Object.entries(v)) map[name] = strip(sub, true);
        out[key] = map;
      } else out[key] = strip(v, isSchema);
    }
    return out;
  };
  return strip(schema, true) as object;
}

/**
 * A checker compiled on its first use. A plain `serve` checks nothing (only `--strict`, the tests
 * and the harness do), and compiling every validator would cost it some 0.4–0.7 s of start-up.
 */
export function lazyResponseChecker(make: () => ResponseChecker): ResponseChecker {
  let real: ResponseChecker | undefined;
  return { check: (operationId, response) => (real ??= make()).check(operationId, response) };
}

function schemaFindings(result: ValidationResult): Finding[] {
  if (!result) return [];
  return result.errors.map((e) => {
    const err = e as { path?: string; message: string; errorCode?: string };
    const path = err.path && err.path !== 'instance' && err.path !== 'response' ? `/${err.path.replace(/^\/+/, '')}` : '';
    return { path, message: err.message, severity: 'error' as const };
  });
}
