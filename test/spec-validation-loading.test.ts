import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { specDir } from './support/spec-dir.ts';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { DEFAULT_SPEC_DIR, loadSpecs } from '../src/spec/load-specs.ts';
import { loadOpenApi30Validator } from '../src/spec/openapi-schema-cache.ts';

/**
 * Loading reads a plain OpenAPI 3.0 document without swagger-parser (and checks it with the
 * cached validator); every other document takes swagger-parser's own path. Either way loading
 * answers what `SwaggerParser.validate` answers, and a document the OpenAPI schema refuses
 * still stops `buildMock` and `serve` before anything listens, with the same one line.
 */

const BIN = new URL('../bin/omnitron-mock.js', import.meta.url).pathname;

function run(args: string[], nodeArgs: string[] = []) {
  const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'info' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, out: () => out, err: () => err };
}


const OPERATION = `  /x/:
    get:
      operationId: x
      responses:
        '200': {description: ok}
`;
const BAD_RESPONSE = `  /x/:
    get:
      operationId: x
      responses:
        '200': {description: 5}
`;

/** Documents swagger-parser itself must judge: its answer or its error is loading's. */
const OTHER_DOCUMENTS: [string, string][] = [
  [
    'an OpenAPI version swagger-parser does not support',
    `openapi: 3.0.9\ninfo: {title: t, version: '1'}\npaths:\n${OPERATION}`,
  ],
  [
    'a version that is a number',
    `openapi: 3.0\ninfo: {title: t, version: '1'}\npaths:\n${OPERATION}`,
  ],
  [
    'an API version that is a number',
    `openapi: 3.0.3\ninfo: {title: t, version: 1}\npaths:\n${OPERATION}`,
  ],
  ['no paths', `openapi: 3.0.3\ninfo: {title: t, version: '1'}\n`],
  [
    'YAML that does not parse',
    `openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x/:\n   get: [\n`,
  ],
  [
    'a $ref to a missing file',
    `openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x/: {$ref: 'missing.yaml#/x'}\n`,
  ],
  [
    'a $ref to a missing pointer',
    `openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x/: {$ref: '#/components/nothing'}\n`,
  ],
  [
    'a Swagger 2.0 document the Swagger schema refuses',
    `swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /x/:\n    get:\n      operationId: x\n      responses:\n        '200': {description: 5}\n`,
  ],
  [
    'an OpenAPI 3.1 document the 3.1 schema refuses',
    `openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n${BAD_RESPONSE}`,
  ],
];

/** Valid documents of the other versions: loaded exactly as swagger-parser gives them. */
const OTHER_VALID: [string, string][] = [
  ['Swagger 2.0', `swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n${OPERATION}`],
  ['OpenAPI 3.1', `openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n${OPERATION}`],
];

async function swaggerParserError(path: string): Promise<string> {
  try {
    await SwaggerParser.validate(path);
  } catch (err) {
    return (err as Error).message.split('\n')[0]!;
  }
  throw new Error(`swagger-parser accepts ${path}`);
}

describe('loading a document swagger-parser must judge', () => {
  it.each(OTHER_DOCUMENTS)("stops on %s with swagger-parser's own first line", async (_, text) => {
    const dir = specDir({ 'doc.openapi.yaml': text });
    const expected = await swaggerParserError(join(dir, 'doc.openapi.yaml'));
    await expect(loadSpecs(dir)).rejects.toThrow(`spec doc.openapi.yaml is invalid: ${expected}`);
  });

  it.each(OTHER_VALID)(
    'loads a valid %s document as SwaggerParser.validate gives it',
    async (_, text) => {
      const dir = specDir({ 'doc.openapi.yaml': text });
      const { documents } = await loadSpecs(dir);
      expect(documents['doc.openapi.yaml']).toEqual(
        await SwaggerParser.validate(join(dir, 'doc.openapi.yaml')),
      );
    },
  );

  it('loads a plain 3.0 document that refers to a shared file as SwaggerParser.validate gives it', async () => {
    const dir = specDir({
      'doc.openapi.yaml': `openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x/:\n    get:\n      operationId: x\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'components/shared.yaml#/schemas/A'}\n        '404':\n          description: no\n          content:\n            application/json:\n              schema: {$ref: 'components/shared.yaml#/schemas/A'}\n`,
      'components/shared.yaml': `schemas:\n  A: {type: object, properties: {b: {type: string, nullable: true}}}\n`,
    });
    const { documents } = await loadSpecs(dir);
    const doc = documents['doc.openapi.yaml']!;
    expect(doc).toEqual(await SwaggerParser.validate(join(dir, 'doc.openapi.yaml')));
    const content = (status: string) =>
      (doc.paths['/x/']!.get!.responses[status] as { content: Record<string, { schema: object }> })
        .content;
    // Dereferencing keeps identity: both answers hold the one schema object.
    expect(content('200')['application/json']!.schema).toBe(
      content('404')['application/json']!.schema,
    );
  });
});

describe('a served document the OpenAPI 3.0 schema refuses', () => {
  const BAD = `openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n${BAD_RESPONSE}`;
  const MESSAGE =
    /spec bad\.openapi\.yaml is invalid: Swagger schema validation failed \(\d+ problems?; first: #\/paths\/~1x~1\/get\/responses\/200\S* must /;

  it('stops buildMock before it seeds anything', async () => {
    const dir = specDir({
      'a.openapi.yaml': `openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n${OPERATION}`,
      'bad.openapi.yaml': BAD,
    });
    await expect(
      buildMock(testConfig({ specDir: dir, size: 5 }), { logger: silentLogger }),
    ).rejects.toThrow(MESSAGE);
  });

  it('stops serve with that one line and exit code 2, never listening', async () => {
    const dir = specDir({ 'bad.openapi.yaml': BAD });
    const p = run(['serve', '--spec-dir', dir, '--port', '0', '--size', '5']);
    expect(await p.exited).toBe(2);
    expect(p.err().trim().split('\n')).toHaveLength(1);
    expect(p.err()).toMatch(MESSAGE);
    expect(p.out()).not.toContain('listening');
  });
});

describe('what serve loads', () => {
  it("starts without swagger-parser, Ajv's compiler or the response validator: each loads on demand", async () => {
    loadOpenApi30Validator(); // The cache a first start writes.
    const dir = mkdtempSync(join(tmpdir(), 'omnitron-loaded-'));
    const preload = join(dir, 'loaded.cjs');
    const list = join(dir, 'loaded.txt');
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, Object.keys(require('node:module')._cache).join('\\n')));`,
    );
    // A copy of the served documents: documents read before are answered from the kept copies
    // (dereferenced-cache.ts) without loading the ref parser at all; this start reads them.
    const specs = join(dir, 'specs');
    cpSync(DEFAULT_SPEC_DIR, specs, { recursive: true });
    const p = run(['serve', '--port', '0', '--size', '5', '--spec-dir', specs], ['--require', preload]);
    const end = Date.now() + 20_000;
    while (!p.out().includes('listening') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    expect(p.out()).toContain('listening');
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    const loaded = readFileSync(list, 'utf8');
    expect(loaded).toContain('json-schema-ref-parser'); // the list is real
    for (const lazy of [
      '/@apidevtools/swagger-parser/lib/',
      '/ajv/dist/core.js',
      '/ajv-draft-04/',
      '/openapi-response-validator/',
    ]) {
      expect(loaded).not.toContain(lazy);
    }
  });
});
