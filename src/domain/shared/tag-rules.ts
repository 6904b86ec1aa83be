import type { TagIndex } from '../../store/tag-index.ts';
import { FIELD_MESSAGES, type ErrorDetail } from '../errors.ts';
import { pkLookupValue, pythonStr, pythonTypeName } from './drf-input.ts';
import { pythonStrip } from '../../common/python-text.ts';

/**
 * The rules of a tag key, one model for every tagged resource (plans and requests): a key is
 * trimmed on input (DRF's `CharField(trim_whitespace=True)`), and what is left must be
 * non-empty, at most 64 characters and free of control characters. Reads use the same
 * normalisation, so ` vip ` finds `vip` whichever resource or operation is asked.
 */

/** The longest key, in Unicode code points (Python's `len`). */
export const TAG_KEY_MAX_LENGTH = 64;

/** Unicode general category Cc: C0, DEL and C1. Tabs and newlines inside a key count. */
const CONTROL = /\p{Cc}/u;

/** What every tag operation does to a key first: Python's `str.strip()`, as DRF's `CharField` does. */
export function normaliseTagKey(raw: string): string {
  return pythonStrip(raw);
}

/** The message for a normalised key that breaks a rule, or null for a good key. */
export function tagKeyProblem(key: string): string | null {
  if (key === '') return FIELD_MESSAGES.blank;
  if ([...key].length > TAG_KEY_MAX_LENGTH) return FIELD_MESSAGES.maxLength(TAG_KEY_MAX_LENGTH);
  if (CONTROL.test(key)) return FIELD_MESSAGES.controlCharacters;
  return null;
}

/**
 * The most keys one tag write takes, and the most ids one bulk write names (docs/decisions/0022):
 * a write's work is ids × keys set changes, so together they hold one call to 100,000 of them —
 * about a tenth of a second — where a 1 MiB body could ask for billions.
 */
export const TAG_KEYS_MAX = 100;
export const TAG_IDS_MAX = 1000;

export type Read<T> = { value: T } | { error: ErrorDetail };

/**
 * One key field (`{"key": "t"}`, `?key=t`), as a DRF `CharField` reads it — except that a
 * number is refused (`"Not a valid string."`) where DRF would quietly take `5` as `"5"`: a
 * tag key is text, and a client that sends a number has a bug worth hearing about.
 */
export function readTagKey(value: unknown): Read<string> {
  if (value === undefined) return { error: [FIELD_MESSAGES.required] };
  if (value === null) return { error: [FIELD_MESSAGES.null] };
  if (typeof value !== 'string') return { error: [FIELD_MESSAGES.notAString] };
  const key = normaliseTagKey(value);
  const problem = tagKeyProblem(key);
  return problem ? { error: [problem] } : { value: key };
}

/**
 * A list of keys (`{"keys": [...]}`), as a DRF `ListField(child=CharField(), allow_empty=False)`
 * reads it: the list's own errors as a list of messages, item errors keyed by the item's index
 * (`{"keys": {"1": ["Ensure this field has no more than 64 characters."]}}`). Duplicates are
 * fine (tags are sets); the keys come back normalised, in the order given. `max` is one write's
 * cap; a dataset passes none, since nothing caps the tags a request holds (ADR 0022): an export
 * of a request tagged 101 times through the API must load again.
 */
export function readTagKeys(value: unknown, max = TAG_KEYS_MAX): Read<string[]> {
  if (value === undefined) return { error: [FIELD_MESSAGES.required] };
  if (value === null) return { error: [FIELD_MESSAGES.null] };
  if (!Array.isArray(value)) return { error: [FIELD_MESSAGES.notAList(pythonTypeName(value))] };
  if (value.length === 0) return { error: [FIELD_MESSAGES.emptyList] };
  const keys: string[] = [];
  const items: Record<string, string[]> = {};
  value.forEach((item, i) => {
    const read = readTagKey(item);
    if ('value' in read) keys.push(read.value);
    else items[String(i)] = read.error as string[];
  });
  if (Object.keys(items).length > 0) return { error: items };
  // DRF runs a list's validators after its items are read, so item errors come first.
  return keys.length > max ? { error: [FIELD_MESSAGES.maxItems(max)] } : { value: keys };
}

/**
 * A list of object ids (`{"ids": [...]}`), as DRF's `PrimaryKeyRelatedField(many=True,
 * allow_empty=False)` reads it: the first id that is not a pk or names no object is the error
 * (`Invalid pk "999" - object does not exist.`). A digit string is a pk, as Django reads it.
 */
export function readObjectIds(value: unknown, exists: (id: number) => boolean): Read<number[]> {
  if (value === undefined) return { error: [FIELD_MESSAGES.required] };
  if (value === null) return { error: [FIELD_MESSAGES.null] };
  if (!Array.isArray(value)) return { error: [FIELD_MESSAGES.notAList(pythonTypeName(value))] };
  if (value.length === 0) return { error: [FIELD_MESSAGES.emptyList] };
  const ids: number[] = [];
  for (const item of value) {
    const id = pkLookupValue(item);
    if (id === undefined) return { error: [FIELD_MESSAGES.incorrectPkType(pythonTypeName(item))] };
    if (id === null || !exists(id))
      return { error: [FIELD_MESSAGES.pkDoesNotExist(pythonStr(item))] };
    ids.push(id);
  }
  if (ids.length > TAG_IDS_MAX) return { error: [FIELD_MESSAGES.maxItems(TAG_IDS_MAX)] };
  return { value: [...new Set(ids)] };
}


/**
 * The set operations every tag write is made of, on any resource's index. Callers have read
 * every id and key with the functions above, so nothing here can fail and a bulk write is all
 * or nothing; tags change only through `TagIndex` methods.
 */
export function applyTags(
  index: TagIndex,
  mode: 'add' | 'remove',
  ids: readonly number[],
  keys: readonly string[],
): void {
  if (mode === 'add') index.addAll(ids, keys);
  else index.removeAll(ids, keys);
}

/**
 * How many (id, key) pairs the write would change: those not there yet for an add, those there
 * for a remove, each weighed by `cost` (the write budget's bytes a pair). At most `TAG_IDS_MAX` × `TAG_KEYS_MAX` lookups (duplicate keys counted once).
 */
export function tagPairsChanged(
  index: TagIndex,
  mode: 'add' | 'remove',
  ids: readonly number[],
  keys: readonly string[],
  cost: (key: string) => number = () => 1,
): number {
  const distinct = new Set(keys);
  let n = 0;
  for (const id of ids) for (const key of distinct) if (index.has(id, key) === (mode === 'remove')) n += cost(key);
  return n;
}
