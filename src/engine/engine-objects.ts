import type { OpenAPIV3 } from 'openapi-types';
import type { Clock } from '../common/clock.ts';
import type { RandomIds } from '../common/random-ids.ts';
import type { SeedRandom } from '../seed/seed-random.ts';
import { MAX_STRING_KEY, type EngineRow, type Store } from '../store/store.ts';
import { getRow, nextEngineId, rowKey } from './engine-rows.ts';
import type { EngineAction } from './resource-plan.ts';
import { blankValue, sampleValue } from './sample-value.ts';
import { effective, isReadOnly } from './validate-body.ts';

type Schema = OpenAPIV3.SchemaObject;

/** What the engine's writes draw on: the mock clock, new uuids, and values for unset fields. */
export interface EngineContext {
  clock: Clock;
  ids: RandomIds;
  random: SeedRandom;
}

/** True when `row` belongs to the parents the request's path names (another parent's is 404). */
export function scopeMatches(row: EngineRow, action: EngineAction, params: Record<string, string>): boolean {
  for (const p of action.parents) {
    const want = params[p.param];
    if (want === undefined) continue;
    const have = p.field ? row.o[p.field] : row.scope?.[p.param];
    if (have === undefined || have === null || String(have) !== want) return false;
  }
  return true;
}

/** How a collection's identity is made: a sequence, a uuid, or given by the client (a slug). */
export function identityKind(action: EngineAction): 'sequence' | 'uuid' | 'given' {
  const s = action.schema?.properties?.[action.idField] as Schema | undefined;
  const field = s ? effective(s) : undefined;
  if (!field || field.type === 'integer' || field.type === 'number') return 'sequence';
  if (field.format === 'uuid' || action.idField === 'uuid') return 'uuid';
  return field.readOnly ? 'uuid' : 'given';
}

/**
 * The object a create stores: the accepted values over the schema's defaults, `null` in a
 * nullable field left out and the field's blank in any other (`blankValue`: DRF stores the
 * model's default, never a made-up value), the read-only fields filled by the mock (identity,
 * `created_date`/`modified_date` from the mock clock, `uuid`, others sampled as the server would
 * compute them), and the parents of the path written into the fields that hold them.
 */
export function newObject(
  store: Store,
  action: EngineAction,
  values: Record<string, unknown>,
  params: Record<string, string>,
  ctx: EngineContext,
): EngineRow {
  const props = (action.schema?.properties ?? {}) as Record<string, Schema>;
  const required = new Set(action.schema?.required ?? []);
  const o: Record<string, unknown> = {};
  const now = ctx.clock.now();
  for (const [name, prop] of Object.entries(props)) {
    if (name in values) {
      o[name] = values[name];
      continue;
    }
    const field = effective(prop);
    if (field.default !== undefined) o[name] = field.default;
    else if (field.nullable && !required.has(name)) o[name] = null;
    else {
      const blank = isReadOnly(name, prop, action.idField) ? undefined : blankValue(prop, name, now);
      o[name] = blank !== undefined ? blank : sampleValue(prop, name, { random: ctx.random, store, now });
    }
  }
  for (const [name, value] of Object.entries(values)) if (!(name in o)) o[name] = value;
  if ('created_date' in props) o.created_date = now;
  if ('modified_date' in props) o.modified_date = now;
  const kind = identityKind(action);
  if ('uuid' in props && !(kind === 'given' && action.idField === 'uuid')) o.uuid = ctx.ids.uuid();
  let id: string | number;
  if (kind === 'sequence') id = nextEngineId(store, action.collection);
  else if (kind === 'uuid') id = action.idField === 'uuid' ? (o.uuid as string) : ctx.ids.uuid();
  else {
    id = String(values[action.idField]);
  }
  o[action.idField] = id;
  const scope: Record<string, string> = {};
  for (const p of action.parents) {
    const value = params[p.param];
    if (value === undefined) continue;
    if (p.field) o[p.field] = (effective(props[p.field] ?? {}).type === 'integer' ? Number(value) : value);
    else scope[p.param] = value;
  }
  return { c: action.collection, k: id, o, ...(Object.keys(scope).length > 0 && { scope }) };
}

/**
 * Why a create's client-given key (a slug: `identityKind` 'given') is refused, or null: asked before
 * the write budget is spent and before `newObject` draws anything, so a refused create leaves the
 * budget, the ids and the seeded stream as they were, and answers its 400 ahead of a full budget's 507.
 */
export function givenKeyErrors(store: Store, action: EngineAction, values: Record<string, unknown>): Record<string, string[]> | null {
  if (identityKind(action) !== 'given') return null;
  const id = String(values[action.idField] ?? '');
  if (id === '') return { [action.idField]: ['This field is required.'] };
  // The state file and state import take keys up to MAX_STRING_KEY: refuse what they could not load.
  const room = MAX_STRING_KEY - rowKey(action.collection, '').length;
  if (id.length > room) return { [action.idField]: [`Ensure this field has no more than ${room} characters.`] };
  if (getRow(store, action.collection, id)) return { [action.idField]: [`${action.collection} with this ${action.idField} already exists.`] };
  return null;
}
