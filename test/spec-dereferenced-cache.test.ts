import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      writeDereferenced('served', path, read.doc, read.files!, dir);
      const kept = readDereferenced('served', path, dir);
      expect(kept).toEqual(read.doc);
      expect(sameIdentity(kept, read.doc)).toBe(true);
    }
  });

  it('is not used once a file it was read from changed, nor when the entry is cut short', async () => {
    const dir = cacheDir();
    const specs = specDir({ 'a.openapi.yaml': DOC, 'components/shared.yaml': SHARED });
    const path = join(specs, 'a.openapi.yaml');
    const read = (await dereferencePlainOpenApi30(path))!;
    expect(read.files).toEqual([path, join(specs, 'components/shared.yaml')]);
    writeDereferenced('served', path, read.doc, read.files!, dir);
    expect(readDereferenced('served', path, dir)).toEqual(read.doc);
    // The one object both answers share is one object in the kept copy too.
    const kept = readDereferenced('served', path, dir) as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: object }> }> } }> };
    const { responses } = kept.paths['/x/']!.get;
    expect(responses['200']!.content['application/json']!.schema).toBe(responses['404']!.content['application/json']!.schema);
    writeFileSync(join(specs, 'components/shared.yaml'), SHARED.replace('string', 'integer'));
    expect(readDereferenced('served', path, dir)).toBeNull();
    writeDereferenced('served', path, read.doc, read.files!, dir);
    expect(readDereferenced('served', path, dir)).not.toBeNull();
    for (const name of (await import('node:fs')).readdirSync(dir)) {
      const entry = join(dir, name);
      writeFileSync(entry, readFileSync(entry).subarray(0, 40));
    }
    expect(readDereferenced('served', path, dir)).toBeNull();
    // Another kind of read of the same path is another entry.
    expect(readDereferenced('components', path, dir)).toBeNull();
  });

  it('is written by loading the served documents', async () => {
    // (A load that answers from it gives what a fresh read gives: spec-parse-once.test.ts loads twice.)
    await loadSpecs(DEFAULT_SPEC_DIR);
    for (const file of servedSpecFiles()) expect(readDereferenced('served', join(DEFAULT_SPEC_DIR, file))).not.toBeNull();
  });
});
