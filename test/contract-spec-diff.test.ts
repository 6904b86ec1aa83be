import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIFF_HELP, runDiffCommand } from '../src/cli/diff.ts';
import { SPEC_RULES, type SpecChange } from '../src/contracts/spec-change.ts';
import { diffSpecs, loadOpenApi } from '../src/contracts/spec-diff.ts';

type Json = Record<string, unknown>;
const ROOT = resolve(import.meta.dirname, '..');

/** A small document: GET /items/{id}/ answers an item; POST /items/ takes one. Each case changes a copy. */
function base(): Json {
  const item = () => ({
    type: 'object', required: ['pk', 'status'], additionalProperties: true,
    properties: {
      pk: { type: 'integer' }, status: { type: 'string', enum: ['waiting', 'approved'] }, note: { type: 'string' },
      amount: { type: 'number' }, lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
    },
  });
  return {
    openapi: '3.0.3', info: { title: 't', version: '1' },
    paths: {
      '/items/{id}/': {
        get: {
          operationId: 'getItem',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }, { name: 'status', in: 'query', schema: { type: 'string', enum: ['waiting', 'approved'] } }],
          responses: { 200: { description: 'ok', content: { 'application/json': { schema: item() } } }, 404: { description: 'no' } },
        },
      },
      '/items/': {
        post: {
          operationId: 'createItem',
          requestBody: { content: { 'application/json': { schema: item() } } },
          responses: { 201: { description: 'ok', content: { 'application/json': { schema: item() } } } },
        },
      },
    },
  };
}

const get = (d: Json) => (d.paths as Json)['/items/{id}/'] as { get: Json & { parameters: Json[]; responses: Json } };
const post = (d: Json) => (d.paths as Json)['/items/'] as { post: Json & { requestBody: Json } };
const answer = (d: Json) => ((get(d).get.responses['200'] as Json).content as Json)['application/json'] as { schema: Json & { properties: Record<string, Json>; required: string[] } };
const sent = (d: Json) => ((post(d).post.requestBody.content as Json)['application/json'] as { schema: Json & { properties: Record<string, Json>; required: string[] } }).schema;

const cases: Array<[string, (d: Json) => void, string, boolean]> = [
  ['an operation removed', (d) => delete (d.paths as Json)['/items/'], 'operation-removed', true],
  ['an operation added', (d) => ((d.paths as Json)['/other/'] = { get: { responses: { 200: { description: 'ok' } } } }), 'operation-added', false],
  ['an operationId changed', (d) => (get(d).get.operationId = 'readItem'), 'operation-id-changed', true],
  ['a required parameter added', (d) => get(d).get.parameters.push({ name: 'x', in: 'query', required: true, schema: { type: 'string' } }), 'parameter-added-required', true],
  ['an optional parameter added', (d) => get(d).get.parameters.push({ name: 'x', in: 'query', schema: { type: 'string' } }), 'parameter-added', false],
  ['a parameter made required', (d) => (get(d).get.parameters[1]!.required = true), 'parameter-now-required', true],
  ['a parameter removed', (d) => get(d).get.parameters.pop(), 'parameter-removed', false],
  ['a parameter enum value removed', (d) => ((get(d).get.parameters[1]!.schema as Json).enum = ['waiting']), 'request-enum-value-removed', true],
  ['a parameter type narrowed', (d) => ((get(d).get.parameters[1]!.schema as Json) = { type: 'integer' }), 'request-type-narrowed', true],
  ['a request body made required', (d) => (post(d).post.requestBody.required = true), 'request-body-now-required', true],
  ['a request media type removed', (d) => (post(d).post.requestBody.content = { 'text/plain': { schema: { type: 'string' } } }), 'request-media-type-removed', true],
  ['a new required request field', (d) => { sent(d).properties.extra = { type: 'string' }; sent(d).required.push('extra'); }, 'request-field-added-required', true],
  ['a request field made required', (d) => sent(d).required.push('note'), 'request-field-now-required', true],
  ['a request object closed', (d) => (sent(d).additionalProperties = false), 'request-closed', true],
  ['a request field refused', (d) => { sent(d).additionalProperties = false; delete sent(d).properties.note; }, 'request-field-removed', true],
  ['a free request value made an enum', (d) => (sent(d).properties.note = { type: 'string', enum: ['a'] }), 'request-enum-added', true],
  ['a request value no longer nullable', (d) => { const d0 = base(); void d0; }, 'none', false],
  ['a request type widened', (d) => (sent(d).properties.pk = { type: 'number' }), 'widened', false],
  ['a success response removed', (d) => delete get(d).get.responses['200'], 'response-removed', true],
  ['an error response removed', (d) => delete get(d).get.responses['404'], 'error-response-removed', false],
  ['a response status added', (d) => (get(d).get.responses['400'] = { description: 'bad' }), 'response-added', false],
  ['a response media type removed', (d) => (get(d).get.responses['200'] = { description: 'ok', content: { 'text/csv': {} } }), 'response-media-type-removed', true],
  ['a response field removed', (d) => delete answer(d).schema.properties.note, 'response-field-removed', true],
  ['a response field no longer required', (d) => (answer(d).schema.required = ['pk']), 'response-field-now-optional', true],
  ['a response number sent as a string', (d) => (answer(d).schema.properties.amount = { type: 'string', format: 'decimal' }), 'response-type-changed', true],
  ['a nested response field retyped', (d) => (((answer(d).schema.properties.lines!.items as Json).properties as Json).sku = { type: 'integer' }), 'response-type-changed', true],
  ['a response enum value added', (d) => (answer(d).schema.properties.status = { type: 'string', enum: ['waiting', 'approved', 'failed'] }), 'response-enum-value-added', true],
  ['a response enum made free', (d) => (answer(d).schema.properties.status = { type: 'string' }), 'response-enum-removed', true],
  ['a response value made nullable', (d) => (answer(d).schema.properties.note = { anyOf: [{ type: 'string' }, { type: 'string', nullable: true, enum: [null] }] }), 'response-now-nullable', true],
  ['a response field added', (d) => (answer(d).schema.properties.extra = { type: 'string' }), 'response-field-added', false],
  ['a response integer narrowed from number', (d) => (answer(d).schema.properties.amount = { type: 'integer' }), 'widened', false],
];

describe('spec diff rules', () => {
  it('finds nothing between a document and itself', () => {
    expect(diffSpecs(base(), base())).toEqual([]);
  });

  it.each(cases.filter(([, , rule]) => rule !== 'none'))('%s → %s (breaking: %s)', (_, change, rule, breaking) => {
    const after = base();
    change(after);
    const found = diffSpecs(base(), after);
    expect(found.map((c) => c.rule)).toContain(rule);
    expect(found.find((c) => c.rule === rule)!.breaking).toBe(breaking);
    expect(SPEC_RULES[rule as keyof typeof SPEC_RULES].breaking).toBe(breaking);
  });

  it('finds nothing when a path parameter is renamed: the client sends the same URL', () => {
    const after = base();
    const paths = after.paths as Json;
    const item = paths['/items/{id}/'] as { get: { parameters: Json[] } };
    item.get.parameters[0]!.name = 'pk';
    delete paths['/items/{id}/'];
    paths['/items/{pk}/'] = item;
    expect(diffSpecs(base(), after)).toEqual([]);
  });

  it('still judges a renamed path parameter by its place: its type narrowed is breaking', () => {
    const after = base();
    const paths = after.paths as Json;
    const item = paths['/items/{id}/'] as { get: { parameters: Json[] } };
    item.get.parameters[0] = { name: 'pk', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
    delete paths['/items/{id}/'];
    paths['/items/{pk}/'] = item;
    const found = diffSpecs(base(), after);
    expect(found.map((c) => [c.rule, c.location])).toEqual([['request-type-narrowed', 'parameter path pk']]);
  });

  it('tests every rule it has', () => {
    const tested = new Set(cases.map(([, , rule]) => rule));
    for (const rule of Object.keys(SPEC_RULES)) if (rule !== 'request-null-refused') expect(tested, rule).toContain(rule);
  });

  it('refuses a null a request could send before', () => {
    const before = base();
    sent(before).properties.note = { type: 'string', nullable: true };
    expect(diffSpecs(before, base()).map((c) => c.rule)).toEqual(['request-null-refused']);
  });

  it('names the correction the new document gives nearest the change', () => {
    const after = base();
    answer(after).schema.properties.amount = { type: 'string', 'x-correction': 'decimals are strings; see specs/CORRECTIONS.md#decimal-strings' };
    answer(after).schema.properties.status = { type: 'string', enum: ['waiting', 'approved', 'new'], 'x-inferred': true };
    expect(diffSpecs(base(), after).map((c) => [c.rule, c.correction])).toEqual([
      ['response-enum-value-added', 'inferred'], ['response-type-changed', 'decimal-strings'],
    ]);
  });
});

describe('omnitron-mock diff', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'spec-diff-'));
    writeFileSync(join(dir, 'old.json'), JSON.stringify(base()));
    const after = base();
    delete answer(after).schema.properties.note;
    answer(after).schema.properties.extra = { type: 'string' };
    writeFileSync(join(dir, 'new.json'), JSON.stringify(after));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function diff(argv: string[]) {
    let out = '';
    let err = '';
    const code = await runDiffCommand(argv, { out: (t) => void (out += t), err: (t) => void (err += t) });
    return { code, out, err };
  }

  it('prints breaking changes first, as text, and exits 1 on one', async () => {
    const run = await diff([join(dir, 'old.json'), join(dir, 'new.json')]);
    expect(run.code).toBe(1);
    expect(run.out).toBe([
      'BREAKING  GET /items/{id}/  response 200 application/json /note: no longer sent (a response field is gone)',
      'ok        GET /items/{id}/  response 200 application/json /extra: a new field (a new response field)',
      '',
      '2 changes, 1 breaking for a client.',
      '',
    ].join('\n'));
  });

  it('answers JSON, and exits 0 when nothing breaks', async () => {
    const run = await diff(['--format', 'json', join(dir, 'new.json'), join(dir, 'old.json')]);
    const report = JSON.parse(run.out) as { breaking: number; changes: SpecChange[] };
    expect(report.changes.filter((c) => c.breaking).map((c) => [c.rule, c.location])).toEqual([['response-field-removed', 'response 200 application/json /extra']]);
    expect(run.code).toBe(1);
    const same = await diff(['--format', 'json', join(dir, 'old.json'), join(dir, 'old.json')]);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.out)).toMatchObject({ breaking: 0, changes: [] });
  });

  it.each([
    [['only-one.json'], /give two documents, OLD and NEW \(got 1\)/],
    [['--format', 'xml', 'a', 'b'], /--format must be text or json/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['/nonexistent/a.yaml', '/nonexistent/b.yaml'], /a\.yaml/],
  ])('exits 2 with one line for %j', async (argv, message) => {
    const run = await diff(argv);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
    expect(run.err.trim().split('\n')).toHaveLength(1);
  });

  it('explains itself with --help', async () => {
    const run = await diff(['--help']);
    expect(run.code).toBe(0);
    expect(run.out).toBe(DIFF_HELP);
    expect(DIFF_HELP).toMatch(/^Usage: omnitron-mock diff OLD NEW/);
  });
});

describe('the served plan document against the vendor\'s', () => {
  let breaking: SpecChange[];
  let anchors: string[];
  let sections: Map<string, string>;
  beforeAll(async () => {
    const vendor = await loadOpenApi(join(ROOT, 'bench/vendor-plans.openapi.json'));
    const served = await loadOpenApi(join(ROOT, 'specs/cancellation-plans.openapi.yaml'));
    breaking = diffSpecs(vendor, served).filter((c) => c.breaking);
    const text = readFileSync(join(ROOT, 'specs/CORRECTIONS.md'), 'utf8');
    sections = new Map(text.split(/^## /m).slice(1).map((s) => [s.split('\n')[0]!.toLowerCase().replace(/[^a-z0-9]+/g, '-'), s]));
    anchors = [...sections.keys()];
    // A change the served YAML marks with nothing is explained by the entry that names its field.
    for (const c of breaking) {
      if (c.correction !== null) continue;
      const field = c.location.split('/').pop()!;
      c.correction = anchors.find((a) => sections.get(a)!.includes(`\`${field}\``)) ?? null;
    }
  });

  /** Corrections a client of the vendor's document cannot notice: they add, document or loosen. */
  const NOT_BREAKING: Record<string, string> = {
    'payload-fields': 'adds fields to answers',
    'product-barcode': 'drops a required key the vendor never defined',
    'product-pk': 'adds pk; the vendor\'s id stays',
    'benefit-applicant-id': 'adds id; the vendor\'s pk stays',
    formats: 'format names only',
    'starter-model': 'the same dates, written out',
    'bad-request-oneof': 'an error body\'s schema',
    'error-bodies': 'documents error answers',
    'server-error': 'documents the 500',
    'every-status': 'documents more statuses',
    'export-format': 'a new optional parameter',
    'date-filters': 'new optional parameters',
    'any-document': 'the engine\'s pass over documents without hand-written operations; not applied to the plan document',
    'browser-build': 'documents a 501 the browser build answers: a new status, not a narrowing',
    'cancellation-request-fields': 'the request document\'s schema, not the plan document\'s',
    'reason-retrieve-path': 'the reasons document, not the plan document',
    'comma-lists': 'how a list parameter is written',
    'update-status-body': 'defines a body the vendor left undefined',
    'operation-ids': 'the vendor\'s fragments have no operationIds to change',
    'primary-keys-as-posted': 'how the mock reads what a client posts; the served schemas are unchanged',
  };

  it('breaks a client only where specs/CORRECTIONS.md says why, and at every breaking correction it lists', () => {
    const unexplained = breaking.filter((c) => c.correction === null || (c.correction !== 'inferred' && !anchors.includes(c.correction)));
    expect(unexplained.map((c) => `${c.operation} ${c.location}: ${c.message}`)).toEqual([]);
    const found = new Set(breaking.map((c) => c.correction).filter((c) => c !== 'inferred'));
    expect([...found].sort()).toEqual(anchors.filter((a) => !(a in NOT_BREAKING)).sort());
  });

  it('breaks a client where the served document infers what the vendor leaves open, and only there', () => {
    expect(breaking.filter((c) => c.correction === 'inferred').map((c) => `${c.rule} ${c.location}`).sort()).toEqual([
      'request-enum-added request body application/json /payment_plan/*/transaction_type',
      'response-now-nullable response 200 application/json /order/shipping_company',
      'response-now-nullable response 200 application/json /results/*/order/shipping_company',
    ]);
  });
});
