import type { Context } from 'hono';
import type { OpenAPIV3 } from 'openapi-types';
import { DRF, domainErrorResponse } from '../http/drf-errors.ts';
import type { AppEnv } from '../http/env.ts';
import { readJsonBody } from '../http/json-body.ts';
import { applyListFilters } from '../http/list-query.ts';
import { newestFirst } from '../http/newest-first.ts';
import { paginate } from '../http/pagination.ts';
import { parseId, type RouteDeps } from '../http/route-deps.ts';
import type { Store } from '../store/store.ts';
import { refusesWrite, type DomainResource } from './domain-resources.ts';
import type { EngineAction } from './resource-plan.ts';

type Handler = (c: Context<AppEnv>) => Response | Promise<Response>;

/**
 * An engine operation on a resource the domain holds (`domain-resources.ts`): reads walk the
 * domain's objects through its serializer; a write goes through the domain's rule where the
 * table names one, and answers DRF's 405 where it does not (the engine never writes around a
 * rule). `genericAction` answers a safe custom action once the object is found.
 */
export function domainHandlerOf(
  action: EngineAction,
  resource: DomainResource,
  deps: RouteDeps,
  genericAction: (find: (c: Context<AppEnv>) => unknown) => Handler,
): Handler {
  const find = (c: Context<AppEnv>): unknown => {
    const store = c.get('store');
    if (!parentsExist(store, action, c)) return undefined;
    const pk = parseId(c.req.param(action.idParam ?? '') ?? '');
    const row = pk === null ? undefined : resource.find(store, pk);
    return row !== undefined && inScope(store, resource, action, row, c) ? row : undefined;
  };
  const origin = (c: Context<AppEnv>) => new URL(c.req.url).origin;
  const notAllowed: Handler = (c) => c.json(DRF.methodNotAllowed(c.req.method), 405);
  if (refusesWrite(resource, action)) return notAllowed;
  switch (action.kind) {
    case 'list': {
      const declared = new Set(action.op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
      const defs = resource.filters().filter((d) => [...declared].some((n) => n === d.name || n.startsWith(`${d.name}__`)));
      return (c) => {
        const store = c.get('store');
        if (!parentsExist(store, action, c)) return c.json(DRF.notFound, 404);
        const outcome = applyListFilters(c, defs, {
          strict: deps.config.strict,
          onIgnored: (names) => deps.logger.info(`ignored query parameters on ${action.op.operationId}: ${names.join(', ')}`),
        });
        if ('response' in outcome) return outcome.response;
        // A kept binding's lists are frozen and shared: the parent's scope goes on a copy.
        const scoped = action.parents.length > 0 ? { predicates: [...outcome.predicates, (row: Parameters<(typeof outcome.predicates)[number]>[0]) => inScope(store, resource, action, row, c)], sources: outcome.sources } : outcome;
        const rows = newestFirst(resource.rows(store), scoped);
        const at = origin(c);
        if (action.listShape === 'array') return c.json(rows.slice().map((r) => resource.serialize(store, r, at)));
        const page = paginate(rows.slice(), new URL(c.req.url), (r) => resource.serialize(store, r, at));
        return page ? c.json(page) : c.json(DRF.invalidPage, 404);
      };
    }
    case 'retrieve':
      return (c) => {
        const row = find(c);
        return row !== undefined ? c.json(resource.serialize(c.get('store'), row, origin(c))) : c.json(DRF.notFound, 404);
      };
    case 'update':
    case 'partial_update': {
      const write = resource.writes.update!;
      const partial = action.kind === 'partial_update' || !requiresFields(action);
      return async (c) => {
        const row = find(c);
        if (row === undefined) return c.json(DRF.notFound, 404);
        const body = await readJsonBody(c);
        if ('response' in body) return body.response;
        const pk = parseId(c.req.param(action.idParam ?? '') ?? '')!;
        const out = write(c.get('store'), { pk, body: body.value, partial, clock: deps.clock });
        return out.ok ? c.json(resource.serialize(c.get('store'), out.value, origin(c))) : domainErrorResponse(c, out.error);
      };
    }
    case 'destroy': {
      const write = resource.writes.destroy!;
      return (c) => {
        if (find(c) === undefined) return c.json(DRF.notFound, 404);
        const pk = parseId(c.req.param(action.idParam ?? '') ?? '')!;
        const out = write(c.get('store'), { pk, body: null, partial: true, clock: deps.clock });
        return out.ok ? c.body(null, 204) : domainErrorResponse(c, out.error);
      };
    }
    default:
      // A custom action that reads (a writing one would write around the domain's rules: 405).
      return genericAction(find);
  }
}

/**
 * A PUT whose request schema requires nothing is the vendor's "Partially update" (the sales
 * channel's reasons PUT): the domain's partial write, as PATCH. Otherwise PUT is a full update.
 */
function requiresFields(action: EngineAction): boolean {
  const schema = action.op.requestBody?.content['application/json']?.schema as OpenAPIV3.SchemaObject | undefined;
  return (schema?.required?.length ?? 0) > 0;
}

/** True when every parent the path names exists; an unknown channel is "Not found." as an unknown object. */
function parentsExist(store: Store, action: EngineAction, c: Context<AppEnv>): boolean {
  for (const p of action.parents) {
    if (!isChannelParam(p.param)) continue;
    const pk = parseId(c.req.param(p.param) ?? '');
    if (pk === null || !store.channels.has(pk)) return false;
  }
  return true;
}

/**
 * True when the object belongs to the parents the path names: a channel parameter by the table's
 * `channelOf` (or the object's field), another parent by the object's field of that name. A
 * parent that names no field of the object does not scope it (the domain keeps no other link).
 */
function inScope(store: Store, resource: DomainResource, action: EngineAction, row: any, c: Context<AppEnv>): boolean {
  for (const p of action.parents) {
    const want = c.req.param(p.param);
    if (want === undefined) continue;
    if (isChannelParam(p.param) && resource.channelOf) {
      const have = resource.channelOf(store, row);
      if (have !== 'every' && String(have) !== want) return false;
    } else if (p.field) {
      if (String(row[p.field]) !== want) return false;
    }
  }
  return true;
}

function isChannelParam(name: string): boolean {
  return /^channel(_id|_pk)?$/.test(name);
}
