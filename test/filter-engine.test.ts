import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilters, type FilterDef } from '../src/domain/shared/filter-engine.ts';
import { foldCase } from '../src/common/fold-case.ts';

describe('Turkish-aware case folding', () => {
  it.each([
    ['İsmail', 'ismail'], ['ISMAIL', 'ismail'], ['IŞIK', 'ışık'], ['ALI@X.COM', 'ali@x.com'],
    ['Çağrı', 'ÇAĞRI'], ['I\u0307smail', 'ismail'],
  ])('folds %s and %s alike', (a, b) => {
    expect(foldCase(a)).toBe(foldCase(b));
  });
  it('keeps different names apart', () => {
    expect(foldCase('Işık')).not.toBe(foldCase('Isak'));
  });
  it('folds any text as the full rule does, the ASCII shortcut included', () => {
    const full = (t: string) => t.normalize('NFC').replace(/[İIı]/g, 'i').toLowerCase();
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', 'I', 'i', '@', '-', '0', ' ', '~', '\x7f', '\n', 'İ', 'ı', 'Ş', 'e\u0301') }), (t) => foldCase(t) === full(t)), { seed: 3, numRuns: 300 });
  });
});

type Row = { id: number; name: string; at: string; ok: boolean | null };
const rows: Row[] = [
  { id: 1, name: 'İsmail', at: '2024-01-01T10:00:00.000000Z', ok: true },
  { id: 2, name: 'ışık', at: '2024-01-02T00:00:00.000000Z', ok: false },
  { id: 3, name: 'Ayşe', at: '2024-01-02T23:59:59.999999Z', ok: null },
];
const defs: FilterDef<Row>[] = [
  { name: 'id', kind: 'int', lookups: ['in', 'gt', 'lte'], value: (r) => r.id },
  { name: 'name', kind: 'itext', value: (r) => r.name },
  { name: 'name_has', kind: 'icontains', value: (r) => r.name },
  { name: 'at', kind: 'datetime', lookups: ['gt', 'date', 'date__lt'], value: (r) => r.at },
  { name: 'ok', kind: 'bool', value: (r) => r.ok },
];
const ids = (query: Record<string, string>) => {
  const c = compileFilters(defs, new Map(Object.entries(query)));
  expect(c.errors).toEqual({});
  return rows.filter((r) => c.predicates.every((p) => p(r))).map((r) => r.id);
};

describe('django-filter lookups', () => {
  it('matches case-insensitively with Turkish letters', () => {
    expect(ids({ name: 'ISMAIL' })).toEqual([1]);
    expect(ids({ name: 'IŞIK' })).toEqual([2]);
    expect(ids({ name_has: 'AYŞ' })).toEqual([3]);
  });
  it('serves __in and comparisons on integers', () => {
    expect(ids({ id__in: '1, 3' })).toEqual([1, 3]);
    expect(ids({ id__gt: '1', id__lte: '2' })).toEqual([2]);
  });
  it('compares date-times to the microsecond and dates by UTC day', () => {
    expect(ids({ at__gt: '2024-01-02T23:59:59.999998Z' })).toEqual([3]);
    expect(ids({ at__gt: '2024-01-02' })).toEqual([3]);
    expect(ids({ at__date: '2024-01-02' })).toEqual([2, 3]);
    expect(ids({ at__date__lt: '2024-01-02T12:00:00Z' })).toEqual([1]);
    expect(ids({ at: '2024-01-02' })).toEqual([2, 3]);
    expect(ids({ at: '2024-01-01T13:00:00+03:00' })).toEqual([1]);
  });
  it('reads booleans as Django does, and never matches null', () => {
    expect(ids({ ok: 'true' })).toEqual([1]);
    expect(ids({ ok: 'False' })).toEqual([2]);
  });
  it('reports unknown lookups on known fields and passes other names through as ignored', () => {
    const c = compileFilters(defs, new Map([['id__lt', '3'], ['colour', 'red']]));
    expect(Object.keys(c.errors)).toEqual(['id__lt']);
    expect(c.ignored).toEqual(['colour']);
  });
});
