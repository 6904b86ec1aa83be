import { describe, expect, it } from 'vitest';
import { customFormats } from '../src/spec/formats.ts';

/**
 * `date-time` answers a UTC string by character codes instead of a regex and `Date.parse`'s round
 * trip (a plan carries some thirty of them, checked on every `--strict` answer). It must answer
 * exactly what the regex and the round trip answer; this is that definition, kept here.
 */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
function byDefinition(text: string): boolean {
  if (!ISO_DATE_TIME.test(text) || !isRealDay(text.slice(0, 10))) return false;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return false;
  // A UTC time also survives the round trip (hour 24 and second 60 do not).
  return !text.endsWith('Z') || new Date(ms).toISOString().slice(0, 10) === text.slice(0, 10);
}

/** A day that survives `Date.parse`'s round trip (which rolls 2024-02-30 over to March). */
function isRealDay(day: string): boolean {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day;
}

const dateTime = customFormats['date-time']!;

describe('the date-time format', () => {
  it('answers every day of leap and common years as the definition does, with and without fractions', () => {
    for (const year of ['0000', '1900', '2000', '2023', '2024', '2100', '9999']) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          for (const time of ['T00:00:00Z', 'T23:59:59.123456Z', 'T12:30:00.5Z']) {
            expect(dateTime(date + time), date + time).toBe(byDefinition(date + time));
          }
        }
      }
    }
  });

  const odd = [
    '2024-01-01T24:00:00Z', '2024-01-01T23:60:00Z', '2024-01-01T23:59:60Z', '2024-01-01T00:00:00.Z',
    '2024-01-01T00:00:00.1234567Z', '2024-01-01t00:00:00Z', '2024-01-01T00:00:00z', '2024-01-01 00:00:00Z',
    '2024-1-01T00:00:00Z', '2024-01-01T00:00Z', '+2024-01-01T00:00:00Z', '2024-01-01T00:00:00+03:00',
    '2024-02-30T00:00:00+03:00', '2024-01-01T00:00:00.000000+00:00', '2024-0a-01T00:00:00Z', '２024-01-01T00:00:00Z',
    '2024-01-01T00:00:00.12x456Z', 'Z', '', '2024-01-01T00:00:00', '2026-03-04T10:00:00.000000Z',
  ];
  it.each(odd)('answers %j as the definition does', (text) => {
    expect(dateTime(text)).toBe(byDefinition(text));
  });

  it('answers random near-misses as the definition does', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const base = '2024-02-29T13:45:59.123456Z';
    const chars = '0123456789-:T.Z+ ';
    for (let n = 0; n < 20_000; n++) {
      let text = base;
      for (let k = 0; k < 1 + Math.floor(random() * 2); k++) {
        const at = Math.floor(random() * text.length);
        text = random() < 0.2 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + chars[Math.floor(random() * chars.length)] + text.slice(at + 1);
      }
      expect(dateTime(text), text).toBe(byDefinition(text));
    }
  });
});

describe('the uri format', () => {
  it('accepts http(s) URLs only, the same answer from its cache', () => {
    for (let round = 0; round < 2; round++) {
      expect(customFormats.uri!('https://example.com/a?b=1')).toBe(true);
      expect(customFormats.uri!('http://x')).toBe(true);
      expect(customFormats.uri!('ftp://example.com/')).toBe(false);
      expect(customFormats.uri!('not a url')).toBe(false);
      expect(customFormats.uri!('')).toBe(false);
    }
  });
});

describe('the date format', () => {
  const date = customFormats.date!;
  it('takes real days only, leap years included', () => {
    for (const year of ['1900', '2000', '2023', '2024']) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect(date(text), text).toBe(isRealDay(text));
        }
      }
    }
    expect(date('2024-02-29')).toBe(true);
    expect(date('2023-02-29')).toBe(false);
    expect(date('2024-02-30')).toBe(false);
    expect(date('2024-1-01')).toBe(false);
  });
});
