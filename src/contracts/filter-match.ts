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
  // Django's form fields strip a value with Python's `str.strip()` or `int()` (each `__in` item
  // by the inner field), whose spaces are not JS's: a value or item with any space at an end is
  // not judged.
  if (spaceAtAnEnd(query) || (lookup === 'in' && query.split(',').some(spaceAtAnEnd))) return null;
  if (lookup === 'in') {
    const wanted = query.split(',').map((s) => s.trim()).filter(Boolean);
    if (wanted.length === 0) return null;
    const answers = wanted.map((w) => filterAccepts(match, null, w, value));
    return answers.includes(null) ? null : answers.includes(true);
  }
  if (match === 'datetime') return acceptsDate(lookup, query, value);
  if (match === 'int') {
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
  if (value === null || value === undefined || typeof value === 'object') return false;
  const text = String(value);
  if (match === 'uuid') return text.replace(/-/g, '').toLowerCase() === query.trim().replace(/-/g, '').toLowerCase();
  if (match === 'iexact') return foldText(text) === foldText(query);
  if (match === 'icontains') return foldText(text).includes(foldText(query));
  return text === query;
}

/** Any whitespace JS or Python knows (`\s`, U+001C–U+001F, U+0085) as the first or last character. */
function spaceAtAnEnd(text: string): boolean {
  const space = (c: string) => /\s/.test(c) || (c >= '\u001c' && c <= '\u001f') || c === '\u0085';
  return text !== '' && (space(text[0]!) || space(text[text.length - 1]!));
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
function micros(text: string): number | null {
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
