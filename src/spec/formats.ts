/**
 * String formats the served specs use, checked for real: openapi-response-validator knows no
 * formats of its own and silently ignores unknown ones, so a date that is not a date would pass.
 */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * DRF's `DecimalField` text at any number of places: the places a field takes are its pattern's to
 * say (the served documents' `^-?\d+\.\d{2}$`; drf-spectacular's `\d{0,N}` bounds), so a
 * document of one's own with `decimal_places=3` is not refused by the format alone.
 */
const DECIMAL = /^-?\d+(?:\.\d+)?$/;
const SLUG = /^[-a-zA-Z0-9_]+$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/**
 * A date or an offset date-time that names a real day (`Date.parse` rolls 2024-02-30 over to
 * March instead of refusing it) and parses (an hour of 25 does not).
 */
function isRealDay(text: string): boolean {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  return !Number.isNaN(Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text));
}

/**
 * A UTC date-time (`…Z`) checked by character codes, exactly what `ISO_DATE_TIME` then
 * `isRealDay` answer for such a string: the shape, then a real day (month 1–12, day within
 * its month, proleptic Gregorian leap years, as `Date.parse`'s round trip has it) and a time in
 * range (hour 24 and second 60 fail the round trip too). A plan carries some thirty date-times,
 * checked on every `--strict` answer: the regex, three `Number`s and a day cache took ~320 ns a
 * value, this ~85 ns (test/response-checker-formats.test.ts holds it to the definition).
 */
function isUtcDateTime(text: string): boolean {
  const n = text.length;
  // YYYY-MM-DDTHH:MM:SS then Z, or a dot and 1–6 digits then Z.
  if ((n !== 20 && (n < 22 || n > 27)) || text.charCodeAt(n - 1) !== 90) return false;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84) return false;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return false;
  if (n > 20 && text.charCodeAt(19) !== 46) return false;
  for (let i = 20; i < n - 1; i++) if (digit(text, i) > 9) return false;
  const y0 = digit(text, 0), y1 = digit(text, 1), y2 = digit(text, 2), y3 = digit(text, 3);
  const mo0 = digit(text, 5), mo1 = digit(text, 6), d0 = digit(text, 8), d1 = digit(text, 9);
  const h0 = digit(text, 11), h1 = digit(text, 12), mi0 = digit(text, 14), mi1 = digit(text, 15);
  const s0 = digit(text, 17), s1 = digit(text, 18);
  if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || mo0 > 9 || mo1 > 9 || d0 > 9 || d1 > 9) return false;
  if (h0 > 9 || h1 > 9 || mi0 > 9 || mi1 > 9 || s0 > 9 || s1 > 9) return false;
  const month = mo0 * 10 + mo1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1 || h0 * 10 + h1 > 23 || mi0 * 10 + mi1 > 59 || s0 * 10 + s1 > 59) return false;
  return day <= 28 || day <= daysInMonth(y0 * 1000 + y1 * 100 + y2 * 10 + y3, month);
}

/** The digit at `i` (0–9), or a number above 9 for any other character (unsigned wrap-around). */
function digit(text: string, i: number): number {
  return (text.charCodeAt(i) - 48) >>> 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parsesAsHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** URI → answer: `new URL` costs about a microsecond, and answers hold the same few URIs. */
const uris = new Map<string, boolean>();

function isUri(text: string): boolean {
  let ok = uris.get(text);
  if (ok === undefined) {
    ok = parsesAsHttpUrl(text);
    if (uris.size < 10_000) uris.set(text, ok);
  }
  return ok;
}

/** Format name → check, in the shape openapi-response-validator's `customFormats` takes. */
export const customFormats: Record<string, (value: string) => boolean> = {
  'date-time': (v) => (v.endsWith('Z') ? isUtcDateTime(v) : ISO_DATE_TIME.test(v) && isRealDay(v)),
  date: (v) => ISO_DATE.test(v) && isRealDay(v),
  uuid: (v) => UUID.test(v),
  decimal: (v) => DECIMAL.test(v),
  uri: isUri,
  url: isUri,
  slug: (v) => SLUG.test(v),
  ipv4: (v) => IPV4.test(v),
  binary: () => true,
};
