import type { OpenAPIV3 } from 'openapi-types';
import {
  COMPARISONS,
  MESSAGES,
  type FieldFilter,
  type FilterDef,
  type FilterKind,
  type Lookup,
  type Scalar,
} from '../domain/shared/filter-engine.ts';
import { ENGINE_KEY_SEPARATOR } from '../store/engine-row-index.ts';
import type { EngineRow } from '../store/store.ts';
import type { EngineAction } from './resource-plan.ts';
import { effective } from './validate-body.ts';
import { pythonStrip } from '../common/python-text.ts';
import { compareDecimals, compareDecimalText, parseDecimal, type DecimalValue } from '../common/drf-decimal.ts';
import { cmpOp, type Comparison } from '../domain/shared/date-filters.ts';

type Schema = OpenAPIV3.SchemaObject;

/** One field of an `ordering`, and its direction. */
export interface OrderKey {
  field: string;
  sign: 1 | -1;
}

/** The name a kept ordering is filed under: the collection and the ordering as DRF reads it. */
export function keptOrderName(collection: string, order: readonly OrderKey[]): string {
  return `${collection}${ENGINE_KEY_SEPARATOR}${order.map((k) => `${k.sign < 0 ? '-' : ''}${k.field}`).join(',')}`;
}

/** Query parameters a list route serves itself, not filters. */
export const LIST_PARAMETERS = ['page', 'limit', 'ordering'];

/**
 * The django-filter set a generic list declares: every query parameter of the operation that
 * names a field of the object, with the lookup its name carries (`name__icontains`,
 * `created_date__gte`, `status__in`, `parent__isnull`). Parameters that name no field are not
 * filters: they are ignored (and named in `X-Mock-Ignored-Params`) as any unknown one.
 */
export function engineFilters(action: EngineAction): FilterDef<EngineRow>[] {
  const props = action.schema?.properties ?? {};
  const byField = new Map<string, { exact: boolean; lookups: Set<Lookup>; extra: FilterDef<EngineRow>[] }>();
  for (const p of action.op.parameters) {
    if (p.in !== 'query' || LIST_PARAMETERS.includes(p.name)) continue;
    const [field, ...rest] = p.name.split('__');
    const lookup = rest.join('__');
    if (!field || !(field in props)) continue;
    const entry = byField.get(field) ?? { exact: false, lookups: new Set<Lookup>(), extra: [] };
    byField.set(field, entry);
    const schema = effective(props[field] as Schema);
    if (isNumeric(schema) && NUMERIC_LOOKUPS.has(lookup)) {
      entry.extra.push(numberFilter(p.name, field, lookup));
      continue;
    }
    if (isDate(schema) && NUMERIC_LOOKUPS.has(lookup)) {
      entry.extra.push(dateFilter(p.name, field, lookup));
      continue;
    }
    if (lookup === '') entry.exact = true;
    else if (lookup === 'icontains') entry.extra.push(field_(p.name, field, 'icontains', schema));
    else if (lookup === 'isnull') entry.extra.push(isNull(p.name, field));
    else if (lookup === 'in' || (COMPARISONS as readonly string[]).includes(lookup)) entry.lookups.add(lookup as Lookup);
  }
  const defs: FilterDef<EngineRow>[] = [];
  for (const [field, entry] of byField) {
    const schema = effective(props[field] as Schema);
    if (entry.exact || entry.lookups.size > 0) {
      defs.push({ ...field_(field, field, kindOf(schema), schema), lookups: [...entry.lookups], exact: entry.exact });
    }
    defs.push(...entry.extra);
  }
  return defs;
}

function field_(name: string, field: string, kind: FilterKind, schema: Schema): FieldFilter<EngineRow> {
  return {
    name,
    kind,
    ...(schema.enum && { choices: schema.enum.map(String) }),
    value: (row) => scalar(row.o[field]),
  };
}

function isNull(name: string, field: string): FilterDef<EngineRow> {
  return {
    name,
    kind: 'custom',
    build(text) {
      const v = BOOLEANS.get(pythonStrip(text));
      if (v === undefined) return { error: MESSAGES.choice(text) };
      return (row) => (row.o[field] == null) === v;
    },
  };
}

/** django-filter's BooleanFilter words; a Map, so `constructor` and the like are not among them. */
const BOOLEANS: ReadonlyMap<string, boolean> = new Map([['true', true], ['True', true], ['1', true], ['false', false], ['False', false], ['0', false]]);

function kindOf(s: Schema): FilterKind {
  if (s.enum) return 'choice';
  if (s.type === 'integer') return 'int';
  if (s.type === 'boolean') return 'bool';
  if (s.format === 'date-time') return 'datetime';
  return 'text';
}

function scalar(v: unknown): Scalar {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v) ? (v as Scalar) : String(v);
}

/**
 * The fields an `ordering` sorts by, in order, with their direction; terms not among `fields` are
 * dropped, as DRF's `remove_invalid_fields` drops them. A term `orderingFieldsOf` aliased (`pk`)
 * sorts by the field it stands for.
 */
export function orderKeysOf(ordering: string | undefined, fields: readonly string[]): OrderKey[] {
  const aliases = aliasesOf.get(fields);
  return (ordering ?? '').split(',').map(pythonStrip).filter((k) => fields.includes(k.replace(/^-/, '')))
    .map((k) => (k.startsWith('-') ? { field: k.slice(1), sign: -1 as const } : { field: k, sign: 1 as const }))
    .map((k) => (aliases?.has(k.field) ? { field: aliases.get(k.field)!, sign: k.sign } : k));
}

/** The terms of an `orderingFieldsOf` list that stand for another field (`pk` → `id`). */
const aliasesOf = new WeakMap<readonly string[], ReadonlyMap<string, string>>();

/**
 * The terms a list's `ordering` honours: DRF's `ordering_fields`. Where the spec's `ordering`
 * parameter lists its values (`enum`, or drf-spectacular's array of `enum` items: `name`, `-name`,
 * …), exactly those: a term of the object's not listed is dropped, as DRF drops a term not in
 * `ordering_fields`. A listed `pk` the object does not carry (its identity is `id`) orders by the
 * identity, as Django's `order_by('pk')` does; listed terms the object lacks otherwise are dropped.
 * Without a list, every field of the object, as DRF's default (the serializer's fields): `pk` is
 * then no term where the object's identity is `id`.
 */
export function orderingFieldsOf(action: EngineAction): readonly string[] {
  const props = action.schema?.properties ?? {};
  const own = Object.keys(props);
  const param = action.op.parameters.find((p) => p.in === 'query' && p.name === 'ordering');
  const schema = param?.schema as Schema | undefined;
  const listed = schema?.enum ?? ((schema as OpenAPIV3.ArraySchemaObject | undefined)?.items as Schema | undefined)?.enum;
  if (!listed) return own;
  const terms = [...new Set(listed.map((t) => String(t).replace(/^-/, '')))];
  const aliases = new Map<string, string>();
  if (terms.includes('pk') && !('pk' in props) && action.idField in props) aliases.set('pk', action.idField);
  const fields = terms.filter((t) => t in props || aliases.has(t));
  if (aliases.size > 0) aliasesOf.set(fields, aliases);
  return fields;
}

/**
 * DRF's `OrderingFilter`: `ordering=-created_date,name`; fields the object lacks are ignored, as
 * DRF drops invalid ones. A null (or missing) value sorts as PostgreSQL sorts a NULL under
 * Django's `order_by`: after every value ascending, before every value descending.
 */
export function orderRows(
  rows: EngineRow[],
  ordering: string | undefined,
  fields: readonly string[],
  decimals: ReadonlySet<string> = NO_FIELDS,
): EngineRow[] {
  // The keys are read once per call, not per comparison (a thousand rows take ~10,000 of them).
  const keys = orderKeysOf(ordering, fields);
  if (keys.length === 0) return rows;
  return rows.slice().sort((a, b) => {
    for (const { field, sign } of keys) {
      const x = a.o[field] as Scalar;
      const y = b.o[field] as Scalar;
      if (x === y || (x == null && y == null)) continue;
      if (x == null || y == null) return (x == null ? 1 : -1) * sign;
      // A decimal column orders by value: as text, "100.00" came before "36.40".
      if (decimals.has(field) && typeof x === 'string' && typeof y === 'string') {
        const by = compareDecimalText(x, y);
        if (by === 0) continue;
        return by * sign;
      }
      return (x < y ? -1 : 1) * sign;
    }
    return 0;
  });
}

const NO_FIELDS: ReadonlySet<string> = new Set();

/** The object's fields that hold decimals as strings (`format: decimal`): they order and filter by value. */
export function decimalFieldsOf(schema: Schema | null | undefined): Set<string> {
  const out = new Set<string>();
  for (const [name, raw] of Object.entries(schema?.properties ?? {})) {
    if (isDecimal(effective(raw as Schema))) out.add(name);
  }
  return out;
}

function isDecimal(s: Schema): boolean {
  return s.format === 'decimal' && !s.enum;
}

/** A number field (`type: number`) or a decimal string: django-filter's `NumberFilter`. */
function isNumeric(s: Schema): boolean {
  return !s.enum && (s.type === 'number' || isDecimal(s));
}

/** The lookups a numeric filter reads by value. */
const NUMERIC_LOOKUPS: ReadonlySet<string> = new Set(['', 'in', ...COMPARISONS]);

/**
 * django-filter's `NumberFilter` on a decimal or float column: the value is read as a
 * `forms.DecimalField` reads it ("Enter a number." otherwise) and compared with each row's by
 * value — `price__lt=5` does not take `"12.50"` (as text, "12.50" < "5"), and `price=1` matches
 * `"1.00"`. A value of spaces only is "Enter a number.", as `Decimal(' ')` refuses it.
 */
function numberFilter(name: string, field: string, lookup: string): FilterDef<EngineRow> {
  return comparingFilter(name, field, lookup, {
    // Spaces are no number (`Decimal(' ')`), though `Decimal(' 5 ')` is 5.
    read: (part) => parseDecimal(pythonStrip(part)),
    message: MESSAGES.number,
    held: (v) => (typeof v === 'string' ? parseDecimal(v) : typeof v === 'number' && Number.isFinite(v) ? parseDecimal(String(v)) : null),
    compare: compareDecimals,
  });
}

/**
 * A custom filter comparing each row's `field` with the query's value by `compare` (`__in`: any
 * member equal). An empty member of `__in` is None to django-filter's CSV field, and SQL's IN
 * drops it; a value `read` refuses is the filter's `message`; NULL compares false, as in SQL.
 */
function comparingFilter<T>(
  name: string,
  field: string,
  lookup: string,
  by: { read(part: string): T | null; message: string; held(v: unknown): T | null; compare(a: T, b: T): number },
): FilterDef<EngineRow> {
  return {
    name,
    kind: 'custom',
    readsBlank: true,
    build(text) {
      const parts = lookup === 'in' ? text.split(',').filter((part) => part !== '') : [text];
      const wanted: T[] = [];
      for (const part of parts) {
        const value = by.read(part);
        if (value === null) return { error: by.message };
        wanted.push(value);
      }
      const test = lookup === 'in' || lookup === '' ? (c: number) => c === 0 : (c: number) => cmpOp(lookup as Comparison, c);
      return (row) => {
        const held = by.held(row.o[field]);
        return held !== null && wanted.some((w) => test(by.compare(held, w)));
      };
    },
  };
}

/** A `format: date` field: django-filter's `DateFilter`. */
function isDate(s: Schema): boolean {
  return !s.enum && s.type === 'string' && s.format === 'date';
}

/**
 * `%Y-%m-%d` as Python's `strptime` reads it (`_strptime`'s `%m` and `%d`): a month and a day of
 * one or two digits, and a day of one digit after a space (`2025-01- 5`).
 */
const STRPTIME_DAY = /^(\d{4})-(1[0-2]|0?[1-9])-(3[01]|[12]\d|0?[1-9]| [1-9])$/;

/**
 * A query date as django-filter's `DateFilter` (a `forms.DateField`) reads it, stripped, in the
 * ISO form `YYYY-MM-DD` (`2025-1-5` too, as `strptime` reads it), written as the mock stores dates;
 * null for no date (`2025-02-30`, year 0, another form).
 */
function parseQueryDate(text: string): string | null {
  const m = STRPTIME_DAY.exec(pythonStrip(text));
  if (m === null) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1) return null;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * django-filter's `DateFilter` on a `format: date` field: the value is a date ("Enter a valid
 * date." otherwise, spaces only included, as the form field strips them to no date) and rows are
 * compared with it as dates. Stored dates are `YYYY-MM-DD`, so as text they sort as they fall.
 */
function dateFilter(name: string, field: string, lookup: string): FilterDef<EngineRow> {
  return comparingFilter(name, field, lookup, {
    read: parseQueryDate,
    message: MESSAGES.date,
    held: (v) => (typeof v === 'string' ? v : null),
    compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  });
}
