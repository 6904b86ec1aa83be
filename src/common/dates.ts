import type { IsoDateTime } from './scalars.ts';

/**
 * Dates as Omnitron (Django) serializes them: ISO 8601 in UTC with six fractional digits and `Z`
 * (`"2023-02-08T14:40:25.692898Z"`). JavaScript dates stop at milliseconds, so the last three
 * digits are supplied by the caller (the seed draws them; the clock counts them).
 */
export function formatIso(date: Date, micros = 0): IsoDateTime {
  const base = date.toISOString(); // 2023-02-08T14:40:25.692Z
  return `${base.slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
}

/**
 * Parses what a date filter accepts (DOMAIN.md §1): a date (`2024-01-01`, read as midnight UTC)
 * or a date-time with an optional fraction and zone. Returns epoch microseconds, or null when
 * the text is not a date, so that `2023-02-08T14:40:25.692898Z` compares exactly.
 */
export function parseFilterDate(text: string): number | null {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text.trim(),
    );
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
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
