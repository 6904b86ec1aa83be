import type { TextRange } from '../../store/range-index.ts';
import { formatIso, isoDay, isoToMicros, parseFilterDate } from '../../common/dates.ts';
import { MESSAGES, type Lookup, type Predicate, type Scalar } from './filter-defs.ts';

/**
 * Date and date-time lookups of the filter engine (`field`, `field__gt…`, `field__date…`), as
 * predicates over rows and as the text ranges a sorted index answers them from.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The text range a date filter selects among canonical stored values — what `buildDatePredicate`
 * tests row by row, stated as bounds (a day D holds the values from `D` + "T" up to `D` + "U").
 * Null where the predicate does something no range states (a bound outside years 0000–9999).
 */
export function dateRange(lookup: Lookup | null, raw: string): TextRange | null {
  const text = raw.trim();
  if (parseFilterDate(raw) === null) return null;
  if (lookup === null && DAY.test(text)) return dateRange('date', raw);
  if (lookup?.startsWith('date')) {
    const day = text.slice(0, 10);
    if (!DAY.test(day)) return null;
    const start = `${day}T`;
    const end = `${day}U`;
    switch (lookup) {
      case 'date':
        return {
          lower: { value: start, inclusive: true },
          upper: { value: end, inclusive: false },
        };
      case 'date__gt':
        return { lower: { value: end, inclusive: true } };
      case 'date__gte':
        return { lower: { value: start, inclusive: true } };
      case 'date__lt':
        return { upper: { value: start, inclusive: false } };
      case 'date__lte':
        return { upper: { value: end, inclusive: false } };
      default:
        return null;
    }
  }
  const bound = canonicalIso(parseFilterDate(raw)!);
  if (bound === null) return null;
  switch (lookup) {
    case null:
      return { lower: { value: bound, inclusive: true }, upper: { value: bound, inclusive: true } };
    case 'gt':
      return { lower: { value: bound, inclusive: false } };
    case 'gte':
      return { lower: { value: bound, inclusive: true } };
    case 'lt':
      return { upper: { value: bound, inclusive: false } };
    case 'lte':
      return { upper: { value: bound, inclusive: true } };
    default:
      return null;
  }
}

export function buildDatePredicate<Row>(
  get: (row: Row) => Scalar,
  lookup: Lookup | null,
  raw: string,
): Predicate<Row> | { error: string } {
  const micros = parseFilterDate(raw);
  if (lookup?.startsWith('date')) {
    if (micros === null) return { error: MESSAGES.date };
    const day = raw.trim().slice(0, 10);
    const op = lookup === 'date' ? null : (lookup.slice(6) as 'gt' | 'gte' | 'lt' | 'lte');
    return (row) => {
      const v = get(row);
      if (typeof v !== 'string') return false;
      const d = isoDay(v);
      return op === null ? d === day : cmpOp(op, d < day ? -1 : d > day ? 1 : 0);
    };
  }
  if (micros === null) return { error: MESSAGES.datetime };
  if (lookup === null && /^\d{4}-\d{2}-\d{2}$/.test(raw.trim())) {
    // Inferred: an exact filter given a bare date matches that whole UTC day (Django would
    // match midnight only, which no user means).
    return buildDatePredicate(get, 'date', raw);
  }
  const op = lookup as 'gt' | 'gte' | 'lt' | 'lte' | null;
  const bound = canonicalIso(micros);
  return (row) => {
    const v = get(row);
    if (typeof v !== 'string') return false;
    // Stored date-times are canonical (`formatIso`): as text they sort as they fall in time, so
    // the common case compares strings instead of parsing each row's date (10× faster per row).
    if (bound !== null && isCanonicalIso(v))
      return op === null ? v === bound : cmpOp(op, v < bound ? -1 : v > bound ? 1 : 0);
    const m = isoToMicros(v);
    return op === null ? m === micros : cmpOp(op, m < micros ? -1 : m > micros ? 1 : 0);
  };
}

/** `2023-02-08T14:40:25.692898Z`, the one shape `formatIso` writes (years 0000–9999). */
export function isCanonicalIso(v: string): boolean {
  return (
    v.length === 27 &&
    v.charCodeAt(10) === 84 /* T */ &&
    v.charCodeAt(19) === 46 /* . */ &&
    v.charCodeAt(26) === 90
  ); /* Z */
}

/** Epoch microseconds in the canonical shape, or null when they fall outside years 0000–9999. */
function canonicalIso(micros: number): string | null {
  const ms = Math.floor(micros / 1000);
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return null;
  const text = formatIso(date, micros - ms * 1000);
  return isCanonicalIso(text) ? text : null;
}

export function cmpOp(op: 'gt' | 'gte' | 'lt' | 'lte', c: number): boolean {
  return op === 'gt' ? c > 0 : op === 'gte' ? c >= 0 : op === 'lt' ? c < 0 : c <= 0;
}
