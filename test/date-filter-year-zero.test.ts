import { describe, expect, it } from 'vitest';
import { createTestMock } from './support/test-mock.ts';

/**
 * Python's dates start at year 1: django-filter's form field refuses `0000-01-01` as it refuses
 * `2023-13-01` or `2023-01-32` — 400 with the field's message — where `Date.parse` reads year 0
 * and the mock once answered 200 with no rows (or every row, for a lower bound).
 */
const CASES: Array<[string, string, string]> = [
  ['/api/v1/cancellation_plans/', 'modified_date__date', '0000-01-01'],
  ['/api/v1/cancellation_plans/', 'created_date__date__gte', '0000-01-01'],
  ['/api/v1/cancellation_plans/', 'created_date__gte', '0000-01-01T00:00:00Z'],
  ['/api/v1/cancellation_plans/', 'created_date__lt', '0000-12-31T23:59:59.000000Z'],
  ['/api/v1/cancellation_plans/', 'created_date', '0000-01-01'],
  ['/api/v1/cancellation_plans/', 'modified_date__date', '2023-13-01'],
  ['/api/v1/cancellation_plans/', 'modified_date__date', '2023-01-32'],
  ['/api/v1/cancellation_requests/', 'created_date__date', '0000-01-01'],
  ['/api/v1/cancellation_requests/', 'modified_date__gte', '0000-06-01'],
  ['/api/v1/cancellation_requests/', 'modified_date__gte', ' 0000-06-01T00:00:00+01:00 '],
  ['/api/channel/1/cancellation_plans/inserts_or_updates/', 'modified_date__gt', '0000-01-01T00:00:00Z'],
];

describe('a date filter naming year 0', () => {
  it.each(CASES)('%s?%s=%s answers 400 with the field\'s message', async (path, name, value) => {
    const mock = await createTestMock({ size: 10 });
    const body = await mock.getJson(`${path}?${name}=${encodeURIComponent(value)}`, 400);
    const message = /__date/.test(name) ? 'Enter a valid date.' : 'Enter a valid date/time.';
    expect(body).toEqual({ [name]: [message] });
  });

  it('still takes year 1', async () => {
    const mock = await createTestMock({ size: 10 });
    expect((await mock.getJson('/api/v1/cancellation_plans/?created_date__gte=0001-01-01T00:00:00Z')).count).toBe(10);
    expect((await mock.getJson('/api/v1/cancellation_plans/?created_date__date__gte=0001-01-01')).count).toBe(10);
  });
});
