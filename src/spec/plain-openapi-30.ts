import { createRequire } from 'node:module';

/** The part of json-schema-ref-parser's `$RefParser` this module uses. */
interface RefParser {
  parse(...args: unknown[]): Promise<unknown>;
  dereference(path: string, options?: object): Promise<unknown>;
  $refs: { circular: boolean; paths(...types: string[]): string[] };
}

/** A dereferenced document and the files it was read from (its own first), or null when any ref was not a local file. */
export interface ReadDocument {
  doc: object;
  files: string[] | null;
}
type RefParserClass = new () => RefParser;

/** A file as json-schema-ref-parser hands it to a parser plugin. */
interface ParsedFile {
  url: string;
  data: unknown;
}
type ParseFn = (file: ParsedFile) => Promise<unknown>;

/** The OpenAPI 3.0 versions swagger-parser accepts (its `supported30Versions`). */
const SUPPORTED_30 = ['3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.0.4'];

/** Thrown by the root check: the document is not one this path may read. */
class NotPlainOpenApi30 extends Error {}

let refParser: { RefParser: RefParserClass; PlainParser: RefParserClass; options: object } | undefined;

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
export async function dereferencePlainOpenApi30(path: string): Promise<ReadDocument | null> {
  const { PlainParser, options } = (refParser ??= loadRefParser());
  const parser = new PlainParser();
  const doc = await parser.dereference(path, options);
  return parser.$refs.circular || doc === null || typeof doc !== 'object' ? null : { doc, files: filesRead(parser) };
}

/** The local files a parser read, or null when it also read anything else (a URL). */
function filesRead(parser: RefParser): string[] | null {
  const all = parser.$refs.paths();
  const files = parser.$refs.paths('file');
  return files.length === all.length ? files : null;
}

/**
 * Dereferences any JSON or YAML file with the same ref-parser copy and YAML parses as
 * `dereferencePlainOpenApi30` (the unrouted error schema reads the shared components file so),
 * sparing start-up a second copy of json-schema-ref-parser and another parse of that file.
 */
export async function dereferenceFile(path: string): Promise<{ doc: unknown; files: string[] | null }> {
  const { RefParser, options } = (refParser ??= loadRefParser());
  const parser = new RefParser();
  const doc = await parser.dereference(path, options);
  return { doc, files: filesRead(parser) };
}

function loadRefParser(): NonNullable<typeof refParser> {
  const fromSwaggerParser = createRequire(
    createRequire(import.meta.url).resolve('@apidevtools/swagger-parser'),
  );
  const { $RefParser, getJsonSchemaRefParserDefaultOptions } = fromSwaggerParser(
    '@apidevtools/json-schema-ref-parser',
  ) as {
    $RefParser: RefParserClass;
    getJsonSchemaRefParserDefaultOptions: () => { parse: { yaml: { parse: ParseFn } } };
  };
  class PlainParser extends $RefParser {
    // `$RefParser.resolve` (under `dereference`) parses the root through `this.parse`, as
    // swagger-parser's subclass checks it; external files are parsed elsewhere.
    override async parse(...args: unknown[]): Promise<unknown> {
      const root = await super.parse(...args);
      if (!isPlainOpenApi30Root(root)) throw new NotPlainOpenApi30();
      return root;
    }
  }
  const yaml = getJsonSchemaRefParserDefaultOptions().parse.yaml.parse;
  // Only the YAML parser's function changes; getNewOptions merges it into the defaults.
  return { RefParser: $RefParser, PlainParser, options: { parse: { yaml: { parse: onceParsed(yaml) } } } };
}

/**
 * The YAML parser, parsing each text once per process: every served document refers to the
 * shared components file, and each dereference used to parse it afresh (five times a start).
 * A file whose text is the one parsed before gets a fresh copy of that parse — dereferencing
 * writes into what it is given, so each caller needs its own — with the same shape: the same
 * keys in the same order, and one object wherever the parse had one object (YAML aliases).
 * Anything else (new text, a value the resolver already parsed, an error) is the parser's own.
 */
function onceParsed(parse: ParseFn): ParseFn {
  const parsed = new Map<string, { text: string; value: unknown }>();
  return async (file) => {
    const text = Buffer.isBuffer(file.data) ? file.data.toString() : file.data;
    if (typeof text !== 'string') return parse(file);
    const known = parsed.get(file.url);
    // `structuredClone` copies a tree of plain objects and arrays (all JSON_SCHEMA YAML makes),
    // keeping one object wherever the tree shares one.
    if (known?.text === text) return structuredClone(known.value);
    const value = await parse(file);
    if (value !== null && typeof value === 'object') parsed.set(file.url, { text, value: structuredClone(value) });
    return value;
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
