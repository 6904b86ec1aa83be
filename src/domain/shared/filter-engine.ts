import type { ValueRange } from '../../store/range-index.ts';
import type { Candidates } from '../../store/value-index.ts';
import { buildDatePredicate, dateRange } from './date-filters.ts';
import {
  MESSAGES,
  type CompiledFilters,
  type CustomFilter,
  type FieldFilter,
  type FilterDef,
  type FilterKind,
  type Lookup,
  type Predicate,
  type Query,
  type Scalar,
} from './filter-defs.ts';
import { foldCase } from '../../common/fold-case.ts';

export * from './filter-defs.ts';
export { isCanonicalIso } from './date-filters.ts';

/**
 * Filters that behave like django-filter (DOMAIN.md §1): `field`, `field__in`,
 * `field__gt|gte|lt|lte`, and on dates `field__date[__gt|gte|lt|lte]`. Empty values are skipped
 * (django-filter does the same); a malformed value is a field error with django-filter's words;
 * filters AND together. Framework-free: routes hand in a plain query map.
 */

/** Every query name a filter set answers to, lookups included. */
export function filterParameterNames<Row>(defs: readonly FilterDef<Row>[]): string[] {
  return defs.flatMap((d) =>
    d.kind === 'custom'
      ? [d.name]
      : [...(d.exact === false ? [] : [d.name]), ...(d.lookups ?? []).map((l) => `${d.name}__${l}`)],
  );
}

/**
 * Turns a query into predicates. `reserved` names (page, limit, export_format, …) belong to
 * the route and are neither filters nor ignored.
 */
export function compileFilters<Row>(
  defs: readonly FilterDef<Row>[],
  query: Query,
  reserved: ReadonlySet<string> = new Set(),
): CompiledFilters<Row> {
  const byName = new Map<string, { def: FilterDef<Row>; lookup: Lookup | null }>();
  for (const def of defs) {
    if (def.kind === 'custom' || def.exact !== false) byName.set(def.name, { def, lookup: null });
    if (def.kind !== 'custom') for (const l of def.lookups ?? []) byName.set(`${def.name}__${l}`, { def, lookup: l });
  }
  const out: CompiledFilters<Row> = { predicates: [], sources: [], errors: {}, ignored: [] };
  for (const [param, raw] of query) {
    if (reserved.has(param)) continue;
    const hit = byName.get(param);
    if (!hit) {
      // The longest known field that prefixes the name: `order_item__order__number__x` is an
      // unknown lookup on `order_item__order__number`, not on `order_item`.
      const field = defs
        .filter((d) => param.startsWith(`${d.name}__`))
        .sort((a, b) => b.name.length - a.name.length)[0];
      // A lookup we do not serve on a field we know must never fall back to "unfiltered".
      if (field) out.errors[param] = [MESSAGES.unknownLookup(param.slice(field.name.length + 2), field.name)];
      else out.ignored.push(param);
      continue;
    }
    if (raw.trim() === '') continue;
    const built =
      hit.def.kind === 'custom' ? hit.def.build(raw) : buildFieldPredicate(hit.def, hit.lookup, raw);
    if (typeof built !== 'function') {
      out.errors[param] = [built.error];
      continue;
    }
    out.predicates.push(built);
    const find = hit.def.kind === 'custom' ? customLookup(hit.def, raw) : candidateLookup(hit.def, hit.lookup, raw);
    if (find) out.sources.push({ predicate: out.predicates.length - 1, find });
  }
  return out;
}

/** The index lookup behind an exact or `__in` filter on a field that has one. */
function candidateLookup<Row>(def: FieldFilter<Row>, lookup: Lookup | null, raw: string): (() => Candidates | null) | null {
  if (def.kind === 'datetime' && def.range) {
    const range = dateRange(lookup, raw);
    const ask = def.range;
    return range ? () => ask.call(def, range) : null;
  }
  if (def.kind === 'int' && def.numberRange && lookup !== null && lookup !== 'in') {
    const bound = parseScalar(def, raw);
    const range = typeof bound === 'number' ? numberRange(lookup, bound) : null;
    const ask = def.numberRange;
    return range ? () => ask.call(def, range) : null;
  }
  if (def.kind === 'icontains' && def.contains && lookup === null) {
    const needle = parseScalar(def, raw);
    const ask = def.contains;
    return typeof needle === 'string' ? () => ask.call(def, needle) : null;
  }
  const ask = def.candidates;
  // Indexes file values as compared: as stored, or folded for the case-insensitive kind.
  if (!ask || !EXACT_KINDS.has(def.kind)) return null;
  const values = lookup === null ? [parseScalar(def, raw)] : lookup === 'in' ? inValues(def, raw) : null;
  if (values === null || !Array.isArray(values)) return null;
  return () => ask.call(def, values as Scalar[]);
}

const EXACT_KINDS: ReadonlySet<FilterKind> = new Set(['int', 'text', 'itext', 'choice', 'bool']);

/** The index lookup behind a custom filter (tags, uuid) that has one. */
function customLookup<Row>(def: CustomFilter<Row>, raw: string): (() => Candidates | null) | null {
  const ask = def.candidates;
  return ask ? () => ask.call(def, raw) : null;
}

/** The bounds an integer comparison selects. */
function numberRange(lookup: Lookup, bound: number): ValueRange<number> | null {
  switch (lookup) {
    case 'gt': return { lower: { value: bound, inclusive: false } };
    case 'gte': return { lower: { value: bound, inclusive: true } };
    case 'lt': return { upper: { value: bound, inclusive: false } };
    case 'lte': return { upper: { value: bound, inclusive: true } };
    default: return null;
  }
}

/** The values of an `__in` filter, parsed; the first malformed one's error otherwise. */
function inValues<Row>(def: FieldFilter<Row>, raw: string): Scalar[] | { error: string } {
  const parsed = raw.split(',').map((p) => p.trim()).filter((p) => p !== '').map((p) => parseScalar(def, p));
  const bad = parsed.find((p): p is { error: string } => typeof p === 'object' && p !== null);
  return bad ?? (parsed as Scalar[]);
}

function buildFieldPredicate<Row>(
  def: FieldFilter<Row>,
  lookup: Lookup | null,
  raw: string,
): Predicate<Row> | { error: string } {
  const get = def.value;
  if (lookup === 'in') {
    const values = inValues(def, raw);
    if (!Array.isArray(values)) return values;
    const set = new Set(values);
    return (row) => set.has(normalise(def, get(row)));
  }
  if (def.kind === 'datetime') return buildDatePredicate(get, lookup, raw);
  const value = parseScalar(def, raw);
  if (typeof value === 'object' && value !== null) return value;
  switch (lookup) {
    case null:
      if (def.kind === 'icontains') {
        const needle = String(value);
        return (row) => {
          const v = get(row);
          return v != null && foldCase(String(v)).includes(needle);
        };
      }
      return (row) => normalise(def, get(row)) === value;
    case 'gt': return (row) => compare(get(row), value) > 0;
    case 'gte': return (row) => compare(get(row), value) >= 0;
    case 'lt': return (row) => compare(get(row), value) < 0;
    case 'lte': return (row) => compare(get(row), value) <= 0;
    default: return { error: MESSAGES.unknownLookup(lookup, def.name) };
  }
}

function compare(a: Scalar, b: Scalar): number {
  if (a == null || b == null) return Number.NaN; // NULL compares false, as in SQL
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Parses one filter value into what `normalise(row value)` is compared with. */
function parseScalar<Row>(def: FieldFilter<Row>, raw: string): Scalar | { error: string } {
  const text = raw.trim();
  switch (def.kind) {
    case 'int':
      return /^[-+]?\d+$/.test(text) ? Number(text) : { error: MESSAGES.int };
    case 'choice':
      return def.choices?.includes(text) ? text : { error: MESSAGES.choice(text) };
    case 'bool': {
      const v = BOOLEANS[text];
      return v === undefined ? { error: MESSAGES.choice(text) } : v;
    }
    case 'itext':
    case 'icontains':
      return foldCase(text);
    default:
      return raw;
  }
}

const BOOLEANS: Record<string, boolean | undefined> = {
  true: true, True: true, '1': true, false: false, False: false, '0': false,
};

function normalise<Row>(def: FieldFilter<Row>, v: Scalar): Scalar {
  if (v == null) return v;
  return def.kind === 'itext' || def.kind === 'icontains' ? foldCase(String(v)) : v;
}
