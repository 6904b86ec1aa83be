import type { FilterLookup, FilterMatch } from './list-filters.ts';

/**
 * Case folding as DOMAIN.md §1 states it (NFC; `İ`, `I`, `ı` → `i`; lower case). The harness
 * keeps its own three lines rather than import the mock's: it must not judge the mock by the
 * mock's code.
 */
export function foldText(text: string): string {
  return text.normalize('NFC').replace(/[İIı]/g, 'i').toLowerCase();
}

const INT = /^[+-]?\d+$/;
const TRUE = new Set(['true', 'True', '1']);
const FALSE = new Set(['false', 'False', '0']);

/**
 * Whether a row's value satisfies one filter (`lookup` null: the plain filter). Null when the
 * query value cannot be judged (not a whole number for an int filter, not a date): the target
 * may answer 400 there, and the status check speaks for that.
 */
export function filterAccepts(match: FilterMatch, lookup: FilterLookup | null, query: string, value: unknown): boolean | null {
  if (lookup === 'in') {
    // django-filter splits on `,`; each item is read by the filter's own field.
    const wanted = query.split(',').map((s) => (match === 'int' ? s.trim() : pythonStrip(s))).filter(Boolean);
    if (wanted.length === 0) return null;
    const answers = wanted.map((w) => filterAccepts(match, null, w, value));
    return answers.includes(null) ? null : answers.includes(true);
  }
  // Django's date, text and uuid fields strip the value with `str.strip()`; an empty value is no
  // filter (django-filter leaves the rows as they are), so nothing is judged.
  if (match === 'datetime') return pythonStrip(query) === '' ? null : acceptsDate(lookup, pythonStrip(query), value);
  if (match === 'int') {
    // Judged where `trim()` and `int()` agree on the text: a plain whole number with ASCII spaces
    // around it. Anything else (U+0085, a BOM, `5.0`, `1_0`) is not judged.
    if (!INT.test(query.trim())) return null;
    const want = Number(query);
    if (typeof value !== 'number') return false;
    if (lookup === 'gt') return value > want;
    if (lookup === 'gte') return value >= want;
    if (lookup === 'lt') return value < want;
    if (lookup === 'lte') return value <= want;
    return value === want;
  }
  if (match === 'bool') {
    const want = TRUE.has(query) ? true : FALSE.has(query) ? false : null;
    return want === null ? null : value === want;
  }
  const wanted = pythonStrip(query);
  if (wanted === '') return null;
  if (value === null || value === undefined || typeof value === 'object') return false;
  const text = String(value);
  if (match === 'uuid') {
    // Python's `uuid.UUID` reads more spellings (`{…}`, `urn:uuid:…`): only plain hex is judged.
    const hex = wanted.replace(/-/g, '').toLowerCase();
    return /^[0-9a-f]{32}$/.test(hex) ? text.replace(/-/g, '').toLowerCase() === hex : null;
  }
  if (match === 'iexact') return foldText(text) === foldText(wanted);
  if (match === 'icontains') return foldText(text).includes(foldText(wanted));
  return text === wanted;
}

/**
 * Python's `str.strip()`: the characters `str.isspace` names, from both ends, one pass each way
 * (the harness's own copy, not the mock's reader).
 */
function pythonStrip(text: string): string {
  const space = (c: number) =>
    (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
  let from = 0;
  let to = text.length;
  while (from < to && space(text.charCodeAt(from))) from += 1;
  while (to > from && space(text.charCodeAt(to - 1))) to -= 1;
  return text.slice(from, to);
}

/** Instants compare as instants; the `date` lookups compare the UTC calendar date. */
function acceptsDate(lookup: FilterLookup | null, query: string, value: unknown): boolean | null {
  const want = micros(query);
  if (want === null) return null;
  const got = typeof value === 'string' ? micros(value) : null;
  if (got === null) return false;
  if (lookup?.startsWith('date')) {
    const day = (us: number) => new Date(Math.floor(us / 1000)).toISOString().slice(0, 10);
    const [a, b] = [day(got), day(want)];
    return compare(lookup === 'date' ? null : lookup.slice('date__'.length), a < b ? -1 : a > b ? 1 : 0);
  }
  return compare(lookup, got < want ? -1 : got > want ? 1 : 0);
}

/** Microseconds since the epoch: `Date.parse` keeps milliseconds, and DRF dates carry six digits. */
function micros(given: string): number | null {
  // A date-time without an offset is UTC, as DOMAIN.md reads it (`Date.parse` would take the
  // machine's own zone, so the verdict would change with the harness's TZ).
  const text = /[Tt ]\d\d:\d\d/.test(given) && !/(?:Z|[+-]\d\d(?::?\d\d)?)$/i.test(given) ? `${given}Z` : given;
  const fraction = /\.(\d+)/.exec(text);
  const ms = Date.parse(fraction ? text.replace(fraction[0], `.${fraction[1]!.slice(0, 3).padEnd(3, '0')}`) : text);
  if (Number.isNaN(ms)) return null;
  return ms * 1000 + (fraction ? Number(fraction[1]!.slice(3, 6).padEnd(3, '0')) : 0);
}

function compare(lookup: string | null, order: -1 | 0 | 1): boolean {
  if (lookup === 'gt') return order > 0;
  if (lookup === 'gte') return order >= 0;
  if (lookup === 'lt') return order < 0;
  if (lookup === 'lte') return order <= 0;
  return order === 0;
}
