import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLAN_STATUSES } from '../src/store/types.ts';
import { AUTH, allRows, createTestMock, type TestMock } from './support/test-mock.ts';

const PLANS = '/api/v1/cancellation_plans/';
let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock();
});

describe('cancellation plan retrieve', () => {
  it('answers the plan with its order, users and items nested as Omnitron does', async () => {
    const [pk] = [...mock.store.plans.keys()];
    const plan = await mock.getJson(`${PLANS}${pk}/`);
    expect(plan.pk).toBe(pk);
    expect(plan.order.pk).toBe(mock.store.plans.get(pk!)!.order);
    expect(plan.created_by).toMatchObject({ pk: expect.any(Number), username: expect.any(String) });
    expect(plan.cancellationplanorderitem_set.length).toBeGreaterThan(0);
    const item = plan.cancellationplanorderitem_set[0];
    expect(item.order_item.order.pk).toBe(plan.order.pk);
    expect(item.order_item.product.sku).toEqual(expect.any(String));
    expect(item.reason.cancellation_type).toBe(plan.plan_type);
    expect(item.status).toBe(plan.plan_type === 'cancel' ? '100' : '600');
    expect(plan.refund_amount).toMatch(/^\d+\.\d{2}$/);
  });

  it('answers the same plan in the list and in retrieve', async () => {
    const list = await mock.getJson(`${PLANS}?limit=3`);
    for (const row of list.results) expect(await mock.getJson(`${PLANS}${row.pk}/`)).toEqual(row);
  });
});

describe('cancellation plan statuses', () => {
  it('answers every status with a readable label', async () => {
    const body = await mock.getJson(`${PLANS}cancellation_plan_statuses/`);
    expect(Object.keys(body.cancellation_plan_statuses).sort()).toEqual([...PLAN_STATUSES].sort());
    expect(body.cancellation_plan_statuses.manuel_refund_need).toBe('Manuel Refund Need');
  });
});

describe('cancellation plan export', () => {
  it('answers every filtered row as a CSV attachment, not one page', async () => {
    const expected = await allRows(mock, PLANS, 'plan_type=refund');
    expect(expected.length).toBeGreaterThan(10);
    const res = await mock.request(`${PLANS}?plan_type=refund&export_format=csv&limit=2`, { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename=cancellation_plans.csv');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,order_number,/);
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(expected.map((p) => p.pk));
    expect(lines.slice(1).every((l) => l.split(',')[4] === 'refund')).toBe(true);
  });

  it('answers an XLSX workbook with the same rows', async () => {
    const expected = await allRows(mock, PLANS, 'status=completed');
    const res = await mock.request(`${PLANS}?status=completed&export_format=xls`, { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename=cancellation_plans.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const ids: number[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) ids.push(Number(row.getCell(1).value));
    });
    expect(ids).toEqual(expected.map((p) => p.pk));
    expect(sheet.getRow(1).getCell(6).value).toBe('status');
    expect(sheet.getRow(2).getCell(6).value).toBe('completed');
  });
});

describe('error bodies', () => {
  it('never leak a stack trace or a file path on a server error', async () => {
    const broken = await createTestMock({ size: 5 });
    // Corrupt the store so serialization throws: an internal failure, not a business outcome.
    const plan = [...broken.store.plans.values()][0]!;
    plan.created_by = 987654;
    const res = await broken.app.request(`${PLANS}${plan.pk}/`, { headers: AUTH });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ detail: 'A server error occurred.', code: 'error' });
    expect(text).not.toMatch(/at |\.ts|\/work\//);
  });
});
