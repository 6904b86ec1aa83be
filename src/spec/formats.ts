/**
 * String formats the served specs use, checked for real: openapi-response-validator knows no
 * formats of its own and silently ignores unknown ones, so a date that is not a date would pass.
 */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^-?\d+\.\d{2}$/;
const SLUG = /^[-a-zA-Z0-9_]+$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function parsesToSameDay(text: string): boolean {
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) return false;
  // Date.parse rolls 2024-02-31 over to March; a real date survives the round trip.
  return new Date(ms).toISOString().slice(0, 10) === text.slice(0, 10) || !text.endsWith('Z');
}

/** Day → real or not: a plan carries some thirty date-times, on a few hundred days in all. */
const realDays = new Map<string, boolean>();

function isRealDay(day: string): boolean {
  let real = realDays.get(day);
  if (real === undefined) {
    const ms = Date.parse(`${day}T00:00:00Z`);
    real = !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day;
    if (realDays.size < 100_000) realDays.set(day, real);
  }
  return real;
}

/**
 * `parsesToSameDay`, answered from a per-day cache for the shape the date-time regex lets through:
 * a UTC date-time is real when its day is and its time fields are in range (hour 24 and second 60
 * fail `Date.parse`'s round trip too). Dates and offsets take the slow path, unchanged.
 */
function isRealDate(text: string): boolean {
  if (!text.endsWith('Z')) return parsesToSameDay(text);
  return Number(text.slice(11, 13)) < 24 && Number(text.slice(14, 16)) < 60 && Number(text.slice(17, 19)) < 60 && isRealDay(text.slice(0, 10));
}

function isUri(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Format name → check, in the shape openapi-response-validator's `customFormats` takes. */
export const customFormats: Record<string, (value: string) => boolean> = {
  'date-time': (v) => ISO_DATE_TIME.test(v) && isRealDate(v),
  date: (v) => ISO_DATE.test(v) && isRealDate(v),
  uuid: (v) => UUID.test(v),
  decimal: (v) => DECIMAL.test(v),
  uri: isUri,
  url: isUri,
  slug: (v) => SLUG.test(v),
  ipv4: (v) => IPV4.test(v),
  binary: () => true,
};
