import { expect, it } from 'vitest';
import { widgetMock } from './support/engine-fixture.ts';
import { AUTH, json } from './support/test-mock.ts';

/**
 * A generated row of one's own collection carries its dates as Omnitron (Django) writes them —
 * six fractional digits and `Z`, as every other date the mock sends — and is modified no earlier
 * than it was made (the two stamps were drawn apart, in either order).
 */
it('seeds rows whose modified_date follows created_date, written with six fractional digits', async () => {
  const mock = await widgetMock({ size: 300 });
  const res = await mock.request('/api/v1/widgets/?limit=100', { headers: AUTH });
  expect(res.status).toBe(200);
  const rows = ((await json(res)) as { results: Array<{ created_date: string; modified_date: string }> }).results;
  expect(rows.length).toBeGreaterThan(10);
  for (const row of rows) {
    expect(row.created_date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(row.modified_date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(row.modified_date >= row.created_date, `${row.created_date} → ${row.modified_date}`).toBe(true);
  }
}, 60_000);
