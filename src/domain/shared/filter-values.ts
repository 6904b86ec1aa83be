import type { ValueRange } from '../../store/range-index.ts';
import { foldCase } from '../../common/fold-case.ts';
import { drfIntegerText } from '../../common/python-int.ts';
import { pythonStrip } from '../../common/python-text.ts';
import { parseDateFilter, type ParsedDate } from './date-filters.ts';
import { MESSAGES, type FilterKind, type Lookup, type Scalar } from './filter-defs.ts';

/**
 * The value half of parsing a list's query (`filter-parse.ts` resolves the names): a filter's
 * text read as django-filter's form field reads it, and nothing else.
 */

/** A field filter's value: `__in`'s values, a date test, or one scalar (with an integer range). */
export type ParsedValue =
  | { kind: 'in'; values: Scalar[]; set: ReadonlySet<Scalar> }
  | { kind: 'date'; date: ParsedDate }
  | { kind: 'scalar'; value: Scalar; numberRange: ValueRange<number> | null };

/** What reading a value needs of a field filter's definition. */
type FieldShape = { name: string; kind: FilterKind; choices?: readonly string[] };

/** One field filter's value under `lookup`, parsed; or the message django-filter answers. */
export function parseValue(def: FieldShape, lookup: Lookup | null, raw: string): ParsedValue | { error: string } {
  if (lookup === 'in') {
    const values = inValues(def, raw);
    return Array.isArray(values) ? { kind: 'in', values, set: new Set(values) } : values;
  }
  if (def.kind === 'datetime') {
    const date = parseDateFilter(lookup, raw);
    return 'error' in date ? date : { kind: 'date', date };
  }
  const value = parseScalar(def, raw);
  if (typeof value === 'object' && value !== null) return value;
  if (lookup !== null && !COMPARISON_LOOKUPS.has(lookup)) return { error: MESSAGES.unknownLookup(lookup, def.name) };
  const numberRange = def.kind === 'int' && lookup !== null && typeof value === 'number' ? rangeOf(lookup, value) : null;
  return { kind: 'scalar', value, numberRange };
}

const COMPARISON_LOOKUPS: ReadonlySet<Lookup> = new Set(['gt', 'gte', 'lt', 'lte']);

/** The bounds an integer comparison selects. */
function rangeOf(lookup: Lookup, bound: number): ValueRange<number> | null {
  switch (lookup) {
    case 'gt': return { lower: { value: bound, inclusive: false } };
    case 'gte': return { lower: { value: bound, inclusive: true } };
    case 'lt': return { upper: { value: bound, inclusive: false } };
    case 'lte': return { upper: { value: bound, inclusive: true } };
    default: return null;
  }
}

/**
 * The values of an `__in` filter, parsed; the first malformed one's error otherwise. django-filter
 * splits on every comma and cleans each item with the field: an empty item is no value, an
 * integer item is read by `int()` (`1, 2` is 1 and 2; `1, ,2` is an error), other items are
 * stripped first and dropped when nothing is left.
 */
function inValues(def: Pick<FieldShape, 'kind' | 'choices'>, raw: string): Scalar[] | { error: string } {
  const items = raw.split(',');
  const kept = def.kind === 'int' ? items.filter((p) => p !== '') : items.map(pythonStrip).filter((p) => p !== '');
  const parsed = kept.map((p) => parseScalar(def, p));
  const bad = parsed.find((p): p is { error: string } => typeof p === 'object' && p !== null);
  return bad ?? (parsed as Scalar[]);
}

/** Plain digits: the common integer value, read without the Python rules below. */
const PLAIN_DIGITS = /^\d{1,15}$/;

/**
 * Parses one filter value into what a row's (normalised) value is compared with. An integer is
 * read as Django's `forms.IntegerField` reads it, `int(re_decimal.sub('', value))`: `5.0`, `5.`,
 * ` 5 ` and `1_0` are whole numbers, `5.5` and `1e1` are not. Other values are stripped as
 * Python's `str.strip()` strips.
 */
export function parseScalar(def: { kind: FilterKind; choices?: readonly string[] }, raw: string): Scalar | { error: string } {
  if (def.kind === 'int') {
    if (PLAIN_DIGITS.test(raw)) return Number(raw);
    return drfIntegerText(raw) ?? { error: MESSAGES.int };
  }
  const text = pythonStrip(raw);
  switch (def.kind) {
    case 'choice':
      return def.choices?.includes(text) ? text : { error: MESSAGES.choice(text) };
    case 'bool': {
      const v = BOOLEANS.get(text);
      return v === undefined ? { error: MESSAGES.choice(text) } : v;
    }
    case 'itext':
    case 'icontains':
      return foldCase(text);
    default:
      // django-filter's `CharFilter` cleans with `forms.CharField(strip=True)`.
      return text;
  }
}

/** django-filter's BooleanFilter words; a Map, so `constructor` and the like are not among them. */
const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true], ['True', true], ['1', true], ['false', false], ['False', false], ['0', false],
]);
