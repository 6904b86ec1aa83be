import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateFilter } from '../src/domain/shared/date-filters.ts';
import { AUTH, createTestMock } from './support/test-mock.ts';

/**
 * A date-time bound written as the mock writes dates (`2023-02-08T14:40:25.692898Z`) is read by a
 * fast path (issue 26); any other spelling by the general parse. A leading space sends the same
 * text down the general parse, so the two must always agree: same bound, same microseconds, same
 * range, same error.
 */

const LOOKUPS = [null, 'gt', 'gte', 'lt', 'lte'] as const;
const general = (lookup: (typeof LOOKUPS)[number], text: string) => parseDateFilter(lookup, ` ${text}`);

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Canonical-shaped text whose fields may be out of range or not digits at all. */
const field = (width: number, max: number) =>
  fc.oneof(fc.integer({ min: 0, max }).map((n) => pad(n, width)), fc.constantFrom('-1'.padStart(width, '0'), 'x'.repeat(width), ' '.repeat(width)));
const shaped = fc
  .tuple(field(4, 9999), field(2, 99), field(2, 99), field(2, 99), field(2, 99), field(2, 99), field(6, 999999), fc.constantFrom('-', '/'))
  .map(([y, mo, d, h, mi, s, f, sep]) => `${y}${sep}${mo}${sep}${d}T${h}:${mi}:${s}.${f}Z`);
const valid = fc
  .date({ min: new Date('1960-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
  .chain((d) => fc.integer({ min: 0, max: 999 }).map((us) => `${d.toISOString().slice(0, 23)}${pad(us, 3)}Z`));

const EDGES = [
  '2024-02-29T00:00:00.000000Z', '2023-02-29T00:00:00.000000Z', '2023-02-30T12:00:00.000000Z',
  '2023-04-31T00:00:00.000000Z', '2023-01-01T24:00:00.000000Z', '2023-01-01T23:60:00.000000Z',
  '2023-01-01T23:59:60.000000Z', '2023-01-01T-1:00:00.000000Z', '2023-00-10T00:00:00.000000Z',
  '2023-13-10T00:00:00.000000Z', '1969-12-31T23:59:59.999999Z', '1970-01-01T00:00:00.000000Z',
  '0000-01-01T00:00:00.000000Z', '0099-06-01T00:00:00.000000Z', '9999-12-31T23:59:59.999999Z',
  '2023-02-08T14:40:25.692898Z', '2023-02-08 14:40:25.692898Z', '2023-02-08T14:40:25+692898Z',
];

describe('a canonical date-time bound', () => {
  it('reads the instant it names (fixed values, apart from the general parse)', () => {
    const text = '2023-02-08T14:40:25.692898Z';
    expect(parseDateFilter('gte', text)).toEqual({
      test: { bound: text, micros: Date.parse('2023-02-08T14:40:25.692Z') * 1000 + 898, op: 'gte' },
      range: { lower: { value: text, inclusive: true } },
    });
    expect(parseDateFilter('gte', '2023-02-30T12:00:00.000000Z')).toEqual({ error: 'Enter a valid date/time.' });
  });

  it('parses as the general parse reads the same text, at the edges', () => {
    for (const text of EDGES) for (const lookup of LOOKUPS) expect(parseDateFilter(lookup, text), `${lookup} ${text}`).toEqual(general(lookup, text));
  });

  it('parses as the general parse reads the same text, for generated dates and shapes', () => {
    fc.assert(
      fc.property(fc.oneof(valid, shaped), fc.constantFrom(...LOOKUPS), (text, lookup) => {
        expect(parseDateFilter(lookup, text)).toEqual(general(lookup, text));
      }),
      { numRuns: 1500, seed: 26 },
    );
  });

  it('lists the same requests as the same bound spelled with a leading space', async () => {
    const mock = await createTestMock({ size: 20 });
    const list = async (q: string) => {
      const res = await mock.request(`/api/v1/cancellation_requests/?${q}&limit=1000`, { headers: AUTH });
      expect(res.status).toBe(200);
      return ((await res.json()) as { count: number; results: { id: number; created_date: string }[] });
    };
    const all = (await list('status=')).results;
    const middle = all[Math.floor(all.length / 2)]!.created_date;
    for (const lookup of ['lte', 'lt', 'gte', 'gt']) {
      const fast = await list(`created_date__${lookup}=${encodeURIComponent(middle)}`);
      const spaced = await list(`created_date__${lookup}=${encodeURIComponent(` ${middle}`)}`);
      expect(fast).toEqual(spaced);
      expect(fast.count).toBeGreaterThan(0);
    }
  });
});
