import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import $RefParser from '@apidevtools/json-schema-ref-parser';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { specDir } from './support/spec-dir.ts';
import { DEFAULT_SPEC_DIR, loadSpecs, servedSpecFiles } from '../src/spec/load-specs.ts';
import { COMPONENTS_FILE, loadUnroutedSchema } from '../src/spec/unrouted-schema.ts';

/**
 * Spec loading parses a file's text once per process (every served document refers to the one
 * components file) and hands each dereference its own copy: the documents stay exactly what
 * swagger-parser makes of each alone — equal, one object where its result has one object, and
 * no object shared between two documents.
 */


/**
 * True when two trees have the same shape of object identity: wherever one holds an object it
 * held before, the other holds the corresponding object, and nowhere else.
 */
function sameIdentity(a: unknown, b: unknown, ab = new Map<object, unknown>(), ba = new Map<unknown, object>()): boolean {
  if (a === null || typeof a !== 'object') return true;
  if (ab.has(a) || ba.has(b)) return ab.get(a) === b && ba.get(b) === a;
  ab.set(a, b);
  ba.set(b, a);
  return Object.keys(a).every((k) =>
    sameIdentity((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], ab, ba),
  );
}

/** Every object reachable from `value`. */
function objectsOf(value: unknown, out = new Set<object>()): Set<object> {
  if (value === null || typeof value !== 'object' || out.has(value)) return out;
  out.add(value);
  for (const v of Object.values(value)) objectsOf(v, out);
  return out;
}

const doc = (status: string, shared = 'shared') =>
  `openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x/:\n    get:\n      operationId: x${status}\n      responses:\n` +
  `        '${status}':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'components/${shared}.yaml#/schemas/A'}\n` +
  `        '404':\n          description: no\n          content:\n            application/json:\n              schema: {$ref: 'components/${shared}.yaml#/schemas/B'}\n`;

// `B` is a YAML alias of `A`'s properties: one object in the parse, kept one in every copy.
const SHARED = `schemas:\n  A: {type: object, properties: &props {b: {type: string, nullable: true}}}\n  B: {type: object, properties: *props}\n  DetailError: {type: object, properties: *props}\n`;

describe('one parse of a shared file per process', () => {
  it('gives every document what swagger-parser makes of it alone, sharing no object between documents', async () => {
    const dir = specDir({ 'a.openapi.yaml': doc('200'), 'b.openapi.yaml': doc('201'), 'components/shared.yaml': SHARED });
    const { documents } = await loadSpecs(dir);
    for (const file of ['a.openapi.yaml', 'b.openapi.yaml']) {
      const expected = await SwaggerParser.validate(join(dir, file));
      expect(documents[file]).toEqual(expected);
      expect(sameIdentity(documents[file], expected)).toBe(true);
    }
    const inA = objectsOf(documents['a.openapi.yaml']);
    expect([...objectsOf(documents['b.openapi.yaml'])].some((o) => inA.has(o))).toBe(false);
    // A second load gets fresh objects too.
    const again = await loadSpecs(dir);
    expect(again.documents).toEqual(documents);
    const before = objectsOf(documents);
    expect([...objectsOf(again.documents)].some((o) => before.has(o))).toBe(false);
  });

  it('reads a file again when its text changed', async () => {
    const dir = specDir({ 'a.openapi.yaml': doc('200'), 'components/shared.yaml': SHARED });
    await loadSpecs(dir);
    writeFileSync(join(dir, 'components/shared.yaml'), SHARED.replace('type: string', 'type: integer'));
    const { documents } = await loadSpecs(dir);
    expect(documents['a.openapi.yaml']).toEqual(await SwaggerParser.validate(join(dir, 'a.openapi.yaml')));
    expect(JSON.stringify(documents['a.openapi.yaml'])).toContain('"integer"');
  });

  it("answers the unrouted schema as the package's json-schema-ref-parser reads it", async () => {
    // The documents refer to components/omnitron.yaml: loading them parses it first.
    const dir = specDir({ 'a.openapi.yaml': doc('200', 'omnitron'), [COMPONENTS_FILE]: SHARED });
    await loadSpecs(dir);
    const components = (await $RefParser.dereference(join(dir, COMPONENTS_FILE))) as {
      schemas: Record<string, object>;
    };
    const schema = await loadUnroutedSchema(dir);
    expect(schema).toEqual(components.schemas.DetailError);
    expect(sameIdentity(schema, components.schemas.DetailError)).toBe(true);
  });

  it('loads the served documents and the unrouted schema as before', async () => {
    const { documents } = await loadSpecs(DEFAULT_SPEC_DIR);
    for (const file of servedSpecFiles()) {
      const expected = await SwaggerParser.validate(join(DEFAULT_SPEC_DIR, file));
      expect(documents[file]).toEqual(expected);
      expect(sameIdentity(documents[file], expected)).toBe(true);
    }
    const components = (await $RefParser.dereference(join(DEFAULT_SPEC_DIR, COMPONENTS_FILE))) as {
      schemas: Record<string, object>;
    };
    expect(await loadUnroutedSchema(DEFAULT_SPEC_DIR)).toEqual(components.schemas.DetailError);
  });
});
