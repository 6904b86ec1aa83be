import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTH, READONLY_TOKEN, allRows, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * Retrieve, detailed retrieve and the detailed list's export, read black-box through the served
 * API (the self-check of `createTestMock` fails any test whose response strays from the spec).
 */

const LIST = '/api/v1/cancellation_requests/';
const DETAILED = `${LIST}detailed/`;
let mock: TestMock;
let plain: any[];
let detailed: any[];

beforeAll(async () => {
  mock = await createTestMock({ size: 150 });
  plain = await allRows(mock, LIST);
  detailed = await allRows(mock, DETAILED);
});

describe('cancellation request lists', () => {
  it('answer the same requests newest first, the detailed one nesting what the plain one names by pk', () => {
    expect(plain.length).toBeGreaterThan(50);
    expect(plain.map((r) => r.id)).toEqual([...plain.map((r) => r.id)].sort((a, b) => b - a));
    expect(detailed.map((r) => r.id)).toEqual(plain.map((r) => r.id));
    detailed.forEach((d, i) => {
      expect(Object.keys(d)).toEqual(Object.keys(plain[i]));
      expect({ ...d, order_item: d.order_item.pk, reason: d.reason.pk }).toEqual(plain[i]);
    });
  });

  it('page like DRF: ten rows by default, next and previous keeping the filters', async () => {
    const first = await mock.getJson(`${LIST}?status=rejected`);
    const rejected = plain.filter((r) => r.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(10);
    expect(first.count).toBe(rejected.length);
    expect(first.results.map((r: any) => r.id)).toEqual(rejected.slice(0, 10).map((r) => r.id));
    expect(first.previous).toBeNull();
    const next = new URL(first.next);
    expect(next.searchParams.get('status')).toBe('rejected');
    expect(next.searchParams.get('page')).toBe('2');
    const second = await mock.getJson(`${next.pathname}${next.search}`);
    expect(second.results.map((r: any) => r.id)).toEqual(rejected.slice(10, 20).map((r) => r.id));
    const past = await mock.request(`${DETAILED}?page=999`, { headers: AUTH });
    expect(past.status).toBe(404);
    expect(await json(past)).toEqual({ detail: 'Invalid page.', code: 'not_found' });
  });

  it('need a token, and let the read-only token read', async () => {
    for (const path of [LIST, DETAILED, `${LIST}${plain[0].id}/`, `${LIST}${plain[0].id}/detailed/`]) {
      const res = await mock.request(path);
      expect(res.status, path).toBe(401);
      expect(await json(res)).toEqual({ detail: 'Authentication credentials were not provided.', code: 'not_authenticated' });
      const ro = await mock.request(path, { headers: { Authorization: `Token ${READONLY_TOKEN}` } });
      expect(ro.status, path).toBe(200);
    }
  });
});

describe('cancellation request retrieve', () => {
  it('answers each request as the list shows it, plain and detailed', async () => {
    for (const i of [0, 1, Math.floor(plain.length / 2), plain.length - 1]) {
      const id = plain[i].id;
      expect(await mock.getJson(`${LIST}${id}/`)).toEqual(plain[i]);
      expect(await mock.getJson(`${LIST}${id}/detailed/`)).toEqual(detailed[i]);
    }
  });

  it('nests the order item with its order and product, and the reason, in the detailed form', async () => {
    const withEasyReturn = detailed.find((r) => r.easy_return !== null);
    for (const row of [detailed[0], withEasyReturn]) {
      const body = await mock.getJson(`${LIST}${row.id}/detailed/`);
      const item = mock.store.orderItems.get(body.order_item.pk)!;
      const order = mock.store.orders.get(item.order)!;
      expect(body.order_item).toMatchObject({ pk: item.pk, status: item.status, cancel_status: item.cancel_status, price: item.price });
      expect(body.order_item.order).toMatchObject({ pk: order.pk, number: order.number, currency: order.currency, customer: order.customer });
      expect(body.order_item.product).toMatchObject({ pk: item.product, sku: mock.store.products.get(item.product)!.sku });
      expect(body.order_item.status_display).toEqual(expect.any(String));
      expect(body.reason).toEqual({ ...mock.store.reasons.get(body.reason.pk)! });
      expect(body.reason.cancellation_type).toBe(body.cancellation_type);
    }
    expect(withEasyReturn.easy_return).toMatchObject({ id: expect.any(Number), code: expect.any(String) });
  });

  it.each([
    ['an unknown id', '99999999'],
    ['a non-numeric id', 'abc'],
    ['a decimal id', '1.5'],
    ['a negative id', '-1'],
  ])('answers %s with 404 Not found, plain and detailed', async (_name, id) => {
    for (const path of [`${LIST}${id}/`, `${LIST}${id}/detailed/`]) {
      const res = await mock.request(path, { headers: AUTH });
      expect(res.status, path).toBe(404);
      expect(await json(res)).toEqual({ detail: 'Not found.', code: 'not_found' });
    }
  });
});

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF), enough to read our own export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += ch;
  }
  return rows;
}

/** What an export row must say about a request, from its detailed JSON and its customer. */
function expectedColumns(r: any): Record<string, string> {
  const order = r.order_item.order;
  const customer = mock.store.customers.get(order.customer)!;
  return {
    id: String(r.id),
    order_number: order.number,
    sku: r.order_item.product.sku,
    product_name: r.order_item.product.name,
    customer_first_name: customer.first_name,
    customer_last_name: customer.last_name,
    customer_email: customer.email,
    price: r.order_item.price,
    discount_amount: r.order_item.discount_amount,
    order_amount: order.amount,
    currency: order.currency,
    status: r.status,
    cancellation_type: r.cancellation_type,
    created_date: r.created_date,
    modified_date: r.modified_date,
  };
}

describe('cancellation request export', () => {
  it('answers every filtered row as a CSV attachment, not one page, with the nested fields flattened', async () => {
    const expected = detailed.filter((r) => r.cancellation_type === 'refund');
    expect(expected.length).toBeGreaterThan(10);
    const res = await mock.request(`${DETAILED}?cancellation_type=refund&export_format=csv&limit=2`, { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename=cancellation_requests.csv');
    const [header, ...lines] = parseCsv(await res.text());
    expect(lines.map((l) => Number(l[0]))).toEqual(expected.map((r) => r.id));
    lines.forEach((line, i) => {
      const byName = Object.fromEntries(header!.map((h, j) => [h, line[j]]));
      expect(byName).toMatchObject(expectedColumns(expected[i]));
    });
  });

  it('answers an XLSX workbook holding the same columns and rows', async () => {
    const expected = detailed.filter((r) => r.status === 'rejected');
    expect(expected.length).toBeGreaterThan(10);
    const res = await mock.request(`${DETAILED}?status=rejected&export_format=xls`, { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename=cancellation_requests.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: Array<Record<string, string>> = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const cells = (row.values as unknown[]).slice(1);
      rows.push(Object.fromEntries(header.map((h, j) => [h, cells[j] === undefined || cells[j] === null ? '' : String(cells[j])])));
    });
    expect(rows.map((r) => Number(r.id))).toEqual(expected.map((r) => r.id));
    rows.forEach((row, i) => expect(row).toMatchObject(expectedColumns(expected[i])));
  });

  it('refuses an export format it does not know', async () => {
    const res = await mock.request(`${DETAILED}?export_format=pdf`, { headers: AUTH });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ export_format: ['Select a valid choice. pdf is not one of the available choices.'] });
  });

  it('answers a malformed filter on an export with the same 400 as on the list', async () => {
    const res = await mock.request(`${DETAILED}?export_format=csv&pk=x`, { headers: AUTH });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ pk: ['Enter a whole number.'] });
  });
});
