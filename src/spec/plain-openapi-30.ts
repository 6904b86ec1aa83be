import { createRequire } from 'node:module';

/** The part of json-schema-ref-parser's `$RefParser` this module uses. */
interface RefParser {
  parse(...args: unknown[]): Promise<unknown>;
  dereference(path: string): Promise<unknown>;
  $refs: { circular: boolean };
}
type RefParserClass = new () => RefParser;

/** The OpenAPI 3.0 versions swagger-parser accepts (its `supported30Versions`). */
const SUPPORTED_30 = ['3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.0.4'];

/** Thrown by the root check: the document is not one this path may read. */
class NotPlainOpenApi30 extends Error {}

let PlainParser: RefParserClass | undefined;

/**
 * Reads and dereferences an OpenAPI 3.0 document exactly as swagger-parser's `dereference` does,
 * with the very json-schema-ref-parser it uses (resolved from swagger-parser's directory) and
 * its default options — without loading swagger-parser, whose main module requires Ajv (two
 * builds of it) and every OpenAPI schema at load time: ~50–70 ms of every start-up for a check
 * the precompiled validator (`openapi-schema-cache.ts`) does instead.
 *
 * Resolves to null, and rejects on any error, when the caller must take swagger-parser's own
 * path: a root swagger-parser's `parse` would refuse or treat otherwise (Swagger 2.0, OpenAPI
 * 3.1, no `paths`, a number where a version string belongs, an unsupported version), or a
 * document with circular refs. Then swagger-parser, run afresh, gives its own result or error.
 */
export async function dereferencePlainOpenApi30(path: string): Promise<object | null> {
  PlainParser ??= plainParserClass();
  const parser = new PlainParser();
  const doc = await parser.dereference(path);
  return parser.$refs.circular || doc === null || typeof doc !== 'object' ? null : doc;
}

function plainParserClass(): RefParserClass {
  const fromSwaggerParser = createRequire(
    createRequire(import.meta.url).resolve('@apidevtools/swagger-parser'),
  );
  const { $RefParser } = fromSwaggerParser('@apidevtools/json-schema-ref-parser') as {
    $RefParser: RefParserClass;
  };
  return class extends $RefParser {
    // `$RefParser.resolve` (under `dereference`) parses the root through `this.parse`, as
    // swagger-parser's subclass checks it; external files are parsed elsewhere.
    override async parse(...args: unknown[]): Promise<unknown> {
      const root = await super.parse(...args);
      if (!isPlainOpenApi30Root(root)) throw new NotPlainOpenApi30();
      return root;
    }
  };
}

/** A root swagger-parser's `parse` accepts as OpenAPI 3.0 and leaves as it is (a local file). */
function isPlainOpenApi30Root(root: unknown): boolean {
  if (root === null || typeof root !== 'object') return false;
  const { swagger, openapi, paths, info } = root as Record<string, unknown>;
  const version = (info as { version?: unknown } | null | undefined)?.version;
  return (
    swagger === undefined &&
    paths !== undefined &&
    typeof openapi === 'string' &&
    SUPPORTED_30.includes(openapi) &&
    !(info && typeof version === 'number')
  );
}
