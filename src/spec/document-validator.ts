import { createRequire } from 'node:module';
import { customFormats } from './formats.ts';
import type { Operation } from './load-specs.ts';
import { toJsonSchema } from './openapi-transform.ts';
import { SharedSchemas } from './shared-schemas.ts';

/** What openapi-response-validator answers: nothing when the body conforms. */
export type ValidationResult = { errors: unknown[] } | undefined;

export type Validator = { validateResponse(status: string | number, body: unknown): ValidationResult };
type ValidatorClass = new (args: object) => Validator;

let validatorClass: ValidatorClass | undefined;

/**
 * An openapi-response-validator for `args` (its constructor's options). The package is loaded
 * on first use: it requires Ajv, which is ~50 ms of start-up, and a plain `serve` compiles no
 * response validator until it checks an answer (only --strict and watched callers compile at
 * start).
 */
export function responseValidator(args: object): Validator {
  if (!validatorClass) {
    // CommonJS with `exports.default`.
    const loaded = createRequire(import.meta.url)('openapi-response-validator') as { default?: ValidatorClass };
    validatorClass = loaded.default ?? (loaded as unknown as ValidatorClass);
  }
  return new validatorClass(args);
}

/** A JSON media type: the only bodies checked against a schema. */
export function isJson(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/** The validator's key for one operation, media type and status. */
export function responseKey(operationId: string, mediaType: string, status: string): string {
  return `${operationId} ${mediaType} ${status}`;
}

/**
 * One openapi-response-validator (one Ajv) for the operations of one document: every JSON
 * response schema under its own key (`responseKey`), and every schema used at more than one
 * place (and every object schema) added once as an external schema (`SharedSchemas`), so Ajv
 * compiles it once for every operation and status that uses it. Validators never share an Ajv
 * across documents: each document's refs resolve in its own. Undefined when the operations hold
 * no JSON schema.
 *
 * openapi-response-validator rewrites OpenAPI's `nullable` (and `writeOnly`) into JSON Schema for
 * the responses it is given, but not for external schemas: those get the same rewrite here
 * (`toJsonSchema`). It also turns on Ajv's `useDefaults`; the copies carry no `default`, so a
 * check never writes into the body it reads, and a field missing from a response is still missing.
 */
export function createDocumentValidator(operations: readonly Operation[]): Validator | undefined {
  const roots: [string, object, string][] = [];
  for (const op of operations) {
    for (const [status, res] of Object.entries(op.responses)) {
      for (const [mediaType, media] of Object.entries(res.content ?? {})) {
        if (isJson(mediaType) && media.schema) roots.push([responseKey(op.operationId, mediaType, status), media.schema, `${op.operationId}.${status}`]);
      }
    }
  }
  if (roots.length === 0) return undefined;
  const shared = new SharedSchemas(roots.map(([, schema, name]) => [name, schema]));
  const responses: Record<string, { schema: object }> = {};
  const refs = new Set<string>();
  for (const [key, schema] of roots) responses[key] = { schema: shared.prepare(schema, refs) };
  const externalSchemas: Record<string, object> = {};
  for (const [id, schema] of Object.entries(shared.components(refs))) externalSchemas[id] = toJsonSchema(schema);
  return responseValidator({ responses, externalSchemas, customFormats });
}
