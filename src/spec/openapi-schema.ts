import { loadOpenApi30Validator, type ValidateFunction } from './openapi-schema-cache.ts';

let validate30: ValidateFunction | undefined;

/**
 * True when the document is one this module validates (OpenAPI 3.0.x). Other versions (Swagger
 * 2.0, OpenAPI 3.1) are left to swagger-parser's own `validate`.
 */
export function isOpenApi30(doc: unknown): boolean {
  const version = (doc as { openapi?: unknown } | null)?.openapi;
  return typeof version === 'string' && version.startsWith('3.0');
}

/**
 * Checks a document against the OpenAPI 3.0 JSON schema, as `SwaggerParser.validate` does, but
 * with the schema compiled once per install (`loadOpenApi30Validator`): swagger-parser compiles
 * it afresh for every document (some 100–250 ms each; five documents at every start-up, and
 * again in every test worker). Throws a `SyntaxError` whose first line names the first problem.
 */
export function assertOpenApi30Schema(doc: unknown): void {
  validate30 ??= loadOpenApi30Validator().validate;
  assertValid(validate30, doc);
}

/** Throws the schema check's `SyntaxError` when `validate` refuses the document. */
export function assertValid(validate: ValidateFunction, doc: unknown): void {
  if (validate(doc)) return;
  const errors = validate.errors ?? [];
  const first = errors[0];
  const where = first ? `#${first.instancePath || '/'} ${first.message ?? ''}`.trim() : 'unknown problem';
  throw new SyntaxError(
    `Swagger schema validation failed (${errors.length} problem${errors.length === 1 ? '' : 's'}; first: ${where}).\n` +
      errors.map((e) => `  #${e.instancePath || '/'} ${e.message ?? ''}`).join('\n'),
  );
}
