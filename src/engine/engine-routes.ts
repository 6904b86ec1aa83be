import { Hono, type Context } from 'hono';
import type { OpenAPIV3 } from 'openapi-types';
import { DRF } from '../http/drf-errors.ts';
import type { AppEnv } from '../http/env.ts';
import { readJsonBody } from '../http/json-body.ts';
import type { RouteDeps } from '../http/route-deps.ts';
import { createSeedRandom } from '../seed/seed-random.ts';
import { SEED_REFERENCE_DATE } from '../seed/seed-store.ts';
import type { EngineRow } from '../store/store.ts';
import { domainHandlerOf } from './domain-handlers.ts';
import { matchDomainResource } from './domain-resources.ts';
import { danglingReferences, referencesOf } from './reference-check.ts';
import { deleteRow, getRow, putRow } from './engine-rows.ts';
import { listHandler } from './engine-list.ts';
import { givenKeyErrors, identityKind, newObject, scopeMatches, type EngineContext } from './engine-objects.ts';
import { successSchema, type EngineAction } from './resource-plan.ts';
import { objectBytes } from './row-json.ts';
import { sampleValue } from './sample-value.ts';
import { mergeNested, nestedObjectFields, readValue, validateBody } from './validate-body.ts';
import { FloatProbe, floatShadow } from './json-floats.ts';
import { readsNumberForm } from './number-form-fields.ts';
import { jsonBytes } from '../http/json-text.ts';
import { ENGINE_JSON_BYTE_BYTES, ENGINE_ROW_BYTES, spendOn, unrefused } from '../store/write-budget.ts';

type Schema = OpenAPIV3.SchemaObject;

/** No nested fields to merge (a PUT, or a schema without any). */
const NO_FIELDS: ReadonlySet<string> = new Set();

/**
 * The resource engine's sub-app: one route per engine operation, each answering as the DRF
 * viewset action its path and method stand for (`resource-plan.ts`). Literal paths are
 * registered before parameter paths, so `reasons/statuses/` wins over `reasons/{id}/`.
 */
export function engineRoutes(deps: RouteDeps, actions: readonly EngineAction[], ctx: EngineContext = engineContext(deps)): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: true });
  const sorted = [...actions].sort((a, b) => params(a.op.path) - params(b.op.path) || b.op.path.length - a.op.path.length);
  for (const action of sorted) {
    const path = action.op.path.replace(/\{([^}]+)\}/g, ':$1');
    app.on(action.op.method, path, deps.gate.operation(action.op.operationId), handlerOf(action, deps, ctx));
  }
  return app;
}

/**
 * What every engine route of one app shares: its clock, ids and the one seeded stream its sample
 * answers draw from (one per app, however many sub-apps its routes are mounted in).
 */
export function engineContext(deps: RouteDeps): EngineContext {
  return {
    clock: deps.clock,
    ids: deps.ids ?? { uuid: () => crypto.randomUUID() },
    random: createSeedRandom(deps.config.seed, SEED_REFERENCE_DATE),
  };
}

function params(path: string): number {
  return (path.match(/\{/g) ?? []).length;
}

type Handler = (c: Context<AppEnv>) => Response | Promise<Response>;

function handlerOf(action: EngineAction, deps: RouteDeps, ctx: EngineContext): Handler {
  // A resource the domain holds is served from the domain's objects (domain-resources.ts).
  const held = matchDomainResource(action);
  if (held) return domainHandlerOf(action, held, deps, (find) => actionHandler(action, find, ctx));
  const { collection } = action;
  const scoped = action.parents.length > 0;
  const find = (c: Context<AppEnv>): EngineRow | undefined => {
    const row = getRow(c.get('store'), collection, c.req.param(action.idParam ?? '') ?? '');
    // All path parameters are read only where a parent scopes the object.
    return row && (!scoped || scopeMatches(row, action, c.req.param())) ? row : undefined;
  };
  const requestSchema = action.op.requestBody?.content['application/json']?.schema as Schema | undefined;
  const writeSchema = requestSchema ?? action.schema ?? { type: 'object' };
  switch (action.kind) {
    case 'list':
      return listHandler(action, deps);
    case 'retrieve':
      return (c) => {
        const row = find(c);
        return row ? jsonBytes(c, objectBytes(row.o)) : c.json(DRF.notFound, 404);
      };
    case 'destroy':
      return (c) => {
        const row = find(c);
        if (!row) return c.json(DRF.notFound, 404);
        spendOn(c.get('store'), -rowCost(row.o));
        deleteRow(c.get('store'), collection, row.k);
        return c.body(null, 204);
      };
    case 'create': {
      const refs = referencesOf(writeSchema);
      return async (c) => {
        const body = await readJsonBody(c);
        if ('response' in body) return body.response;
        const given = identityKind(action) === 'given';
        const read = validateWrite(body, writeSchema, { partial: false, idField: given ? '' : action.idField });
        if ('errors' in read) return c.json(read.errors, 400);
        const refused = danglingReferences(c.get('store'), refs, read.values) ?? givenKeyErrors(c.get('store'), action, read.values);
        if (refused) return c.json(refused, 400);
        // Spent before `newObject`, which takes the next id and draws seeded values: a refused
        // create must leave both as they were. What is sent is the row's least; the fields the
        // mock adds (id, dates, samples) are counted once it is made (ADR 0022).
        const least = ENGINE_ROW_BYTES + ENGINE_JSON_BYTE_BYTES * JSON.stringify(read.values).length;
        if (!spendOn(c.get('store'), least)) return c.json(DRF.writeBudgetFull, 507);
        const row = newObject(c.get('store'), action, read.values, c.req.param(), ctx);
        unrefused(() => spendOn(c.get('store'), rowCost(row.o) - least));
        putRow(c.get('store'), row);
        // The answer is the row's kept bytes, so the next read of it encodes nothing.
        return jsonBytes(c, objectBytes(row.o), action.success as 201);
      };
    }
    case 'update':
    case 'partial_update': {
      const refs = referencesOf(writeSchema);
      const nested = action.kind === 'partial_update' ? nestedObjectFields(writeSchema) : NO_FIELDS;
      return async (c) => {
        const row = find(c);
        if (!row) return c.json(DRF.notFound, 404);
        const body = await readJsonBody(c);
        if ('response' in body) return body.response;
        const read = validateWrite(body, writeSchema, { partial: action.kind === 'partial_update', idField: action.idField });
        if ('errors' in read) return c.json(read.errors, 400);
        const dangling = danglingReferences(c.get('store'), refs, read.values);
        if (dangling) return c.json(dangling, 400);
        const o: Record<string, unknown> = { ...row.o, ...read.values };
        // A PATCH's nested object updates the stored one (validate-body.ts, `readValue`); what that
        // makes must still be a whole object the document takes (onto a stored null, the PATCH's
        // part alone is not), or it is refused as a POST of it would be and nothing is stored.
        if (nested.size > 0) {
          const merged = mergedNested(nested, row.o, read.values, writeSchema);
          if ('errors' in merged) return c.json(merged.errors, 400);
          Object.assign(o, merged.values);
        }
        if (action.schema?.properties && 'modified_date' in action.schema.properties) o.modified_date = ctx.clock.now();
        for (const p of action.parents) if (p.field && p.field in o) o[p.field] = row.o[p.field];
        if (!spendOn(c.get('store'), rowCost(o) - rowCost(row.o))) return c.json(DRF.writeBudgetFull, 507);
        putRow(c.get('store'), { ...row, o });
        return jsonBytes(c, objectBytes(o));
      };
    }
    default:
      return actionHandler(action, find, ctx);
  }
}

/** What a generic row spends of the write budget: its record and its kept JSON (write-budget.ts). */
function rowCost(o: Record<string, unknown>): number {
  return ENGINE_ROW_BYTES + ENGINE_JSON_BYTE_BYTES * objectBytes(o).length;
}

/** The PATCH's nested objects merged into the stored ones, each checked whole; or their errors. */
function mergedNested(
  nested: ReadonlySet<string>,
  stored: Record<string, unknown>,
  sent: Record<string, unknown>,
  writeSchema: Schema,
): { values: Record<string, unknown> } | { errors: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  let errors: Record<string, unknown> | null = null;
  for (const name of nested) {
    if (!(name in sent)) continue;
    const schema = writeSchema.properties![name] as Schema;
    const merged = mergeNested(stored[name], sent[name], schema);
    const check = readValue(merged, schema, false);
    if ('error' in check) (errors ??= {})[name] = check.error;
    else values[name] = merged;
  }
  return errors !== null ? { errors } : { values };
}

/** A custom action: 404 for an unknown object, the body checked, then the documented answer. */
function actionHandler(action: EngineAction, find: (c: Context<AppEnv>) => unknown, ctx: EngineContext): Handler {
  const requestSchema = action.op.requestBody?.content['application/json']?.schema as Schema | undefined;
  const status = action.success;
  const media = action.op.responses[String(status)]?.content?.['application/json'];
  const documented = media?.example ?? Object.values(media?.examples ?? {})[0]?.['value' as never];
  const schema = successSchema(action.op);
  return async (c) => {
    if (action.kind === 'item_action' && !find(c)) return c.json(DRF.notFound, 404);
    if (requestSchema && action.op.method !== 'GET') {
      const body = await readJsonBody(c);
      if ('response' in body) return body.response;
      const read = validateWrite(body, requestSchema, { partial: false, idField: '' });
      if ('errors' in read) return c.json(read.errors, 400);
    }
    if (status === 204 || !schema) return c.body(null, status as 204);
    const answer = documented !== undefined ? documented : sampleValue(schema, '', { random: ctx.random, store: c.get('store'), now: ctx.clock.now() });
    return c.json(answer as object, status as 200);
  };
}

/**
 * `validateBody` with the float shadow (json-floats.ts) where a field asks for it: a uuid field
 * that met a number, or a text, decimal or choice field that met a whole number, since DRF reads
 * `str(5.0)` = `"5.0"` where JSON.parse has `5` (ADR 0013, nineteenth addendum). The body is read
 * with a probe first, and the shadow built and the body read again only when a field asked, so
 * other writes never pass over their text twice; a schema with no such field skips the probe.
 */
function validateWrite(body: { value: unknown; text?: string }, schema: Schema, options: { partial: boolean; idField: string }): ReturnType<typeof validateBody> {
  if (!readsNumberForm(schema)) return validateBody(body.value, schema, options);
  const probe = new FloatProbe();
  const read = validateBody(body.value, schema, { ...options, floats: probe });
  return probe.asked ? validateBody(body.value, schema, { ...options, floats: floatShadow(body.text) }) : read;
}
