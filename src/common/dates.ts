import type { IsoDateTime } from './scalars.ts';

/**
 * Dates as Omnitron (Django) serializes them: ISO 8601 in UTC with six fractional digits and `Z`
 * (`"2023-02-08T14:40:25.692898Z"`). JavaScript dates stop at milliseconds, so the last three
 * digits are supplied by the caller (the seed draws them; the clock counts them).
 */
export function formatIso(date: Date, micros = 0): IsoDateTime {
  return `${isoMillis(date)}${String(micros % 1000).padStart(3, '0')}Z`;
}

const DAY_MS = 86_400_000;
/** The last day formatted, and its `YYYY-MM-DDT` (writes and their clock stamps mostly share a day). */
let lastDay = Number.NaN;
let lastDayPrefix = '';

/**
 * `date.toISOString().slice(0, 23)` (`2023-02-08T14:40:25.692`) with the date part kept per day
 * and the time of day written from integers: `toISOString` was a quarter of a request write's
 * domain work (the clock stamps each write; seventh session, hot-reads-2). An invalid date still
 * throws `toISOString`'s RangeError.
 */
function isoMillis(date: Date): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return date.toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    lastDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    lastDay = day;
  }
  const t = ms - day * DAY_MS;
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor(t / 60_000) % 60;
  const sec = Math.floor(t / 1000) % 60;
  const milli = t % 1000;
  return `${lastDayPrefix}${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${sec < 10 ? '0' : ''}${sec}.${milli < 100 ? (milli < 10 ? '00' : '0') : ''}${milli}`;
}

/**
 * Parses what a date filter accepts (DOMAIN.md §1): a date (`2024-01-01`, read as midnight UTC)
 * or a date-time with an optional fraction and zone. Returns epoch microseconds, or null when
 * the text is not a date, so that `2023-02-08T14:40:25.692898Z` compares exactly. Spaces around
 * it are the caller's to strip, by its own rules (a filter strips Python's, `pythonStrip`).
 */
export function parseFilterDate(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  // Python's `datetime` has no hour 24, which `Date.parse` reads as the next midnight.
  if (Number(h) > 23) return null;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone === 'Z' ? 'Z' : normaliseZone(zone)}`);
  if (Number.isNaN(ms)) return null;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  // Reject dates that Date.parse silently rolls over (2024-02-31).
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return null;
  return ms * 1000 + Number(frac.padEnd(6, '0'));
}

function normaliseZone(zone: string): string {
  return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}

/** Epoch microseconds of a stored ISO date-time (the inverse of `formatIso`). */
export function isoToMicros(iso: IsoDateTime): number {
  const micros = parseFilterDate(iso);
  if (micros === null) throw new Error(`stored date is not ISO 8601: ${iso}`);
  return micros;
}

/** The UTC calendar day (`YYYY-MM-DD`) of a stored date-time, for `__date` lookups. */
export function isoDay(iso: IsoDateTime): string {
  return iso.slice(0, 10);
}
