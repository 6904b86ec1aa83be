import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { widgetMock } from './support/engine-fixture.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * DRF's `CharField`, `ChoiceField` and `DecimalField` read a number as `str(data)`, and Python's
 * json reads `5.0` as a float: `str(5.0)` is `"5.0"`, where `5` is `"5"` (ADR 0013, nineteenth
 * addendum). JSON.parse answers `5` for both, so the engine reads how a whole number was written
 * from the body's text. The bodies are sent as written here.
 */

const WIDGETS = '/api/v1/widgets/';
const STOCK = fileURLToPath(new URL('./fixtures/engine/stock-lists.openapi.yaml', import.meta.url));

function write(mock: TestMock, text: string, method = 'POST', path = WIDGETS): Promise<Response> {
  return mock.request(path, { method, headers: { ...AUTH, 'Content-Type': 'application/json' }, body: text });
}
const widget = (fields: string) => `{"status": "active", "priority": 3, "channel": 1, ${fields}}`;

describe('engine: a number sent to a text field is read as Python writes it', () => {
  it.each([
    ['5.0', '5.0'],
    ['5', '5'],
    ['-0.0', '-0.0'],
    ['2.50', '2.5'],
    ['1e3', '1000.0'],
    ['1E16', '1e+16'],
    ['0.00001', '1e-05'],
  ])('stores %s as %j, as DRF\'s CharField does', async (sent, stored) => {
    const mock = await widgetMock();
    const res = await write(mock, widget(`"name": ${sent}`));
    expect(res.status).toBe(201);
    const made = await json(res);
    expect(made.name).toBe(stored);
    expect((await mock.getJson(`${WIDGETS}${made.pk}/`)).name).toBe(stored);
  });

  it('reads a PATCH\'s whole-number float the same way', async () => {
    const mock = await widgetMock();
    const res = await write(mock, '{"note": 7.0}', 'PATCH', `${WIDGETS}1/`);
    expect(res.status).toBe(200);
    expect((await json(res)).note).toBe('7.0');
  });

  it('refuses a choice sent 5.0 with DRF\'s words for "5.0"', async () => {
    const mock = await widgetMock();
    const res = await write(mock, '{"name": "w", "status": 5.0, "priority": 3, "channel": 1}');
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ status: ['"5.0" is not a valid choice.'] });
  });
});

describe('engine: a whole-number float sent to a decimal field', () => {
  /** The stock document with its price a `DecimalField(max_digits=8, decimal_places=0)`. */
  function noPlaces(): string {
    const text = readFileSync(STOCK, 'utf8').replace('\\d{0,8}(?:\\.\\d{0,2})', '\\d{0,8}(?:\\.\\d{0,0})');
    const file = join(mkdtempSync(join(tmpdir(), 'engine-text-floats-')), 'stock-lists.openapi.yaml');
    writeFileSync(file, text);
    return file;
  }

  it('is refused where the field has no places (str(100.0) has one), and 100 is taken', async () => {
    const mock = await createTestMock({ spec: [noPlaces()] });
    const post = (price: string) => write(mock, `{"name": "Depo", "status": "active", "price": ${price}}`, 'POST', '/api/v1/stock_lists/');
    const refused = await post('100.0');
    expect(refused.status).toBe(400);
    expect(await json(refused)).toEqual({ price: ['Ensure that there are no more than 0 decimal places.'] });
    const taken = await post('100');
    expect(taken.status).toBe(201);
    expect((await json(taken)).price).toBe('100');
  });
});
