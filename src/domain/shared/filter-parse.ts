import { isPythonBlank } from '../../common/python-text.ts';
import { parseValue, type ParsedValue } from './filter-values.ts';
import { formPairsOf, formParamsOf, lastValuesOf } from './form-pairs.ts';
import { ADMIT_ONE_IN, countLookup, newAdmission, type Admission } from './parse-admission.ts';

export { formPairsOf, lastValuesOf } from './form-pairs.ts';
import { MESSAGES, type FieldFilter, type FilterDef, type FilterKind, type Lookup, type Query } from './filter-defs.ts';

/**
 * The half of compiling a list's filters that reads no store (issue 26): which filter each query
 * name means and what its value parses to. It depends only on the filter set's names, kinds,
 * lookups and choices — not on the store its definitions read — so it is kept per filter set and
 * per query string, and a list asked again skips it. What is kept holds no row and no answer: the
 * predicates and index lookups are bound to the request's own definitions each time
 * (`filter-engine.ts`).
 */

/** What parsing needs of a definition: never its `value` or index lookups (those read a store). */
interface FilterShape extends Pick<FieldFilter<unknown>, 'name' | 'choices' | 'lookups' | 'exact'> {
  kind: FilterKind | 'custom';
  /** A custom filter's `readsBlank`. */
  readsBlank?: boolean;
}

/** One query parameter, resolved and parsed. */
export type ParsedParam =
  | { kind: 'ignored'; param: string }
  | { kind: 'error'; param: string; message: string }
  | { kind: 'custom'; param: string; index: number; raw: string }
  | { kind: 'field'; param: string; index: number; lookup: Lookup | null; raw: string; value: ParsedValue };

export type { ParsedValue } from './filter-values.ts';

/** A filter set's names, and the queries parsed against it lately. */
export interface FilterNames {
  readonly shapes: readonly FilterShape[];
  readonly byName: ReadonlyMap<string, { index: number; lookup: Lookup | null }>;
  /**
   * Query string → its parameters, under the reserved names' key (`parseSearch`): those parsed
   * or used since the last turnover, and those before it. Two generations instead of a
   * least-recently-used order: a `Map` that drops its oldest key on every miss walks ever more
   * deleted entries to find it.
   */
  parsed: { recent: Generation; older: Generation };
  /** How the kept parses have served lately: whether a query missed in both is kept (`Admission.all`). */
  readonly admission: Admission;
}

/**
 * One generation of kept parses: by the reserved names' key, then by the query string itself.
 * Two levels rather than one key `${reservedKey}?${search}`: that key was a fresh string a request
 * (concatenated, then flattened to be hashed), where the query string is hashed as it comes and
 * a route's reserved key, made once (`list-query.ts`), keeps its hash (issue 26, seventeenth
 * session). Keying by the query text keeps nothing more alive than the parse already does: its
 * values are slices of that text.
 */
interface Generation {
  readonly byReserved: Map<string, Map<string, KeptParse>>;
  /** Entries, over every reserved key. */
  size: number;
  /** `keptBytes` of the entries. */
  bytes: number;
}

/** A kept parse and its estimate, which an entry carries so a hit in the older generation moved to the recent one is not estimated again. */
export interface KeptParse {
  readonly params: readonly ParsedParam[];
  readonly bytes: number;
}

const emptyGeneration = (): Generation => ({ byReserved: new Map(), size: 0, bytes: 0 });

/** The kept queries of `names`, as `reservedKey?search`, recent generation first (tests). */
export function keptQueries(names: FilterNames): string[] {
  const out: string[] = [];
  for (const generation of [names.parsed.recent, names.parsed.older]) {
    for (const [reservedKey, bySearch] of generation.byReserved) for (const search of bySearch.keys()) out.push(`${reservedKey}?${search}`);
  }
  return out;
}

/**
 * Queries kept per filter set and generation. A parse is a pure function of the query text and
 * the set's names (it holds no row, no count, no answer: each request binds it to its own store),
 * so keeping more never changes an answer; it spares a list ~4–7 µs of parsing (issue 26, twelfth
 * session: the hot rows cycle ~1,000 distinct queries, which 64 a generation missed every time).
 * Bounded twice — by entries and by an estimate of what an entry holds (`keptBytes`: its key, its
 * parameters and the binding `compileSearch` keeps with them) — so one filter set's two
 * generations hold ~6 MB by that estimate whatever clients send (an estimate, not an exact
 * bound: the hot row's shape with two stores' bindings holds ~9 MB, capped by the count first); a
 * generation turns over at whichever bound comes first. Counting the keys' characters alone let a
 * set hold ~18 MB, and a first estimate let a long `+`-spelled value hold 5 × it (reviews).
 */
const PARSED_PER_GENERATION = 1024;
/**
 * The same for a set whose binding is not kept with its parse (one built per request: the plan
 * lists and feeds, the engine's): the 64 of before. There a parse is ~1 % of a page of plans and a
 * bigger table only held memory (issue 26's RSS at 100,000, twelfth session).
 */
const UNBOUND_PER_GENERATION = 64;
const BYTES_PER_GENERATION = 3 * 1024 * 1024;
/**
 * What keeping one parse costs, roughly, in heap bytes: the key's characters six times (the key,
 * a value's decoded and case-folded copies, the search text a value may keep alive, two bytes a
 * character once a value is not Latin-1), ~40 an `__in` item (its text in a list and in a set,
 * its number; any comma, or `%2C`, is counted as one), ~800 a parameter (its object, value and
 * the predicate and lookup closures bound to it for one store), ~96 an ignored name, ~256 for
 * the entry and arrays. An estimate fitted to heap figures of the reviews (twelfth session: ~3 KB
 * for the hot row, ~18 KB for 30 parameters, ~31 KB for a 2 KB `pk__in` of short items, ~100
 * bytes an ignored name, ~14 KB for a 2,000-character `+`-spelled e-mail with two stores'
 * bindings — which the first estimate, counting a key's characters twice, put at 2.6 KB); a
 * second store's bindings (`filter-engine.ts`: two at most) add ~1.5 KB a hot-row entry.
 */
function keptBytes(reservedKey: string, search: string, parsed: readonly ParsedParam[]): number {
  const commas = countOf(search, ',') + countOf(search, '%2C') + countOf(search, '%2c');
  let params = 0;
  for (const p of parsed) params += p.kind === 'ignored' ? 96 : 800;
  // The key's length as `${reservedKey}?${search}` had it: the same estimate as before.
  return 256 + 6 * (reservedKey.length + 1 + search.length) + 40 * commas + params;
}

function countOf(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) n += 1;
  return n;
}

/** Longer query strings are parsed every time rather than kept. */
const LONGEST_KEPT = 2048;

/** Filter sets seen lately, by size and first name (a list route's set is rebuilt per request). */
const known = new Map<string, FilterNames[]>();

/**
 * The table of each frozen filter set (the very array): a route that keeps its set (the request
 * lists' set is made once per store and frozen, `requestFiltersOf`) finds its table without
 * comparing ~25 definitions' names, kinds, choices and lookups again (~0.9 µs a request list,
 * issue 26). A set built per request is not frozen and is not remembered by identity.
 */
const namesOfSet = new WeakMap<readonly FilterDef<unknown>[], FilterNames>();

/** The names of `defs`' filter set: the kept table when a set of the same shape was seen. */
export function filterNamesOf<Row>(defs: readonly FilterDef<Row>[]): FilterNames {
  if (!Object.isFrozen(defs)) return sharedNamesOf(defs);
  const set = defs as readonly FilterDef<unknown>[];
  let names = namesOfSet.get(set);
  if (names === undefined) {
    names = sharedNamesOf(defs);
    namesOfSet.set(set, names);
  }
  return names;
}

/** The table of a set of the same shape seen lately (a set rebuilt per request shares it). */
function sharedNamesOf<Row>(defs: readonly FilterDef<Row>[]): FilterNames {
  const key = `${defs.length} ${defs[0]?.name ?? ''}`;
  const bucket = known.get(key) ?? [];
  const found = bucket.find((names) => sameShape(names.shapes, defs));
  if (found) return found;
  const names = namesOf(defs);
  if (known.size >= 64) known.clear();
  known.set(key, [names, ...bucket.slice(0, 3)]);
  return names;
}

function namesOf<Row>(defs: readonly FilterDef<Row>[]): FilterNames {
  const shapes = defs.map((d): FilterShape => (d.kind === 'custom' ? { name: d.name, kind: d.kind, readsBlank: d.readsBlank === true } : { name: d.name, kind: d.kind, choices: d.choices, lookups: d.lookups, exact: d.exact }));
  const byName = new Map<string, { index: number; lookup: Lookup | null }>();
  shapes.forEach((def, index) => {
    if (def.kind === 'custom' || def.exact !== false) byName.set(def.name, { index, lookup: null });
    if (def.kind !== 'custom') for (const l of def.lookups ?? []) byName.set(`${def.name}__${l}`, { index, lookup: l });
  });
  return { shapes, byName, parsed: { recent: emptyGeneration(), older: emptyGeneration() }, admission: newAdmission() };
}

function sameShape<Row>(shapes: readonly FilterShape[], defs: readonly FilterDef<Row>[]): boolean {
  if (shapes.length !== defs.length) return false;
  for (let i = 0; i < defs.length; i += 1) {
    const a = shapes[i]!;
    const b = defs[i]!;
    if (a.name !== b.name || a.kind !== b.kind) return false;
    if (b.kind === 'custom') {
      if (a.readsBlank !== (b.readsBlank === true)) return false;
      continue;
    }
    if (a.exact !== b.exact || !sameList(a.choices, b.choices) || !sameList(a.lookups, b.lookups)) return false;
  }
  return true;
}

function sameList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The parameters of a query string (as `URL.search` has it, without `?`), parsed against `names`,
 * and kept where keeping pays (`Admission`); `reservedKey` names the `reserved` set (it is part of
 * what is kept). A kept parse comes back as its entry, one parsed for this request alone as the
 * bare parameters: a caller keeps nothing of its own (a binding) for those.
 */
export function parseSearch(
  names: FilterNames,
  search: string,
  reserved: ReadonlySet<string>,
  reservedKey: string,
  /** Whether the caller keeps a binding with the parse (a frozen set): it keeps more of them. */
  bound: boolean,
): KeptParse | readonly ParsedParam[] {
  if (search.length > LONGEST_KEPT) return parseQuery(names, lastValuesOf(formParamsOf(search)), reserved);
  const kept = names.parsed;
  const admission = names.admission;
  const recentOfKey = kept.recent.byReserved.get(reservedKey);
  const recent = recentOfKey?.get(search);
  if (recent !== undefined) {
    countLookup(admission, true);
    return recent;
  }
  // A miss in the recent generation: a client cycling through more distinct queries than one
  // generation holds finds most of them in the older one, whose entry moves up as it is, its
  // estimate with it. A miss in both reads the pairs without a `URLSearchParams` where it can.
  let entry = kept.older.byReserved.get(reservedKey)?.get(search);
  countLookup(admission, entry !== undefined);
  if (entry === undefined) {
    const params = parseQuery(names, formPairsOf(search) ?? lastValuesOf(formParamsOf(search)), reserved);
    if (!admission.all && ++admission.skipped < ADMIT_ONE_IN) return params;
    admission.skipped = 0;
    entry = { params, bytes: keptBytes(reservedKey, search, params) };
  }
  let into = kept.recent;
  let bySearch = recentOfKey;
  if (into.size >= (bound ? PARSED_PER_GENERATION : UNBOUND_PER_GENERATION) || into.bytes + entry.bytes > BYTES_PER_GENERATION) {
    names.parsed = { recent: (into = emptyGeneration()), older: kept.recent };
    bySearch = undefined;
  }
  if (bySearch === undefined) into.byReserved.set(reservedKey, (bySearch = new Map()));
  bySearch.set(search, entry);
  into.size += 1;
  into.bytes += entry.bytes;
  return entry;
}

/**
 * Resolves and parses each parameter. `reserved` names (page, limit, export_format, …) belong to
 * the route and are neither filters nor ignored; empty values are skipped (django-filter does
 * the same).
 */
export function parseQuery(names: FilterNames, query: Query, reserved: ReadonlySet<string>): ParsedParam[] {
  const out: ParsedParam[] = [];
  for (const [param, raw] of query) {
    if (reserved.has(param)) continue;
    const hit = names.byName.get(param);
    if (!hit) {
      // The longest known field that prefixes the name: `order_item__order__number__x` is an
      // unknown lookup on `order_item__order__number`, not on `order_item`.
      let field: FilterShape | undefined;
      for (const d of names.shapes) if (param.startsWith(`${d.name}__`) && (!field || d.name.length > field.name.length)) field = d;
      // A lookup we do not serve on a field we know must never fall back to "unfiltered".
      if (field) out.push({ kind: 'error', param, message: MESSAGES.unknownLookup(param.slice(field.name.length + 2), field.name) });
      else out.push({ kind: 'ignored', param });
      continue;
    }
    if (raw === '') continue;
    const def = names.shapes[hit.index]!;
    // A value of spaces only is no filter where Django's form field strips it to '' (text,
    // dates, choices as the mock reads them); `int(' ')` is an error ("Enter a whole number."),
    // and so is `Decimal(' ')` to a filter that reads blanks itself.
    if (def.kind !== 'int' && def.readsBlank !== true && isPythonBlank(raw)) continue;
    if (def.kind === 'custom') {
      out.push({ kind: 'custom', param, index: hit.index, raw });
      continue;
    }
    const value = parseValue(def as FilterShape & { kind: FilterKind }, hit.lookup, raw);
    if ('error' in value) out.push({ kind: 'error', param, message: value.error });
    else out.push({ kind: 'field', param, index: hit.index, lookup: hit.lookup, raw, value });
  }
  return out;
}
