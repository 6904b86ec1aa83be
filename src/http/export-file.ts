import type { Context } from 'hono';
import { toCsv } from '../common/csv.ts';
import { DRF } from './drf-errors.ts';

export const EXPORT_FORMATS = ['csv', 'xls'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Workbook metadata dates are fixed so the same rows give the same workbook on any day. */
const FIXED_DATE = new Date('2020-01-01T00:00:00Z');

export interface ExportTable {
  header: readonly string[];
  rows: ReadonlyArray<readonly unknown[]>;
}

/**
 * Answers an export file holding every filtered row (DOMAIN.md §1): CSV as
 * `text/csv; charset=utf-8`, `xls` as an XLSX workbook (inferred: the vendor's own format is not
 * published), both as attachments.
 */
export async function exportResponse(c: Context, format: ExportFormat, basename: string, table: ExportTable): Promise<Response> {
  if (format === 'csv') {
    c.header('Content-Disposition', `attachment; filename=${basename}.csv`);
    return c.body(toCsv(table.header, table.rows), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  }
  // Loaded on the first XLSX export: exceljs costs every start-up ~0.4 s of CPU to import.
  const { default: ExcelJS } = await import('exceljs');
  // The browser build leaves exceljs out (scripts/build-browser.mjs): a documented 501 there.
  if (ExcelJS === undefined) return c.json(DRF.xlsxNotInBrowser, 501);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'omnitron-mock';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  const sheet = workbook.addWorksheet(basename.slice(0, 31));
  sheet.addRow([...table.header]);
  for (const row of table.rows) sheet.addRow(row.map(cellValue));
  const buffer = await workbook.xlsx.writeBuffer();
  c.header('Content-Disposition', `attachment; filename=${basename}.xlsx`);
  return c.body(new Uint8Array(buffer as ArrayBuffer), 200, { 'Content-Type': XLSX_MEDIA_TYPE });
}

function cellValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  return value as string | number | boolean;
}
