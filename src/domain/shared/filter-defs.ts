import type { Candidates } from '../../store/candidates.ts';
import { clipEcho } from '../errors.ts';
import type { TextRange, ValueRange } from '../../store/range-index.ts';

/** The vocabulary of the filter engine (`filter-engine.ts`): filter definitions, lookups, messages. */

/** Query parameters, last value per name (Django's `QueryDict.get`). */
export type Query = ReadonlyMap<string, string>;
/** `{param: [messages]}` — DRF's field-error shape. */
export type FieldErrors = Record<string, string[]>;

export type Scalar = string | number | boolean | null | undefined;

export type FilterKind =
  /** integer equality, with `__in` and comparisons where listed */
  | 'int'
  /** exact, case-sensitive text */
  | 'text'
  /** exact text, case-insensitive (Turkish-aware folding) */
  | 'itext'
  /** substring, case-insensitive */
  | 'icontains'
  /** one of `choices` */
  | 'choice'
  /** a date-time field; the value may be a date or a date-time */
  | 'datetime'
  /** `true`/`false` (also `True`/`False`/`1`/`0`) */
  | 'bool';

export type Lookup =
  'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'date' | 'date__gt' | 'date__gte' | 'date__lt' | 'date__lte';

export const COMPARISONS: readonly Lookup[] = ['gt', 'gte', 'lt', 'lte'];
export const DATE_LOOKUPS: readonly Lookup[] = [
  'gt',
  'gte',
  'lt',
  'lte',
  'date',
  'date__gt',
  'date__gte',
  'date__lt',
  'date__lte',
];

export interface FieldFilter<Row> {
  /** The query name of the exact lookup, e.g. `created_date`. */
  name: string;
  kind: FilterKind;
  choices?: readonly string[];
  /** Lookups served besides the exact one. */
  lookups?: readonly Lookup[];
  /** False when only the lookups are served (the vendor lists `channel_id__in` alone). */
  exact?: boolean;
  /** The row's value for this field (null when the row has none). */
  value(row: Row): Scalar;
  /**
   * The keys of the rows whose value is one of `values` (parsed as the filter parses them), from
   * an index; null when there is none to ask. Used for the exact and `__in` lookups: the list
   * then reads those rows instead of every row (the predicate still decides).
   */
  candidates?(values: Scalar[]): Candidates | null;
  /**
   * For a date-time field: the keys of the rows whose stored (canonical) value lies in `range`,
   * compared as text, from a sorted index; null when there is none to ask.
   */
  range?(range: TextRange): Candidates | null;
  /** For an `int` field: the keys of the rows whose value lies in `range` (`__gt`, `__lte`…). */
  numberRange?(range: ValueRange<number>): Candidates | null;
  /**
   * For an `icontains` field: the keys of the rows whose folded value contains `needle` (already
   * folded), read from a kept column of folded values instead of the rows.
   */
  contains?(needle: string): Candidates | null;
}

/** A filter whose meaning is not a field comparison (tags): it parses and tests itself. */
export interface CustomFilter<Row> {
  name: string;
  kind: 'custom';
  /** Returns a predicate, or an error message for a malformed value. */
  build(text: string): ((row: Row) => boolean) | { error: string };
  /**
   * A value of spaces only is the filter's to read (Django's `DecimalField` refuses it), not no
   * filter as it is where the form field strips it to nothing.
   */
  readsBlank?: boolean;
  /** The keys of the rows the value selects, from an index (as `FieldFilter.candidates`). */
  candidates?(text: string): Candidates | null;
}

export type FilterDef<Row> = FieldFilter<Row> | CustomFilter<Row>;

export type Predicate<Row> = (row: Row) => boolean;

/**
 * Where a filtered list may find its rows without reading them all (`FieldFilter.candidates`):
 * `find` asks the index; `predicate` is the position, in `predicates`, of the filter it answers
 * for — which need not be run on rows the index answers for exactly.
 */
export interface CandidateSource {
  predicate: number;
  find(): Candidates | null;
}

export interface CompiledFilters<Row> {
  /** Frozen when kept (`compileSearch`): a route adding a filter copies the list. */
  readonly predicates: readonly Predicate<Row>[];
  /** One per indexed filter in the query; every matching row is among each one's candidates. */
  readonly sources: readonly CandidateSource[];
  errors: FieldErrors;
  /** Parameters no filter knows (and not reserved): ignored, or refused under `--strict`. */
  ignored: string[];
}

export const MESSAGES = {
  int: 'Enter a whole number.',
  number: 'Enter a number.',
  datetime: 'Enter a valid date/time.',
  date: 'Enter a valid date.',
  /** The value is clipped (`clipEcho`): a query value may be 16 KiB long. */
  choice: (v: string) => `Select a valid choice. ${clipEcho(v)} is not one of the available choices.`,
  unknownLookup: (lookup: string, field: string) =>
    `Unsupported lookup '${clipEcho(lookup)}' for field '${field}'.`,
} as const;
