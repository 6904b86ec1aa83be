import { describe, expect, it } from 'vitest';
import { createClock } from '../src/common/clock.ts';
import { formatIso, parseFilterDate } from '../src/common/dates.ts';
import { fromCents, sumDecimals, toCents } from '../src/common/money.ts';
import { pageSize } from '../src/http/pagination.ts';

describe('money', () => {
  it('adds decimal strings exactly', () => {
    expect(sumDecimals(['0.10', '0.20'])).toBe('0.30');
    expect(fromCents(toCents('224.50') - toCents('220.01') + toCents('9.00'))).toBe('13.49');
    expect(fromCents(-5)).toBe('-0.05');
    expect(() => toCents('1.234')).toThrow();
  });
});

describe('dates', () => {
  it('formats with six fractional digits and Z', () => {
    expect(formatIso(new Date('2023-02-08T14:40:25.692Z'), 898)).toBe('2023-02-08T14:40:25.692898Z');
  });
  it('parses dates and date-times, and refuses impossible ones', () => {
    expect(parseFilterDate('2024-01-01')).toBe(Date.parse('2024-01-01T00:00:00Z') * 1000);
    expect(parseFilterDate('2024-02-31')).toBeNull();
    expect(parseFilterDate('soon')).toBeNull();
  });
  it('the clock never repeats a timestamp within a millisecond', () => {
    const clock = createClock(() => 1_700_000_000_000);
    expect(clock.now()).not.toBe(clock.now());
  });
});

describe('page size', () => {
  it.each([[undefined, 10], ['5', 5], ['0', 10], ['x', 10], ['5000', 1000]] as const)('limit=%s gives %i', (limit, size) => {
    expect(pageSize(limit)).toBe(size);
  });
});

describe('clock stamps', () => {
  it('keep increasing past a thousand stamps in one millisecond', () => {
    const clock = createClock(() => 1_700_000_000_000);
    const stamps = Array.from({ length: 2500 }, () => clock.now());
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! > stamps[i - 1]!, stamps[i]).toBe(true);
    expect(stamps[2499]).toBe('2023-11-14T22:13:20.002499Z');
  });
  it('follow a source that is set back', () => {
    let ms = Date.parse('2026-03-04T10:00:00Z');
    const clock = createClock(() => ms);
    clock.now();
    ms -= 24 * 3600 * 1000;
    expect(clock.now()).toBe('2026-03-03T10:00:00.000000Z');
  });
});
