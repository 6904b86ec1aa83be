import { beforeAll, describe, expect, it } from 'vitest';
import { checkExpectedJson, checkSentValues } from '../src/contracts/check-expectations.ts';
import { checkFilters } from '../src/contracts/check-filters.ts';
import { checkPagination } from '../src/contracts/check-pagination.ts';
import { filterAccepts } from '../src/contracts/filter-match.ts';
import { filterOf, LIST_FILTERS } from '../src/contracts/list-filters.ts';
import { loadSpecs, type LoadedSpecs } from '../src/spec/load-specs.ts';
import { AUTH, createTestMock } from './support/test-mock.ts';

const PLANS = '/api/v1/cancellation_plans/';
const page = (results: unknown[], extra: object = {}) => ({ count: results.length, next: null, previous: null, results, ...extra });
const kinds = (findings: { kind: string; path: string }[]) => findings.map((f) => `${f.kind} ${f.path}`);
/**
 * An update's request schema as the served documents write one: a CharField, a date-time, the
 * project's two-place `Decimal`, a nullable four-place decimal as drf-spectacular writes it, and a
 * decimal whose pattern states no places.
 */
const UPDATE = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    description: { type: 'string' },
    iban: { type: 'string' },
    modified_date: { type: 'string', format: 'date-time' },
    amount: { type: 'string', format: 'decimal', pattern: '^-?\\d+\\.\\d{2}$' },
    rate: { anyOf: [{ type: 'string', format: 'decimal', pattern: '^-?\\d{0,3}(?:\\.\\d{0,4})?$' }, { type: 'string', nullable: true, enum: [null] }] },
    loose: { type: 'string', format: 'decimal' },
  },
};

describe('list filter table', () => {
  let specs: LoadedSpecs;
  beforeAll(async () => {
    specs = await loadSpecs();
  });

  it('names only query parameters the served spec declares on that operation, lookups included', () => {
    for (const [operationId, filters] of Object.entries(LIST_FILTERS)) {
      const op = specs.operations.find((o) => o.operationId === operationId);
      expect(op, operationId).toBeDefined();
      const declared = new Set(op!.parameters.filter((p) => p.in === 'query').map((p) => p.name));
      for (const [name, filter] of Object.entries(filters)) {
        if (filter.plain !== false) expect(declared, `${operationId} ${name}`).toContain(name);
        for (const lookup of filter.lookups ?? []) expect(declared, `${operationId} ${name}__${lookup}`).toContain(`${name}__${lookup}`);
      }
    }
  });

  it('reads a parameter as filter and lookup, longest name first', () => {
    expect(filterOf('listCancellationPlans', 'created_date__date__gte')).toMatchObject({ name: 'created_date', lookup: 'date__gte' });
    expect(filterOf('listCancellationPlans', 'pk__in')).toMatchObject({ name: 'pk', lookup: 'in' });
    expect(filterOf('listCancellationPlans', 'channel_id__in')).toMatchObject({ name: 'channel_id', lookup: 'in' });
    expect(filterOf('listCancellationPlans', 'channel_id')).toBeNull();
    expect(filterOf('listDetailedCancellationRequests', 'order_item__order__number')).toMatchObject({ lookup: null, filter: { path: 'order_item.order.number' } });
    expect(filterOf('listCancellationRequests', 'order_number')).toBeNull();
    expect(filterOf('listCancellationPlans', 'limit')).toBeNull();
    expect(filterOf('retrieveCancellationPlan', 'status')).toBeNull();
  });
});

describe('filter matching', () => {
  it.each([
    ['iexact', null, 'İSMAİL', 'ismail', true],
    ['iexact', null, 'IŞIK', 'ışık', true],
    ['iexact', null, 'ORD-1', 'ORD-2', false],
    ['icontains', null, 'ürün', 'Ürün açıklaması', true],
    ['int', 'in', '1,2', 2, true],
    ['int', 'in', '1,2', 3, false],
    ['int', 'gte', '5', 5, true],
    ['int', 'lt', '5', 5, false],
    ['int', null, 'x', 5, null],
    ['bool', null, 'True', true, true],
    ['bool', null, 'false', true, false],
    ['uuid', null, 'AE81301DD2AB4A63938FEE7B81F07C43', 'ae81301d-d2ab-4a63-938f-ee7b81f07c43', true],
    ['datetime', 'gt', '2024-01-01T00:00:00.000001Z', '2024-01-01T00:00:00.000002Z', true],
    ['datetime', 'lte', '2024-01-01', '2024-01-01T00:00:00.000001Z', false],
    ['datetime', 'date', '2024-01-01', '2024-01-01T23:59:59.999999Z', true],
    ['datetime', 'date__lt', '2024-01-01', '2024-01-01T00:00:00Z', false],
    ['exact', null, 'waiting', null, false],
    // Django strips a text, uuid or date value with Python's spaces (str.strip), not JS's.
    ['exact', null, ' TR43\u001f', 'TR43', true],
    ['exact', null, '\u0085TR43\u3000', 'TR43', true],
    ['uuid', null, '{ae81301d-d2ab-4a63-938f-ee7b81f07c43}', 'ae81301d-d2ab-4a63-938f-ee7b81f07c43', null],
    ['exact', null, '\ufeffTR43', 'TR43', false],
    ['uuid', null, '\u0085ae81301d-d2ab-4a63-938f-ee7b81f07c43', 'ae81301d-d2ab-4a63-938f-ee7b81f07c43', true],
    ['datetime', 'gt', '\u001c2024-01-01T00:00:00.000001Z ', '2024-01-01T00:00:00.000002Z', true],
    ['exact', 'in', 'a,\u0085b', 'b', true],
    ['exact', null, 'a, b', 'a, b', true],
    // int() strips ASCII spaces and nothing of U+001C–U+001F: that one is not judged.
    ['int', null, '5\u001f', 5, null],
    ['int', null, ' 5', 6, false],
    ['int', 'in', '1, 2', 2, true],
    ['int', 'in', '1, 2', 3, false],
    // An empty value is no filter (django-filter): nothing to judge.
    ['exact', null, '', 'x', null],
    ['exact', null, ' \u0085', 'x', null],
    ['uuid', null, '', 'x', null],
  ] as const)('%s %s %j against %j → %j', (match, lookup, query, value, accepted) => {
    expect(filterAccepts(match, lookup, query, value)).toBe(accepted);
  });
});

describe('a date-time without an offset', () => {
  it('is read as UTC, whatever zone the harness runs in (Date.parse would take the machine\'s own)', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Europe/Istanbul'; // UTC+3: the machine's own zone would move the bound 3 h
    try {
      expect(filterAccepts('datetime', 'lte', '2024-01-01T00:00:00', '2023-12-31T22:00:00Z')).toBe(true);
      expect(filterAccepts('datetime', 'gt', '2024-01-01T00:00:00.5', '2024-01-01T00:00:00.4Z')).toBe(false);
      expect(filterAccepts('datetime', 'gt', '2024-01-01T00:00:00+03:00', '2023-12-31T21:30:00Z')).toBe(true);
      // DOMAIN.md's date-times may be spelled with a space.
      expect(filterAccepts('datetime', 'lte', '2024-01-01 00:00:00', '2023-12-31T22:00:00Z')).toBe(true);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe('what a list request promises', () => {
  it('every row matches each known filter; one finding per broken filter, at the first row that breaks it', () => {
    const rows = [{ pk: 1, status: 'waiting', order: { number: 'A1' } }, { pk: 2, status: 'approved', order: { number: 'B2' } }, { pk: 3, status: 'approved', order: { number: 'a1' } }];
    expect(checkFilters('listCancellationPlans', `${PLANS}?status=waiting&order_number=a1&pk__in=1,3&unknown=x`, page(rows), 'target')).toMatchObject([
      { kind: 'promise', side: 'target', path: '/results/1/status', expected: 'status=waiting', actual: '"approved"' },
      { kind: 'promise', path: '/results/1/order/number', expected: 'order_number=a1' },
      { kind: 'promise', path: '/results/1/pk', expected: 'pk__in=1,3' },
    ]);
    expect(checkFilters('listCancellationPlans', `${PLANS}?status=approved&pk__gte=2`, page(rows.slice(1)), 'mock')).toEqual([]);
  });

  it('files nothing where the target stripped a value as Django strips it, or read an empty one as no filter', async () => {
    const mock = await createTestMock();
    const rows = ((await (await mock.app.request('/api/v1/cancellation_requests/?limit=100', { headers: AUTH })).json()) as { results: { iban: string | null; uuid: string }[] }).results;
    const row = rows.find((r) => r.iban !== null)!;
    for (const [q, rowsWanted] of [[`iban=%20${row.iban}`, 1], [`uuid=%C2%85${row.uuid}`, 1], ['iban=', 100], ['status=', 100]] as const) {
      const url = `/api/v1/cancellation_requests/?limit=100&${q}`;
      const answer = (await (await mock.app.request(url, { headers: AUTH })).json()) as { results: unknown[] };
      expect(answer.results.length, q).toBe(rowsWanted);
      expect(checkFilters('listCancellationRequests', url, answer, 'mock'), q).toEqual([]);
    }
  });

  it('never puts personal data in a report: only codes, numbers and the kind of other strings', () => {
    const rows = [{ id: 1, status: 'waiting', holder_name: 'Ayşe Yılmaz' }];
    const [byName] = checkFilters('listCancellationRequests', '/x/?holder_name=Ali', page(rows), 'target');
    expect(byName).toMatchObject({ expected: 'holder_name=Ali', actual: 'a string of 11 characters' });
    expect(JSON.stringify(byName)).not.toContain('Ayşe');
    const [byStatus] = checkFilters('listCancellationRequests', '/x/?status=approved', page(rows), 'target');
    expect(byStatus!.actual).toBe('"waiting"');
    const [sent] = checkSentValues('PUT', JSON.stringify({ iban: 'TR330006100519786457841326' }), UPDATE, 200, { iban: 'TR000000000000000000000000' }, 'target');
    expect(JSON.stringify(sent)).not.toMatch(/TR\d/);
  });

  it('checks nested filters only where the rows carry them', () => {
    const plain = [{ id: 1, order_item: 7 }];
    const detailed = [{ id: 1, order_item: { pk: 7, order: { number: 'X9' } } }];
    expect(checkFilters('listCancellationRequests', '/x/?order_number=Y', page(plain), 'target')).toEqual([]);
    expect(kinds(checkFilters('listDetailedCancellationRequests', '/x/?order_number=Y', page(detailed), 'target'))).toEqual(['promise /results/0/order_item/order/number']);
    expect(checkFilters('listDetailedCancellationRequests', '/x/?order_number=x9&order_item=7', page(detailed), 'target')).toEqual([]);
  });

  it('holds limit, count and the page links to the request', () => {
    const two = [{ pk: 1 }, { pk: 2 }];
    const link = (q: string) => `https://omnitron.example.com${PLANS}?${q}`;
    expect(checkPagination(`${PLANS}?status=waiting&limit=2`, page(two, { count: 5, next: link('status=waiting&limit=2&page=2') }), 'target')).toEqual([]);
    expect(checkPagination(`${PLANS}?limit=2&page=2`, page(two, { count: 4, previous: link('limit=2') }), 'target')).toEqual([]);
    // The promise reads a link's pairs, not its text: DRF's own spelling (ADR 0020: sorted,
    // re-encoded) keeps every parameter, so it holds (this pins the harness's tolerance).
    expect(checkPagination(`${PLANS}?status=w%61iting&limit=2&q=a*b`, page(two, { count: 5, next: link('limit=2&page=2&q=a%2Ab&status=waiting') }), 'target')).toEqual([]);
    expect(kinds(checkPagination(`${PLANS}?limit=1`, page(two, { count: 1 }), 'target'))).toEqual(['promise /results', 'promise /count']);
    expect(kinds(checkPagination(`${PLANS}?limit=2`, page(two, { count: 5 }), 'target'))).toEqual(['promise /next']);
    expect(kinds(checkPagination(`${PLANS}?limit=2`, page(two, { count: 2, next: link('limit=2&page=2') }), 'target'))).toEqual(['promise /next']);
    expect(kinds(checkPagination(`${PLANS}?limit=2&page=2`, page(two, { count: 4 }), 'target'))).toEqual(['promise /previous']);
    expect(kinds(checkPagination(`${PLANS}?status=waiting&limit=2`, page(two, { count: 5, next: link('limit=2&page=2') }), 'target'))).toEqual(['promise /next']);
    expect(kinds(checkPagination(`${PLANS}?limit=2`, page([], { count: 3, next: link('limit=2&page=2') }), 'target'))).toEqual(['promise /results']);
    // `limit` and `page` as DRF reads them (Python's int(), an empty page is 1): the promises still hold.
    expect(kinds(checkPagination(`${PLANS}?limit=%2B1`, page(two, { count: 5, next: link('limit=%2B1&page=2') }), 'target'))).toEqual(['promise /results']);
    expect(kinds(checkPagination(`${PLANS}?limit=2&page=+2`, page(two, { count: 4 }), 'target'))).toEqual(['promise /previous']);
    expect(kinds(checkPagination(`${PLANS}?limit=2&page=`, page(two, { count: 4 }), 'target'))).toEqual(['promise /next']);
  });
});

describe('what a write and a scenario promise', () => {
  it('a PUT or PATCH answer carries each sent scalar field', () => {
    const sent = JSON.stringify({ status: 'confirmed', description: 'd', nested: { a: 1 } });
    expect(checkSentValues('PATCH', sent, UPDATE, 200, { status: 'confirmed', description: 'd', nested: { a: 1, b: 2 } }, 'mock')).toEqual([]);
    expect(checkSentValues('PATCH', sent, UPDATE, 200, { status: 'waiting', description: 'd' }, 'target')).toMatchObject([
      { kind: 'promise', side: 'target', path: '/status', expected: '"confirmed"', actual: '"waiting"' },
    ]);
    expect(checkSentValues('POST', sent, UPDATE, 200, { status: 'waiting' }, 'target')).toEqual([]);
    expect(checkSentValues('PATCH', sent, UPDATE, 400, { status: ['bad'] }, 'target')).toEqual([]);
  });

  it('holds a field of no date-time or decimal format to its exact text, whatever DRF would make of it (they passed)', () => {
    expect(checkSentValues('PATCH', JSON.stringify({ description: '2025-01-01 12:00' }), UPDATE, 200, { description: '2025-01-01T12:00:00Z' }, 'target')).toHaveLength(1);
    expect(checkSentValues('PATCH', JSON.stringify({ description: '007' }), UPDATE, 200, { description: '7.0' }, 'target')).toMatchObject([
      { kind: 'promise', path: '/description' },
    ]);
    // No request schema at all (an operation of no documented body): nothing is relaxed.
    expect(checkSentValues('PATCH', JSON.stringify({ amount: '5' }), undefined, 200, { amount: '5.00' }, 'target')).toHaveLength(1);
  });

  it('holds a decimal field to its places: a two-place field answering "12.5" drifts (it passed)', () => {
    expect(kinds(checkSentValues('PATCH', JSON.stringify({ amount: '12.50' }), UPDATE, 200, { amount: '12.5' }, 'target'))).toEqual(['promise /amount']);
    expect(kinds(checkSentValues('PATCH', JSON.stringify({ amount: 12.5 }), UPDATE, 200, { amount: '12.5' }, 'target'))).toEqual(['promise /amount']);
    expect(kinds(checkSentValues('PATCH', JSON.stringify({ rate: '0.5' }), UPDATE, 200, { rate: '0.50' }, 'target'))).toEqual(['promise /rate']);
    expect(kinds(checkSentValues('PATCH', JSON.stringify({ amount: '5' }), UPDATE, 200, { amount: '6.00' }, 'target'))).toEqual(['promise /amount']);
  });

  it('takes DRF\'s own forms where the schema says date-time or decimal', () => {
    const sent = { modified_date: '2025-01-01T15:00:00+03:00', amount: '5', rate: '0.5', loose: '007' };
    const answer = { modified_date: '2025-01-01T12:00:00.000000Z', amount: '5.00', rate: '0.5000', loose: '7.0' };
    expect(checkSentValues('PATCH', JSON.stringify(sent), UPDATE, 200, answer, 'target')).toEqual([]);
    expect(checkSentValues('PUT', JSON.stringify({ amount: 5 }), UPDATE, 200, { amount: '5.00' }, 'target')).toEqual([]);
    // Another instant is drift, date-time or not.
    expect(kinds(checkSentValues('PATCH', JSON.stringify({ modified_date: '2025-01-01T15:00:00+03:00' }), UPDATE, 200, { modified_date: '2025-01-01T15:00:00Z' }, 'target'))).toEqual(['promise /modified_date']);
  });

  it('expect.json holds each side to its own captured values, * meaning every item', () => {
    const vars = new Map<string, unknown>([['type', 'refund']]);
    expect(checkExpectedJson({ '/plan_type': '{{type}}', '/results/*/s': 'a' }, { plan_type: 'refund', results: [{ s: 'a' }, { s: 'a' }] }, vars, 'mock')).toEqual([]);
    expect(checkExpectedJson({ '/plan_type': '{{type}}' }, { plan_type: 'cancel' }, vars, 'target')).toMatchObject([
      { kind: 'promise', path: '/plan_type', expected: '"refund"', actual: '"cancel"' },
    ]);
    expect(kinds(checkExpectedJson({ '/results/*/s': 'a' }, { results: [{ s: 'a' }, { s: 'b' }] }, vars, 'target'))).toEqual(['promise /results/1/s']);
    expect(kinds(checkExpectedJson({ '/missing': 1 }, {}, vars, 'target'))).toEqual(['promise /missing']);
    expect(checkExpectedJson({ '/x': '{{nope}}' }, { x: 1 }, vars, 'target')[0]!.message).toMatch(/needs \{\{nope\}\}/);
  });
});
