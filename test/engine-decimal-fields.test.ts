import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { send } from './support/engine-fixture.ts';
import { allRows, createTestMock, json, type TestMock } from './support/test-mock.ts';

/** A document as drf-spectacular writes a `DecimalField(max_digits=10, decimal_places=2)`. */
const STOCK = fileURLToPath(new URL('./fixtures/engine/stock-lists.openapi.yaml', import.meta.url));
const PATH = '/api/v1/stock_lists/';

function stockMock(strict = false): Promise<TestMock> {
  return createTestMock({ spec: [STOCK], strict });
}

async function create(mock: TestMock, price: unknown, weight: number | null = null): Promise<Response> {
  return send(mock, 'POST', PATH, { name: 'Depo', status: 'active', price, weight });
}

/** The prices of a list, in its order. */
async function prices(mock: TestMock, query: string): Promise<string[]> {
  return (await allRows(mock, PATH, query)).map((r) => r.price);
}

describe('engine: a decimal field as drf-spectacular documents it', () => {
  it.each([
    ['1.234', 'Ensure that there are no more than 2 decimal places.'],
    ['0.001', 'Ensure that there are no more than 2 decimal places.'],
    ['123456789.00', 'Ensure that there are no more than 10 digits in total.'],
    ['123456789', 'Ensure that there are no more than 8 digits before the decimal point.'],
    ['abc', 'A valid number is required.'],
    [true, 'A valid number is required.'],
  ])('refuses %j with DRF\'s words and stores nothing', async (price, message) => {
    const mock = await stockMock();
    const before = (await mock.getJson(PATH)).count;
    const res = await create(mock, price);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ price: [message] });
    expect((await mock.getJson(PATH)).count).toBe(before);
  });

  it.each([
    ['5', '5.00'],
    [' 5 ', '5.00'],
    [12.5, '12.50'],
    ['1e3', '1000.00'],
    ['.5', '0.50'],
    ['12345678.99', '12345678.99'],
  ])('answers %j with its two places, as DRF quantizes it', async (price, answered) => {
    const mock = await stockMock();
    const res = await create(mock, price);
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.price).toBe(answered);
    expect((await mock.getJson(`${PATH}${body.id}/`)).price).toBe(answered);
  });

  it('keeps a --strict list answering after a refused write (it used to store it, then 500 every page)', async () => {
    const mock = await stockMock(true);
    expect((await create(mock, '1.234')).status).toBe(400);
    const page = await mock.request(`${PATH}?limit=1000`, { headers: { Authorization: 'Token test-token' } });
    expect(page.status).toBe(200);
  });
});

describe('engine: decimal and number fields order and filter by value', () => {
  async function withPrices(): Promise<TestMock> {
    const mock = await stockMock();
    for (const [price, weight] of [['100.00', 2.5], ['36.40', 10], ['5.00', 9], ['-3.00', null], ['12.50', 100]] as const) {
      expect((await create(mock, price, weight)).status).toBe(201);
    }
    return mock;
  }

  /** Sorted by value, as PostgreSQL orders a numeric column. */
  const byValue = (list: string[]) => [...list].sort((a, b) => Number(a) - Number(b));

  it('orders by a decimal\'s value, not its text, both ways and with a filter', async () => {
    const mock = await withPrices();
    const up = await prices(mock, 'ordering=price');
    expect(up).toEqual(byValue(up));
    expect(up).toContain('100.00');
    expect(await prices(mock, 'ordering=-price')).toEqual(byValue(up).reverse());
    const active = await prices(mock, 'ordering=price&status=active');
    expect(active).toEqual(byValue(active));
    // Page by page too (the plain page path).
    const first = (await mock.getJson(`${PATH}?ordering=-price&limit=2`)).results.map((r: any) => r.price);
    expect(first).toEqual(byValue(up).reverse().slice(0, 2));
  });

  it('compares a decimal filter by value and reads its value as a number', async () => {
    const mock = await withPrices();
    const under = await prices(mock, 'price__lt=5');
    expect(under.length).toBeGreaterThan(0);
    expect(under.every((p) => Number(p) < 5)).toBe(true);
    expect(await prices(mock, 'price__gte=100')).toEqual(expect.arrayContaining(['100.00']));
    expect((await prices(mock, 'price__gte=100')).every((p) => Number(p) >= 100)).toBe(true);
    expect(await prices(mock, 'price=100')).toContain('100.00');
    expect((await prices(mock, 'price=100')).every((p) => p === '100.00')).toBe(true);
    const picked = await prices(mock, 'price__in=36.4,12.5');
    expect(picked).toEqual(expect.arrayContaining(['12.50', '36.40']));
    expect(picked.every((p) => p === '12.50' || p === '36.40')).toBe(true);
    // An empty member is no value (django-filter reads it as None), not an error.
    expect(await prices(mock, 'price__in=36.4,')).toEqual(['36.40']);
    const bad = await mock.request(`${PATH}?price__lt=abc`, { headers: { Authorization: 'Token test-token' } });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toEqual({ price__lt: ['Enter a number.'] });
    // Spaces are no number to Decimal (' 5 ' is 5): not "no filter", which listed every row.
    for (const q of ['price=%20', 'weight__gt=%20%20', 'price__in=36.4,%20']) {
      const blank = await mock.request(`${PATH}?${q}`, { headers: { Authorization: 'Token test-token' } });
      expect(blank.status, q).toBe(400);
      expect(Object.values(await json(blank)), q).toEqual([['Enter a number.']]);
    }
    expect(await prices(mock, 'price=%20100%20')).toContain('100.00');
  });

  it('compares a number field\'s filter by value', async () => {
    const mock = await withPrices();
    const heavy = (await allRows(mock, PATH, 'weight__gt=9')).map((r) => r.weight);
    expect(heavy).toEqual(expect.arrayContaining([10, 100]));
    expect(heavy.every((w) => w > 9)).toBe(true);
    expect(heavy).not.toContain(2.5);
    // An exact value matches the number (the query's text "2.5" never equalled the number 2.5).
    expect((await allRows(mock, PATH, 'weight=2.5')).map((r) => r.weight)).toEqual([2.5]);
    expect((await allRows(mock, PATH, 'weight=2.50')).map((r) => r.weight)).toEqual([2.5]);
  });
});

/** The fixture with its price as drf-spectacular writes `DecimalField(max_digits=whole+places, decimal_places=places)`. */
function stockDoc(places: number, whole: number, required = true): string {
  let text = readFileSync(STOCK, 'utf8').replace('\\d{0,8}(?:\\.\\d{0,2})', `\\d{0,${whole}}(?:\\.\\d{0,${places}})`);
  if (!required) text = text.replace('required: [id, name, status, price]', 'required: [id, name, status]');
  const file = join(mkdtempSync(join(tmpdir(), 'engine-decimal-')), 'stock-lists.openapi.yaml');
  writeFileSync(file, text);
  return file;
}

describe('engine: decimals of other places and digits than the fixture, under --strict', () => {
  it('three places: "5.00" is answered "5.000", and the list still answers', async () => {
    const mock = await createTestMock({ spec: [stockDoc(3, 8)], strict: true });
    const res = await send(mock, 'POST', PATH, { name: 'x', status: 'active', price: '5.00' });
    expect(res.status).toBe(201);
    expect((await json(res)).price).toBe('5.000');
    expect((await mock.request(`${PATH}?limit=100`, { headers: { Authorization: 'Token test-token' } })).status).toBe(200);
  });

  it.each([[2, 2], [1, 2], [0, 3]])('a fresh list answers with %i places and %i whole digits (generated rows within the limits)', async (places, whole) => {
    const mock = await createTestMock({ spec: [stockDoc(places, whole)], strict: true });
    const rows = await allRows(mock, PATH, '');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.price).toMatch(new RegExp(`^-?\\d{0,${whole}}(?:\\.\\d{0,${places}})?$`));
  });

  it('an optional decimal left out is "0.00"', async () => {
    const mock = await createTestMock({ spec: [stockDoc(2, 8, false)], strict: true });
    const res = await send(mock, 'POST', PATH, { name: 'x', status: 'active' });
    expect(res.status).toBe(201);
    expect((await json(res)).price).toBe('0.00');
  });
});
