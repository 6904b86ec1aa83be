import { describe, expect, it } from 'vitest';
import { formatIso } from '../src/common/dates.ts';

/** The definition formatIso keeps: toISOString's milliseconds, then three more digits and `Z`. */
const byToIso = (d: Date, micros: number) => `${d.toISOString().slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;

describe('formatIso', () => {
  it('writes what toISOString writes, across days, years, leap days and the epoch', () => {
    const days = [Date.UTC(2024, 1, 28), Date.UTC(2024, 1, 29), Date.UTC(2023, 11, 31), Date.UTC(1969, 11, 31), 0, Date.UTC(9999, 11, 31), Date.UTC(1, 0, 1) - 86_400_000 * 366];
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let i = 0; i < 3000; i += 1) {
      // Alternate days so the kept day is both reused and replaced; times up to the day's last millisecond.
      const base = days[next() % days.length]!;
      const ms = base + (i % 5 === 0 ? 86_400_000 - 1 - (next() % 3) : next() % 86_400_000);
      const micros = next() % 1000;
      expect(formatIso(new Date(ms), micros)).toBe(byToIso(new Date(ms), micros));
    }
    expect(formatIso(new Date(Date.UTC(2023, 1, 8, 14, 40, 25, 692)), 898)).toBe('2023-02-08T14:40:25.692898Z');
    expect(formatIso(new Date(-1), 5)).toBe('1969-12-31T23:59:59.999005Z');
  });

  it('still throws on an invalid date', () => {
    expect(() => formatIso(new Date(Number.NaN))).toThrow(RangeError);
  });
});
