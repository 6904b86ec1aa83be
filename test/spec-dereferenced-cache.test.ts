import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specDir } from './support/spec-dir.ts';
import { readDereferenced, writeDereferenced } from '../src/spec/dereferenced-cache.ts';
import { DEFAULT_SPEC_DIR, loadSpecs, servedSpecFiles } from '../src/spec/load-specs.ts';
import { dereferencePlainOpenApi30 } from '../src/spec/plain-openapi-30.ts';

/**
 * The served documents are kept between starts (~0.4 s of CPU of every start went to reading
 * them): a kept document is the one the ref parser makes — equal, one object wherever it has one
 * object — and is used only while every file it was read from is unchanged.
 */

/** True when two trees have the same shape of object identity (as in spec-parse-once.test.ts). */
function sameIdentity(a: unknown, b: unknown, ab = new Map<object, unknown>(), ba = new Map<unknown, object>()): boolean {
  if (a === null || typeof a !== 'object') return true;
  if (ab.has(a) || ba.has(b)) return ab.get(a) === b && ba.get(b) === a;
  ab.set(a, b);
  ba.set(b, a);
  return Object.keys(a).every((k) => sameIdentity((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], ab, ba));
}

const cacheDir = () => mkdtempSync(join(tmpdir(), 'omnitron-spec-cache-'));

/** Gives `files` a last change a minute ago: a file just written is not kept (it may be mid-save). */
const settle = (...files: string[]) => {
  const then = new Date(Date.now() - 60_000);
  for (const f of files) utimesSync(f, then, then);
};

const DOC = `openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x/:\n    get:\n      operationId: x\n      responses:\n` +
  `        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'components/shared.yaml#/schemas/A'}\n` +
  `        '404':\n          description: no\n          content:\n            application/json:\n              schema: {$ref: 'components/shared.yaml#/schemas/A'}\n`;
const SHARED = `schemas:\n  A: {type: object, properties: {b: {type: string}}}\n`;

describe('served documents kept between starts', () => {
  it('answers each served document as the ref parser reads it, shared schemas one object', async () => {
    const dir = cacheDir();
    for (const file of servedSpecFiles()) {
      const path = join(DEFAULT_SPEC_DIR, file);
      const read = (await dereferencePlainOpenApi30(path))!;
      expect(read.files).toContain(path);
      writeDereferenced('served', path, read.doc, read.files!, Date.now(), dir);
      const kept = readDereferenced('served', path, dir);
      expect(kept).toEqual(read.doc);
      expect(sameIdentity(kept, read.doc)).toBe(true);
    }
  });

  it('is not used once a file it was read from changed, nor when the entry is cut short', async () => {
    const dir = cacheDir();
    const specs = specDir({ 'a.openapi.yaml': DOC, 'components/shared.yaml': SHARED });
    const path = join(specs, 'a.openapi.yaml');
    settle(path, join(specs, 'components/shared.yaml'));
    const read = (await dereferencePlainOpenApi30(path))!;
    expect(read.files).toEqual([path, join(specs, 'components/shared.yaml')]);
    writeDereferenced('served', path, read.doc, read.files!, Date.now(), dir);
    expect(readDereferenced('served', path, dir)).toEqual(read.doc);
    // The one object both answers share is one object in the kept copy too.
    const kept = readDereferenced('served', path, dir) as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: object }> }> } }> };
    const { responses } = kept.paths['/x/']!.get;
    expect(responses['200']!.content['application/json']!.schema).toBe(responses['404']!.content['application/json']!.schema);
    writeFileSync(join(specs, 'components/shared.yaml'), SHARED.replace('string', 'integer'));
    expect(readDereferenced('served', path, dir)).toBeNull();
    settle(join(specs, 'components/shared.yaml'));
    writeDereferenced('served', path, read.doc, read.files!, Date.now(), dir);
    expect(readDereferenced('served', path, dir)).not.toBeNull();
    for (const name of readdirSync(dir)) {
      const entry = join(dir, name);
      writeFileSync(entry, readFileSync(entry).subarray(0, 40));
    }
    expect(readDereferenced('served', path, dir)).toBeNull();
    // Another kind of read of the same path is another entry.
    expect(readDereferenced('components', path, dir)).toBeNull();
  });

  it('keeps nothing read from a file that changed during the read or just before it', async () => {
    const dir = cacheDir();
    const specs = specDir({ 'a.openapi.yaml': DOC, 'components/shared.yaml': SHARED });
    const path = join(specs, 'a.openapi.yaml');
    settle(path, join(specs, 'components/shared.yaml'));
    const startedAt = Date.now();
    const read = (await dereferencePlainOpenApi30(path))!;
    // A save lands after the parser read the shared file: the document in hand is the old one.
    writeFileSync(join(specs, 'components/shared.yaml'), SHARED.replace('string', 'integer'));
    writeDereferenced('served', path, read.doc, read.files!, startedAt, dir);
    expect(readDereferenced('served', path, dir)).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names an entry by the absolute path: the same relative path in another directory is another document', async () => {
    const dir = cacheDir();
    const a = specDir({ 'specs/a.openapi.yaml': DOC, 'specs/components/shared.yaml': SHARED });
    const b = specDir({ 'specs/a.openapi.yaml': DOC.replace('title: t', 'title: b'), 'specs/components/shared.yaml': SHARED });
    for (const root of [a, b]) settle(join(root, 'specs/a.openapi.yaml'), join(root, 'specs/components/shared.yaml'));
    const fromA = relative(process.cwd(), join(a, 'specs/a.openapi.yaml'));
    const read = (await dereferencePlainOpenApi30(fromA))!;
    writeDereferenced('served', fromA, read.doc, read.files!, Date.now(), dir);
    expect(readDereferenced('served', fromA, dir)).toEqual(read.doc);
    // Named by where the path leads, not by its text: the absolute path finds the same entry, so
    // the same relative text from another working directory (another file) names another entry.
    expect(readDereferenced('served', join(a, 'specs/a.openapi.yaml'), dir)).toEqual(read.doc);
    const fromB = relative(process.cwd(), join(b, 'specs/a.openapi.yaml'));
    expect(readDereferenced('served', fromB, dir)).toBeNull();
    // Nor is one written under another document's path (its own file first) …
    writeDereferenced('served', fromB, read.doc, read.files!, Date.now(), dir);
    expect(readDereferenced('served', fromB, dir)).toBeNull();
    // … nor read there: a's entry in b's place (its files all unchanged) does not answer for b.
    const aEntries = readdirSync(dir);
    const readB = (await dereferencePlainOpenApi30(fromB))!;
    writeDereferenced('served', fromB, readB.doc, readB.files!, Date.now(), dir);
    const bEntry = readdirSync(dir).find((name) => !aEntries.includes(name))!;
    expect(readDereferenced('served', fromB, dir)).toEqual(readB.doc);
    writeFileSync(join(dir, bEntry), readFileSync(join(dir, aEntries[0]!)));
    expect(readDereferenced('served', fromB, dir)).toBeNull();
  });

  it('is written by loading the served documents', async () => {
    // A copy of the served folder at a path no earlier run has read, its files settled: every
    // entry found afterwards was written by this load.
    const copy = mkdtempSync(join(tmpdir(), 'omnitron-served-copy-'));
    cpSync(DEFAULT_SPEC_DIR, copy, { recursive: true });
    const files = readdirSync(copy, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name));
    settle(...files);
    for (const file of servedSpecFiles(copy)) expect(readDereferenced('served', join(copy, file))).toBeNull();
    // (A load that answers from it gives what a fresh read gives: spec-parse-once.test.ts loads twice.)
    try {
      await loadSpecs(copy);
      for (const file of servedSpecFiles(copy)) expect(readDereferenced('served', join(copy, file))).not.toBeNull();
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
