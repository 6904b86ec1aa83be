import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cacheFile,
  loadOpenApi30Validator,
  type ValidateFunction,
} from '../src/spec/openapi-schema-cache.ts';
import { assertValid } from '../src/spec/openapi-schema.ts';

/**
 * The OpenAPI 3.0 schema check compiles its validator once per install and keeps Ajv's
 * standalone code in a cache: whichever way the validator comes (the cache, a compile with a
 * cache written, a compile without), it refuses the same documents with the same message, and
 * a cache that is corrupt or cannot be written only costs a compile.
 */

const valid = {
  openapi: '3.0.3',
  info: { title: 'probe', version: '1' },
  paths: { '/x/': { get: { operationId: 'x', responses: { '200': { description: 'ok' } } } } },
};

/** Documents the OpenAPI 3.0 schema refuses, each for another reason (some for several). */
const INVALID: [string, unknown][] = [
  [
    'a response description that is a number',
    {
      ...valid,
      paths: { '/x/': { get: { operationId: 'x', responses: { '200': { description: 5 } } } } },
    },
  ],
  ['no info', { openapi: '3.0.3', paths: {} }],
  ['an unknown top-level field', { ...valid, extra: true }],
  [
    'a parameter in an unknown place',
    {
      ...valid,
      paths: {
        '/x/': {
          get: {
            parameters: [{ name: 'q', in: 'body', schema: { type: 'string' } }],
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    },
  ],
  [
    'a schema of an unknown type, deep in components',
    {
      ...valid,
      components: { schemas: { A: { type: 'object', properties: { b: { type: 'text' } } } } },
    },
  ],
];

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'omnitron-schema-cache-'));
}

/** The message `assertValid` throws for the document, or null when it passes. */
function messageOf(validate: ValidateFunction, doc: unknown): string | null {
  try {
    assertValid(validate, doc);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(SyntaxError);
    return (err as Error).message;
  }
}

function expectSameVerdicts(validate: ValidateFunction, reference: ValidateFunction): void {
  expect(messageOf(validate, valid)).toBeNull();
  for (const [why, doc] of INVALID) {
    const message = messageOf(validate, doc);
    expect(message, why).toMatch(
      /^Swagger schema validation failed \(\d+ problems?; first: #\/\S* /,
    );
    expect(message, why).toBe(messageOf(reference, doc));
  }
}

describe('the OpenAPI 3.0 schema validator cache', () => {
  const compiled = loadOpenApi30Validator(null);

  it('compiles without a cache, and refuses each invalid document', () => {
    expect(compiled.origin).toBe('compiled');
    expect(messageOf(compiled.validate, valid)).toBeNull();
    for (const [why, doc] of INVALID) expect(messageOf(compiled.validate, doc), why).not.toBeNull();
  });

  it('writes the cache on first use and reads it after, with the same verdicts and messages', () => {
    const dir = tempDir();
    const first = loadOpenApi30Validator(dir);
    expect(first.origin).toBe('compiled');
    expect(readdirSync(dir)).toEqual([cacheFile(dir).slice(dir.length + 1)]);
    const second = loadOpenApi30Validator(dir);
    expect(second.origin).toBe('cache');
    expectSameVerdicts(first.validate, compiled.validate);
    expectSameVerdicts(second.validate, compiled.validate);
  });

  it.each([
    ['cut short', (text: string) => text.slice(0, text.length >> 1)],
    ['with a byte of its code changed', (text: string) => text.replace('errors', 'errorz')],
    ['empty', () => ''],
    ['not the code at all', () => 'module.exports = () => true;\n'],
  ])(
    'ignores a cache file %s: compiles again, still refuses, and writes it whole again',
    (_, corrupt) => {
      const dir = tempDir();
      loadOpenApi30Validator(dir);
      const file = cacheFile(dir);
      const whole = readFileSync(file, 'utf8');
      writeFileSync(file, corrupt(whole));
      const again = loadOpenApi30Validator(dir);
      expect(again.origin).toBe('compiled');
      expectSameVerdicts(again.validate, compiled.validate);
      expect(readFileSync(file, 'utf8')).toBe(whole);
      expect(loadOpenApi30Validator(dir).origin).toBe('cache');
    },
  );

  it('ignores a cache whose code is whole but fails to load, and compiles', () => {
    const dir = tempDir();
    loadOpenApi30Validator(dir);
    const file = cacheFile(dir);
    const [header] = readFileSync(file, 'utf8').split('\n', 1);
    const code = 'throw new Error("broken");';
    writeFileSync(
      file,
      `${header!.replace(/[0-9a-f]{64}$/, createHash('sha256').update(code).digest('hex'))}\n${code}`,
    );
    const again = loadOpenApi30Validator(dir);
    expect(again.origin).toBe('compiled');
    expectSameVerdicts(again.validate, compiled.validate);
  });

  it('compiles and still validates when the cache directory cannot be made, writing nothing', () => {
    const dir = tempDir();
    // A directory under a regular file can never be made, even by root.
    writeFileSync(join(dir, 'file'), '');
    const blocked = join(dir, 'file', 'cache');
    const result = loadOpenApi30Validator(blocked);
    expect(result.origin).toBe('compiled');
    expectSameVerdicts(result.validate, compiled.validate);
    expect(existsSync(blocked)).toBe(false);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('never reads the temporary file a writer left half written: only the renamed file counts', () => {
    const dir = tempDir();
    const file = cacheFile(dir);
    writeFileSync(
      `${file}.99999-0.tmp`,
      '// omnitron-mock: OpenAPI 3.0 schema validator, sha256 0\nmodule.exports = () => true;',
    );
    const result = loadOpenApi30Validator(dir);
    expect(result.origin).toBe('compiled');
    expectSameVerdicts(result.validate, compiled.validate);
    expect(loadOpenApi30Validator(dir).origin).toBe('cache');
    const name = file.slice(dir.length + 1);
    expect(readdirSync(dir).sort()).toEqual([name, `${name}.99999-0.tmp`]);
  });
});
