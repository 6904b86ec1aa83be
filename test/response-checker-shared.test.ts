import { beforeAll, describe, expect, it } from 'vitest';
import { responseValidator, createDocumentValidator } from '../src/spec/document-validator.ts';
import type { Finding } from '../src/spec/finding.ts';
import { customFormats } from '../src/spec/formats.ts';
import type { LoadedSpecs, Operation } from '../src/spec/load-specs.ts';
import { toJsonSchema } from '../src/spec/openapi-transform.ts';
import { createResponseChecker, withoutDefaults, type ResponseChecker } from '../src/spec/response-checker.ts';
import { COMPONENT_ID_BASE, SharedSchemas } from '../src/spec/shared-schemas.ts';
import { AUTH, createTestMock, json, sharedSpecs, type TestMock } from './support/test-mock.ts';

/**
 * The checker compiles each document's shared schemas once (refs kept) instead of every response
 * from its fully inlined schema. These tests hold it to the findings the inlined compile gives —
 * same paths, same messages, same order — and to what the rewrite must not change: nullable
 * fields, a field with a `default` still missing, a body never written to.
 */

/** The findings of the way every response used to be compiled: its dereferenced schema, inlined. */
function inlinedFindings(op: Operation, status: number, body: unknown): Finding[] {
  const schema = op.responses[String(status)]!.content!['application/json']!.schema!;
  const validator = responseValidator({ responses: { [status]: { schema: withoutDefaults(schema) } }, customFormats });
  const result = validator.validateResponse(String(status), body);
  return (result?.errors ?? []).map((e) => {
    const err = e as { path?: string; message: string };
    const path = err.path && err.path !== 'instance' && err.path !== 'response' ? `/${err.path.replace(/^\/+/, '')}` : '';
    return { path, message: err.message, severity: 'error' };
  });
}

const ok = (status: number, body: unknown) => ({ status, contentType: 'application/json', body });

let mock: TestMock;
let specs: LoadedSpecs;
let checker: ResponseChecker;
let plan: any;
let requestBody: any;
const op = (id: string) => specs.operations.find((o) => o.operationId === id)!;

beforeAll(async () => {
  mock = await createTestMock({ size: 20 });
  ({ specs } = await sharedSpecs());
  checker = createResponseChecker(specs, { type: 'object' }, { eager: false });
  const pk = [...mock.store.plans.keys()][0]!;
  plan = await mock.getJson(`/api/v1/cancellation_plans/${pk}/`);
  const rpk = [...mock.store.requests.keys()][0]!;
  requestBody = await mock.getJson(`/api/v1/cancellation_requests/${rpk}/detailed/`);
});

describe('findings of the shared compile', () => {
  /** Mutations of a real plan: deep in `$ref`'d components, nullable fields, formats, enums. */
  const planCases: Array<[string, (p: any) => void]> = [
    ['a wrong type deep in a nested component', (p) => { p.cancellationplanorderitem_set[0].order_item.product.name = 7; }],
    ['a number in a nullable string', (p) => { p.invoice_number = 12; }],
    ['null in a nullable string', (p) => { p.invoice_number = null; }],
    ['null in a nullable date-time of a shared user', (p) => { p.created_by.last_login = null; }],
    ['a bad date in a shared user', (p) => { p.last_updated_by.last_login = '2024-02-30T10:00:00Z'; }],
    ['a value off a nullable enum reached through anyOf', (p) => { p.cancellationplanorderitem_set[0].order_item.cancel_status = 'gone'; }],
    ['null in that nullable enum', (p) => { p.cancellationplanorderitem_set[0].order_item.shipping_company = null; }],
    ['a missing required field of the order', (p) => { delete p.order.number; }],
    ['an extra field in a closed object', (p) => { p.order.surprise = 1; }],
    ['a number where a decimal string is promised', (p) => { p.refund_amount = 13.5; }],
    ['several at once', (p) => { p.status = 'nope'; p.order.customer = 'x'; p.created_by = null; }],
  ];

  it.each(planCases)('%s: the same findings as the inlined schema', (_name, mutate) => {
    const body = structuredClone(plan);
    mutate(body);
    const expected = inlinedFindings(op('retrieveCancellationPlan'), 200, body);
    expect(checker.check('retrieveCancellationPlan', ok(200, body))).toEqual(expected);
  });

  it('reports a deep wrong type at its full path, as before', () => {
    const body = structuredClone(plan);
    body.cancellationplanorderitem_set[0].order_item.product.name = 7;
    expect(checker.check('retrieveCancellationPlan', ok(200, body))).toEqual([
      { path: '/cancellationplanorderitem_set/0/order_item/product/name', message: 'must be string', severity: 'error' },
    ]);
  });

  it('lets null through a nullable field and names the type it wants otherwise', () => {
    const body = structuredClone(plan);
    body.invoice_number = null;
    expect(checker.check('retrieveCancellationPlan', ok(200, body))).toEqual([]);
    body.invoice_number = 12;
    expect(checker.check('retrieveCancellationPlan', ok(200, body))).toEqual([
      { path: '/invoice_number', message: 'must be string,null', severity: 'error' },
    ]);
  });

  it('judges list pages and other documents alike: each plan of a page, a detailed request', () => {
    const page = { count: 2, next: null, previous: null, results: [structuredClone(plan), structuredClone(plan)] };
    page.results[1].order.date_placed = 'yesterday';
    expect(checker.check('listCancellationPlans', ok(200, page))).toEqual(inlinedFindings(op('listCancellationPlans'), 200, page));
    expect(checker.check('listCancellationPlans', ok(200, page)).map((f) => f.path)).toEqual(['/results/1/order/date_placed']);
    const detailed = structuredClone(requestBody);
    detailed.order_item.order.pk = 'one';
    const id = 'retrieveDetailedCancellationRequest';
    expect(checker.check(id, ok(200, detailed))).toEqual(inlinedFindings(op(id), 200, detailed));
    expect(checker.check(id, ok(200, detailed))).not.toEqual([]);
  });

  it('never writes into the body it checks', () => {
    const body = structuredClone(plan);
    delete body.order.number;
    const before = structuredClone(body);
    checker.check('retrieveCancellationPlan', ok(200, body));
    expect(body).toEqual(before);
  });

  it('keeps the served mock conforming: a plan and a page answer without violations', async () => {
    expect(mock.violations).toEqual([]);
    const res = await mock.request('/api/v1/cancellation_plans/?limit=3', { headers: AUTH });
    expect((await json(res)).results).toHaveLength(3);
  });
});

/** A one-operation spec around a schema, to test what the served documents do not hold. */
function specWith(schema: object): LoadedSpecs {
  const operation: Operation = {
    operationId: 'probe', method: 'GET', path: '/probe/', pattern: /^\/probe\/$/, document: 'probe.openapi.yaml',
    parameters: [], requestBody: undefined, isPublic: true, description: '',
    responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } },
  };
  return { documents: {}, operations: [operation] };
}

describe('what the rewrite keeps', () => {
  it('still finds a missing field whose schema has a default (no default is filled in)', () => {
    const flag = { type: 'boolean', default: true };
    const schema = { type: 'object', required: ['a', 'b'], properties: { a: flag, b: flag } };
    const probe = createResponseChecker(specWith(schema), { type: 'object' });
    const body = { a: true };
    expect(probe.check('probe', ok(200, body))).toEqual([
      { path: '', message: "must have required property 'b'", severity: 'error' },
    ]);
    expect(body).toEqual({ a: true });
  });

  it('compiles a recursive schema (a cycle after dereferencing) and finds errors deep in it', () => {
    const node: any = { type: 'object', required: ['name'], properties: { name: { type: 'string' }, children: { type: 'array' } } };
    node.properties.children.items = node;
    const probe = createResponseChecker(specWith(node), { type: 'object' });
    const tree = { name: 'a', children: [{ name: 'b', children: [{ name: 3, children: [] }] }] };
    expect(probe.check('probe', ok(200, tree))).toEqual([
      { path: '/children/0/children/0/name', message: 'must be string', severity: 'error' },
    ]);
  });

  it('makes one component of a schema used in several places, and refers to it from each', () => {
    const user = { type: 'object', properties: { id: { type: 'integer' } } };
    const shared = new SharedSchemas([['a', { type: 'object', properties: { x: user, y: user } }], ['b', { type: 'array', items: user }]]);
    const refs = new Set<string>();
    const a = shared.prepare({ type: 'object', properties: { x: user, y: user } }, refs) as any;
    expect(a.properties.x.$ref).toMatch(new RegExp(`^${COMPONENT_ID_BASE}`));
    expect(a.properties.y.$ref).toBe(a.properties.x.$ref);
    expect(Object.keys(shared.components(refs))).toEqual([a.properties.x.$ref]);
  });

  it('rewrites the shared components exactly as openapi-response-validator rewrites its responses', () => {
    // The package rewrites `nullable` in the responses it is given but not in external schemas;
    // `toJsonSchema` is our copy of that rewrite for them. Compare the two on every shared
    // component of every served document (the package's result read from the compiled function).
    let compared = 0;
    for (const file of Object.keys(specs.documents)) {
      const ops = specs.operations.filter((o) => o.document === file);
      const roots: [string, object][] = [];
      for (const o of ops) {
        for (const [status, res] of Object.entries(o.responses)) {
          const schema = res.content?.['application/json']?.schema;
          if (schema) roots.push([`${o.operationId}.${status}`, schema]);
        }
      }
      const shared = new SharedSchemas(roots);
      const refs = new Set<string>();
      for (const [, schema] of roots) shared.prepare(schema, refs);
      // Each component as a response of one validator, so the package rewrites it (its refs
      // resolve against the components as given; only the rewritten roots are compared).
      const components = shared.components(refs);
      const responses = Object.fromEntries(Object.entries(components).map(([id, schema]) => [id, { schema }]));
      const v = responseValidator({ responses, externalSchemas: components, customFormats }) as any;
      for (const [id, component] of Object.entries(components)) {
        expect(toJsonSchema(component)).toEqual(v.validators[id].schema.properties.response);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('has no validator for a document without JSON schemas, and says so as the package would', () => {
    expect(createDocumentValidator([])).toBeUndefined();
  });
});
