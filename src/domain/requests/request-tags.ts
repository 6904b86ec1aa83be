import type { Store } from '../../store/store.ts';
import { fail, ok, type ErrorDetail, type Result } from '../errors.ts';
import { readDict } from '../shared/drf-input.ts';
import { applyTags, readObjectIds, readTagKey, readTagKeys, tagPairsChanged } from '../shared/tag-rules.ts';
import { spendOn, tagPairBytes } from '../../store/write-budget.ts';

/**
 * The tag writes of cancellation requests (DOMAIN.md §3): one key or many on one request, many
 * keys on many requests. Every id and key is read before anything is written, so a write is
 * all or nothing; a request's own record (and its `modified_date`) is untouched, since tags
 * live beside it in the shared tag model (`store.tags.cancellation_request`).
 */

export type TagMode = 'add' | 'remove';

/** `{"key": "t"}` (add_tag / remove_tag) or `{"keys": [...]}` (add_tags / remove_tags). */
export type TagBodyForm = 'key' | 'keys';

/**
 * Adds or removes the body's key(s) on request `id`. The id is known (the route answered 404
 * already); adding a present tag or removing an absent one changes nothing and is no error.
 */
export function changeRequestTags(
  store: Store,
  id: number,
  mode: TagMode,
  form: TagBodyForm,
  body: unknown,
): Result<void> {
  const data = readDict(body);
  if (!data.ok) return data;
  const read = form === 'key' ? readTagKey(data.value.key) : readTagKeys(data.value.keys);
  if ('error' in read) return fail({ kind: 'field', errors: { [form]: read.error } });
  return changeTags(store, mode, [id], typeof read.value === 'string' ? [read.value] : read.value);
}

/**
 * `{"ids": [...], "keys": [...]}` on many requests: both fields are read (their errors are
 * answered together, as a DRF serializer does) and one unknown id refuses the whole call.
 */
export function bulkChangeRequestTags(store: Store, mode: TagMode, body: unknown): Result<void> {
  const data = readDict(body);
  if (!data.ok) return data;
  const ids = readObjectIds(data.value.ids, (id) => store.requests.has(id));
  const keys = readTagKeys(data.value.keys);
  const errors: Record<string, ErrorDetail> = {};
  if ('error' in ids) errors.ids = ids.error;
  if ('error' in keys) errors.keys = keys.error;
  if ('error' in ids || 'error' in keys) return fail({ kind: 'field', errors });
  return changeTags(store, mode, ids.value, keys.value);
}

/** The tag write itself, once read: refused whole (507) when its new pairs would pass the write budget. */
function changeTags(store: Store, mode: TagMode, ids: readonly number[], keys: readonly string[]): Result<void> {
  const index = store.tags.cancellation_request;
  const bytes = tagPairsChanged(index, mode, ids, keys, tagPairBytes);
  if (!spendOn(store, mode === 'add' ? bytes : -bytes)) return fail({ kind: 'full' });
  applyTags(index, mode, ids, keys);
  return ok(undefined);
}

/**
 * The key of a `filter_tags` / `exclude_tags` POST: `{"key": "t"}`, read with the same rules as
 * a write (a key no write could store is a 400, not an empty page).
 */
export function readFilterKeyBody(body: unknown): Result<string> {
  const data = readDict(body);
  if (!data.ok) return data;
  return filterKey(data.value.key);
}

/** The key of a `filter_tags` / `exclude_tags` GET (`?key=t`; absent is undefined). */
export function filterKey(value: unknown): Result<string> {
  const read = readTagKey(value);
  return 'error' in read ? fail({ kind: 'field', errors: { key: read.error } }) : ok(read.value);
}
