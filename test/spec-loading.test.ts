import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { specDir } from './support/spec-dir.ts';
import { DEFAULT_SPEC_DIR, loadSpecs } from '../src/spec/load-specs.ts';
import { createResponseChecker } from '../src/spec/response-checker.ts';
import { loadUnroutedSchema } from '../src/spec/unrouted-schema.ts';

/**
 * Loading checks each document as `SwaggerParser.validate` does, with the OpenAPI schema compiled
 * once per process instead of once per document: the same documents come out, and a broken one
 * still stops start-up with one line naming it and its first problem.
 */

const doc = (paths: string) => `openapi: 3.0.3
info: {title: probe, version: '1'}
paths:
${paths}`;

describe('loading the served documents', () => {
  it('gives each document exactly as SwaggerParser.validate dereferences it', async () => {
    const { documents } = await loadSpecs();
    const files = readdirSync(DEFAULT_SPEC_DIR).filter((f) => f.endsWith('.openapi.yaml'));
    expect(Object.keys(documents).sort()).toEqual(files.sort());
    for (const file of files) {
      expect(documents[file], file).toEqual(await SwaggerParser.validate(join(DEFAULT_SPEC_DIR, file)));
    }
  });

  it('stops on a document the OpenAPI schema refuses, naming the file and the first problem', async () => {
    const dir = specDir({
      'bad.openapi.yaml': doc(`  /x/:
    get:
      operationId: x
      responses:
        '200': {description: 5}
`),
    });
    await expect(loadSpecs(dir)).rejects.toThrow(
      /^spec bad\.openapi\.yaml is invalid: Swagger schema validation failed \(\d+ problems?; first: #\/paths\/~1x~1\/get\/responses\/200\S* must /,
    );
  });

  it('loads a document whose schemas refer to themselves, and checks answers deep in them', async () => {
    const dir = specDir({
      'tree.openapi.yaml': doc(`  /tree/:
    get:
      operationId: getTree
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Node'}
components:
  schemas:
    Node:
      type: object
      required: [name]
      properties:
        name: {type: string}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
`),
    });
    const specs = await loadSpecs(dir);
    const checker = createResponseChecker(specs, { type: 'object' });
    const body = { name: 'a', children: [{ name: 'b', children: [{ name: 1 }] }] };
    expect(checker.check('getTree', { status: 200, contentType: 'application/json', body })).toEqual([
      { path: '/children/0/children/0/name', message: 'must be string', severity: 'error' },
    ]);
  });

  it('says what a spec folder must hold when it lacks the shared components, and how to add a document instead', async () => {
    const dir = specDir({ 'own.openapi.yaml': doc('  {}') });
    await expect(loadUnroutedSchema(dir)).rejects.toThrow(
      /holds no components[/\\]omnitron\.yaml: --spec-dir \(MOCK_SPEC_DIR\) replaces the package's specs\/.*use --spec FILE/,
    );
  });
});
