import type { Candidates } from '../../store/candidates.ts';
import { datePredicate } from './date-filters.ts';
import {
  MESSAGES,
  type CandidateSource,
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
import { filterNamesOf, parseQuery, parseSearch, type KeptParse, type ParsedParam, type ParsedValue } from './filter-parse.ts';
import { foldCase } from '../../common/fold-case.ts';
import { clipEcho } from '../errors.ts';

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
  return bindFilters(defs, parseQuery(filterNamesOf(defs), query, reserved));
}

/**
 * `compileFilters` for a query string (`URL.search` without `?`): the string's parse is kept per
 * filter set (`filter-parse.ts`), so a list asked again only binds it to this request's store.
 * `reservedKey` names the `reserved` set. On a frozen set (a store's own) a kept parse's binding
 * is kept too and returned as it is, frozen (`keptBinding`): copy its lists to add to them.
 */
export function compileSearch<Row>(
  defs: readonly FilterDef<Row>[],
  search: string,
  reserved: ReadonlySet<string>,
  reservedKey: string,
): CompiledFilters<Row> {
  const frozen = Object.isFrozen(defs);
  const parsed = parseSearch(filterNamesOf(defs), search, reserved, reservedKey, frozen);
  // Parsed for this request alone (not kept: `Admission` in filter-parse.ts), or a set built per
  // request: bound for this request alone, its lists its own.
  if (isFresh(parsed)) return bindFilters(defs, parsed);
  if (!frozen) return bindFilters(defs, parsed.params);
  const ofSet = bindingsOf(defs as readonly FilterDef<never>[]);
  let bound = ofSet.get(parsed) as CompiledFilters<Row> | undefined;
  if (bound === undefined) ofSet.set(parsed, (bound = keptBinding(bindFilters(defs, parsed.params))));
  return bound;
}

/**
 * A binding as it is kept and handed to every request that asks its query: its lists frozen, so
 * a route that adds a filter of its own (a tag list's key) copies them — a push would throw
 * rather than add to every later request's filters. Handing the kept lists over spares a list
 * request two copies and an object (issue 26, seventeenth session).
 */
function keptBinding<Row>(bound: CompiledFilters<Row>): CompiledFilters<Row> {
  Object.freeze(bound.predicates);
  Object.freeze(bound.sources);
  Object.freeze(bound.ignored);
  Object.freeze(bound.errors);
  return Object.freeze(bound);
}

function isFresh(parsed: KeptParse | readonly ParsedParam[]): parsed is readonly ParsedParam[] {
  return Array.isArray(parsed);
}

/**
 * A kept parse bound to a frozen filter set (a store's own: `requestFiltersOf`), so a list asked
 * again makes no predicate or lookup closures (issue 26, twelfth session). Binding reads no row
 * and no index — the closures look rows and indexes up when called — so it is a function of the
 * set and the parse alone. The bound closures hold their store, so the binding is kept under the
 * set first, then the parse (both weak): it lives only while that store's set and the parse both
 * do. Kept under the parse alone, a parse shared by every store of one shape kept the last store
 * that asked it — a whole seeded store after a reseed (review, twelfth session).
 */
const boundOf = new WeakMap<readonly FilterDef<never>[], WeakMap<KeptParse, CompiledFilters<never>>>();

/**
 * The sets whose bindings are kept, most recently used first, at most `SETS_KEEPING_BINDINGS`
 * (the shared store's and the session in use; weakly: a dropped store's set goes by itself).
 * Each store has its own set, a session's overlay store too, so without this cap every live
 * session would keep a binding of every kept parse (~1.6 KB each: ~130 MB with 50 sessions and
 * the hot row's queries; review, twelfth session). A set pushed out binds per request again.
 */
const keepingSets: WeakRef<readonly FilterDef<never>[]>[] = [];
const SETS_KEEPING_BINDINGS = 2;

/** How many filter sets keep their bindings now (tests: the cap holds with many sessions). */
export function setsKeepingBindings(): number {
  return keepingSets.filter((ref) => ref.deref() !== undefined).length;
}

function bindingsOf(defs: readonly FilterDef<never>[]): WeakMap<KeptParse, CompiledFilters<never>> {
  for (let at = 0; at < keepingSets.length; at += 1) {
    if (keepingSets[at]!.deref() !== defs) continue;
    if (at > 0) keepingSets.unshift(keepingSets.splice(at, 1)[0]!);
    return boundOf.get(defs)!;
  }
  if (keepingSets.length >= SETS_KEEPING_BINDINGS) {
    const dropped = keepingSets.pop()!.deref();
    if (dropped !== undefined) boundOf.delete(dropped);
  }
  keepingSets.unshift(new WeakRef(defs));
  const made = new WeakMap<KeptParse, CompiledFilters<never>>();
  boundOf.set(defs, made);
  return made;
}

/**
 * An error under its parameter's name, clipped (`clipEcho`): two long names that clip alike share
 * the key, so the second message joins the first instead of replacing it (a name arrives once:
 * the query is read last value wins).
 */
function addError(errors: Record<string, string[]>, param: string, message: string): void {
  (errors[clipEcho(param)] ??= []).push(message);
}

/** The parsed parameters as predicates over `defs`' rows, with the index lookups that serve them. */
function bindFilters<Row>(defs: readonly FilterDef<Row>[], parsed: readonly ParsedParam[]): CompiledFilters<Row> {
  // Built here, read-only once returned (a kept one is frozen and shared).
  const out: CompiledFilters<Row> & { predicates: Predicate<Row>[]; sources: CandidateSource[] } = { predicates: [], sources: [], errors: {}, ignored: [] };
  for (const p of parsed) {
    if (p.kind === 'ignored') {
      out.ignored.push(p.param);
      continue;
    }
    if (p.kind === 'error') {
      addError(out.errors, p.param, p.message);
      continue;
    }
    let find: (() => Candidates | null) | null;
    if (p.kind === 'custom') {
      const def = defs[p.index] as CustomFilter<Row>;
      const built = def.build(p.raw);
      if (typeof built !== 'function') {
        addError(out.errors, p.param, built.error);
        continue;
      }
      out.predicates.push(built);
      find = customLookup(def, p.raw);
    } else {
      const def = defs[p.index] as FieldFilter<Row>;
      out.predicates.push(fieldPredicate(def, p.lookup, p.value));
      find = candidateLookup(def, p.lookup, p.value);
    }
    if (find) out.sources.push({ predicate: out.predicates.length - 1, find });
  }
  return out;
}

/** The index lookup behind a filter on a field that has one (exact, `__in`, ranges, substrings). */
function candidateLookup<Row>(def: FieldFilter<Row>, lookup: Lookup | null, parsed: ParsedValue): (() => Candidates | null) | null {
  if (def.kind === 'datetime' && def.range) {
    const range = parsed.kind === 'date' ? parsed.date.range : null;
    const ask = def.range;
    return range ? () => ask.call(def, range) : null;
  }
  if (def.kind === 'int' && def.numberRange && lookup !== null && lookup !== 'in') {
    const range = parsed.kind === 'scalar' ? parsed.numberRange : null;
    const ask = def.numberRange;
    return range ? () => ask.call(def, range) : null;
  }
  if (def.kind === 'icontains' && def.contains && lookup === null) {
    const needle = parsed.kind === 'scalar' ? parsed.value : null;
    const ask = def.contains;
    return typeof needle === 'string' ? () => ask.call(def, needle) : null;
  }
  const ask = def.candidates;
  // Indexes file values as compared: as stored, or folded for the case-insensitive kind.
  if (!ask || !EXACT_KINDS.has(def.kind)) return null;
  const values = lookup === null && parsed.kind === 'scalar' ? [parsed.value] : lookup === 'in' && parsed.kind === 'in' ? parsed.values : null;
  if (values === null) return null;
  return () => ask.call(def, values);
}

const EXACT_KINDS: ReadonlySet<FilterKind> = new Set(['int', 'text', 'itext', 'choice', 'bool']);

/** The index lookup behind a custom filter (tags, uuid) that has one. */
function customLookup<Row>(def: CustomFilter<Row>, raw: string): (() => Candidates | null) | null {
  const ask = def.candidates;
  return ask ? () => ask.call(def, raw) : null;
}

/** The row test of a field filter whose value parsed. */
function fieldPredicate<Row>(def: FieldFilter<Row>, lookup: Lookup | null, parsed: ParsedValue): Predicate<Row> {
  const get = def.value;
  if (parsed.kind === 'in') {
    const set = parsed.set;
    return (row) => set.has(normalise(def, get(row)));
  }
  if (parsed.kind === 'date') return datePredicate(get, parsed.date);
  const value = parsed.value;
  switch (lookup) {
    case 'gt': return (row) => compare(get(row), value) > 0;
    case 'gte': return (row) => compare(get(row), value) >= 0;
    case 'lt': return (row) => compare(get(row), value) < 0;
    case 'lte': return (row) => compare(get(row), value) <= 0;
    default:
      if (def.kind === 'icontains') {
        const needle = String(value);
        return (row) => {
          const v = get(row);
          return v != null && foldCase(String(v)).includes(needle);
        };
      }
      return (row) => normalise(def, get(row)) === value;
  }
}

function compare(a: Scalar, b: Scalar): number {
  if (a == null || b == null) return Number.NaN; // NULL compares false, as in SQL
  return a < b ? -1 : a > b ? 1 : 0;
}

function normalise<Row>(def: FieldFilter<Row>, v: Scalar): Scalar {
  if (v == null) return v;
  return def.kind === 'itext' || def.kind === 'icontains' ? foldCase(String(v)) : v;
}
