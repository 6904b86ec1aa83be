import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPARED_FIELDS, diffAnswers, type DiffOptions, type DiffSide } from '../src/contracts/diff.ts';
import { isFreeFormKey, nullAllowedAt } from '../src/contracts/schema-paths.ts';

const json = (body: unknown): DiffSide => ({ contentType: 'application/json', body, json: true, empty: false });
const lenient: DiffOptions = { comparedFields: DEFAULT_COMPARED_FIELDS, nullAllowed: () => true, freeForm: () => false };
const strict: DiffOptions = { ...lenient, nullAllowed: () => false };
const diff = (a: unknown, b: unknown, options: DiffOptions = lenient) =>
  diffAnswers(json(a), json(b), options).map(({ kind, path, expected, actual }) => ({ kind, path, expected, actual }));

describe('contract diff', () => {
  it('finds nothing between bodies of the same shape holding other values', () => {
    expect(diff({ pk: 1, name: 'a', tags: ['x'] }, { pk: 7, name: 'b', tags: ['y', 'z'] })).toEqual([]);
  });

  it('reports a field the target omits and one it adds, at their paths', () => {
    expect(diff({ pk: 1, order: { number: 'A' } }, { pk: 1, order: {}, extra: true })).toEqual([
      { kind: 'presence', path: '/order/number', expected: 'string', actual: 'absent' },
      { kind: 'presence', path: '/extra', expected: 'absent', actual: 'boolean' },
    ]);
  });

  it('reports a changed type, and does not descend into it', () => {
    expect(diff({ count: 2, order: { pk: 1 } }, { count: '2', order: 'x' })).toEqual([
      { kind: 'type', path: '/count', expected: 'number', actual: 'string' },
      { kind: 'type', path: '/order', expected: 'object', actual: 'string' },
    ]);
  });

  it('compares array items by their merged shape, whatever the lengths', () => {
    const mock = { results: [{ pk: 1, s: 'a' }, { pk: 2, s: 'b' }, { pk: 3, s: 'c' }] };
    expect(diff(mock, { results: [{ pk: 9, s: 'z' }] })).toEqual([]);
    expect(diff(mock, { results: [{ pk: 9, s: 'z' }, { pk: 8 }] })).toEqual([
      { kind: 'presence', path: '/results/*/s', expected: 'in all 3', actual: 'in 1 of 2' },
    ]);
    expect(diff(mock, { results: [{ pk: 9, s: 1 }] })).toEqual([{ kind: 'type', path: '/results/*/s', expected: 'string', actual: 'number' }]);
  });

  it('says nothing about items when one list is empty', () => {
    expect(diff({ results: [{ pk: 1 }] }, { results: [] })).toEqual([]);
    expect(diff({ results: [] }, { results: [{ pk: 1, odd: true }] })).toEqual([]);
  });

  it('treats null against a value as drift only where the schema forbids null', () => {
    expect(diff({ invoice: 'I-1' }, { invoice: null }, lenient)).toEqual([]);
    expect(diff({ invoice: 'I-1' }, { invoice: null }, strict)).toEqual([{ kind: 'null', path: '/invoice', expected: 'string', actual: 'null' }]);
    expect(diff({ range: null }, { range: { start: 'x' } }, lenient)).toEqual([]);
  });

  it('compares no value between the sides by default: they hold different data', () => {
    expect(DEFAULT_COMPARED_FIELDS).toEqual([]);
    expect(diff({ status: 'waiting', plan_type: 'cancel' }, { status: 'approved', plan_type: 'refund' })).toEqual([]);
    expect(diff({ results: [{ cancellation_type: 'refund' }] }, { results: [{ cancellation_type: 'cancel' }] })).toEqual([]);
  });

  it('compares the fields asked for, of the resource, not of what it nests; error codes by default never', () => {
    const asked = { ...lenient, comparedFields: ['status', 'plan_type'] };
    expect(diff({ status: 'waiting', order: { status: '400' } }, { status: 'approved', order: { status: '550' } }, asked)).toEqual([
      { kind: 'value', path: '/status', expected: '"waiting"', actual: '"approved"' },
    ]);
    expect(diff({ results: [{ plan_type: 'cancel' }] }, { results: [{ plan_type: 'refund' }] }, asked)).toEqual([
      { kind: 'value', path: '/results/*/plan_type', expected: '"cancel"', actual: '"refund"' },
    ]);
    expect(diff({ detail: 'Not found.', code: 'not_found' }, { detail: 'Bulunamadı.', code: 'nf' })).toEqual([]);
  });

  it('ignores the keys of free-form objects', () => {
    const options = { ...lenient, freeForm: (p: string) => p.startsWith('/attributes/') };
    expect(diff({ attributes: { source: 'web', deep: { a: 1 } } }, { attributes: { other: 2 } }, options)).toEqual([]);
  });

  it('compares media types, and only media types for non-JSON answers', () => {
    const csv = (body: string): DiffSide => ({ contentType: 'text/csv; charset=utf-8', body, json: false, empty: false });
    expect(diffAnswers(csv('a,b'), csv('c'), lenient)).toEqual([]);
    expect(diffAnswers(json({}), csv('c'), lenient)).toMatchObject([{ kind: 'content-type', expected: 'application/json', actual: 'text/csv' }]);
    const empty = (contentType: string | null): DiffSide => ({ contentType, body: undefined, json: false, empty: true });
    expect(diffAnswers(empty(null), empty('text/html'), lenient)).toEqual([]);
  });
});

describe('schema paths for the diff', () => {
  const schema = {
    type: 'object',
    additionalProperties: false,
    properties: {
      invoice: { type: 'string', nullable: true },
      amount: { allOf: [{ type: 'string' }], description: 'x' },
      easy_return: { anyOf: [{ type: 'object', properties: { id: { type: 'integer' } } }, { type: 'string', nullable: true, enum: [null] }] },
      attributes: { type: 'object', additionalProperties: true },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      items: { type: 'array', items: { type: 'object', properties: { status: { type: 'string' } } } },
      order_item: { allOf: [{ type: 'object', properties: { pk: { type: 'integer' } } }] },
    },
  };

  it('knows where null is allowed', () => {
    expect(nullAllowedAt(schema, '/invoice')).toBe(true);
    expect(nullAllowedAt(schema, '/amount')).toBe(false);
    expect(nullAllowedAt(schema, '/easy_return')).toBe(true);
    expect(nullAllowedAt(schema, '/easy_return/id')).toBe(false);
    expect(nullAllowedAt(schema, '/items/*/status')).toBe(false);
    expect(nullAllowedAt(schema, '/attributes/anything')).toBe(true);
    expect(nullAllowedAt(undefined, '/x')).toBe(true);
  });

  it('knows which keys are data of a free-form object', () => {
    expect(isFreeFormKey(schema, '/attributes/source')).toBe(true);
    expect(isFreeFormKey(schema, '/labels/waiting')).toBe(false);
    expect(isFreeFormKey(schema, '/invoice')).toBe(false);
    expect(isFreeFormKey(schema, '/surprise')).toBe(false);
    expect(isFreeFormKey(schema, '/order_item/pk')).toBe(false);
    expect(isFreeFormKey(schema, '/order_item/surprise')).toBe(false);
  });
});
