import type { Context } from 'hono';
import { Hono } from 'hono';
import { createRequest } from '../domain/requests/create-request.ts';
import { detailedRequestJsonBytes } from '../domain/requests/detailed-request-json.ts';
import { rejectRequest } from '../domain/requests/reject-request.ts';
import { requestExportRow, REQUEST_EXPORT_HEADER } from '../domain/requests/request-export.ts';
import { requestFiltersOf } from '../domain/requests/request-filters.ts';
import { requestJsonBytes } from '../domain/requests/request-json-cache.ts';
import { requestCandidates, requestIndexesReady } from '../domain/requests/request-indexes.ts';
import { serializeDetailedRequest } from '../domain/requests/serialize-request.ts';
import { updateRequest } from '../domain/requests/update-request.ts';
import { MESSAGES } from '../domain/shared/filter-engine.ts';
import { taggedKeys } from '../domain/shared/tag-filters.ts';
import type { Candidates } from '../store/candidates.ts';
import type { Store } from '../store/store.ts';
import type { CancellationRequest } from '../store/types.ts';
import { DRF, domainErrorResponse } from './drf-errors.ts';
import type { AppEnv } from './env.ts';
import { EXPORT_FORMATS, exportResponse, type ExportFormat } from './export-file.ts';
import { readJsonBody } from './json-body.ts';
import { jsonBytes, pageBytes } from './json-text.ts';
import { applyListFilters, NO_EXTRA_RESERVED } from './list-query.ts';
import { newestFirst, type RowList } from './newest-first.ts';
import { parseId, type RouteDeps } from './route-deps.ts';

const BASE = '/api/v1/cancellation_requests';

/** The detailed list's `export_format` is the route's, not a filter (frozen: list-query.ts finds its set by identity). */
const EXPORT_RESERVED: readonly string[] = Object.freeze(['export_format']);

/**
 * Cancellation requests (seed 001, paths of DOMAIN.md §3): the plain and the detailed list with
 * every filter, the detailed list's export, the two retrieves, and the writes — create, update,
 * partial update and reject (issue 5; the rules live in `domain/requests/`). Tags are served by
 * `request-tag-routes.ts`.
 */
export function requestRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: true });
  const { gate } = deps;

  app.get(`${BASE}/`, gate.operation('listCancellationRequests'), (c) => {
    // Answered in the same tick once the indexes are built (no promise: fused-router.ts), and
    // then with no closure made for the request (issue 26, eighteenth session).
    const waiting = requestIndexesReady(c.get('store'));
    return waiting ? waiting.then(() => requestPage(c, deps)) as Promise<Response> : requestPage(c, deps);
  });

  // Literal paths are registered before `{id}` so they win.
  app.get(`${BASE}/detailed/`, gate.operation('listDetailedCancellationRequests'), async (c) => {
    const store = c.get('store');
    const format = c.req.query('export_format');
    if (format && !(EXPORT_FORMATS as readonly string[]).includes(format)) {
      return c.json({ export_format: [MESSAGES.choice(format)] }, 400);
    }
    const waiting = requestIndexesReady(store);
    if (waiting) await waiting;
    const rows = filteredRequests(c, deps, EXPORT_RESERVED);
    if (rows instanceof Response) return rows;
    if (format) {
      return exportResponse(c, format as ExportFormat, 'cancellation_requests', {
        header: REQUEST_EXPORT_HEADER,
        rows: rows.slice().map((r) => requestExportRow(store, r)),
      });
    }
    // Each detailed row is written as JSON bytes from the records (detailed-request-json.ts).
    const bytes = pageBytes(rows, c.req.url, (r) => detailedRequestJsonBytes(store, r));
    return bytes ? jsonBytes(c, bytes) : c.json(DRF.invalidPage, 404);
  });

  app.get(`${BASE}/:id/`, gate.operation('retrieveCancellationRequest'), (c) => {
    const request = findRequest(c);
    return request ? jsonBytes(c, requestJsonBytes(request)) : c.json(DRF.notFound, 404);
  });

  app.get(`${BASE}/:id/detailed/`, gate.operation('retrieveDetailedCancellationRequest'), (c) => {
    const request = findRequest(c);
    return request ? c.json(serializeDetailedRequest(c.get('store'), request)) : c.json(DRF.notFound, 404);
  });

  app.post(`${BASE}/`, gate.operation('createCancellationRequest'), async (c) => {
    const body = await readJsonBody(c);
    if ('response' in body) return body.response;
    const created = createRequest(c.get('store'), { body: body.value, clock: deps.clock, uuid: deps.ids?.uuid });
    return created.ok
      ? jsonBytes(c, requestJsonBytes(created.value), 201)
      : domainErrorResponse(c, created.error);
  });

  for (const [method, operationId, partial] of [
    ['put', 'updateCancellationRequest', false],
    ['patch', 'partialUpdateCancellationRequest', true],
  ] as const) {
    // As DRF's `update()` does, the request is looked up (404) before the body is read (415/400).
    app[method](`${BASE}/:id/`, gate.operation(operationId), async (c) => {
      const request = findRequest(c);
      if (!request) return c.json(DRF.notFound, 404);
      const body = await readJsonBody(c);
      if ('response' in body) return body.response;
      const updated = updateRequest(c.get('store'), {
        id: request.id,
        body: body.value,
        partial,
        userPk: c.get('principal').userPk,
        clock: deps.clock,
        events: deps.events,
      });
      // The written record's JSON, kept (request-json-cache.ts): the read that follows a write
      // answers these bytes instead of serializing the record again.
      return updated.ok
        ? jsonBytes(c, requestJsonBytes(updated.value))
        : domainErrorResponse(c, updated.error);
    });
  }

  // No body is read: the action takes none, so no content type can make it fail (no 415).
  app.post(`${BASE}/:id/reject/`, gate.operation('rejectCancellationRequest'), (c) => {
    const request = findRequest(c);
    if (!request) return c.json(DRF.notFound, 404);
    const rejected = rejectRequest(c.get('store'), { id: request.id, clock: deps.clock });
    return rejected.ok
      ? jsonBytes(c, requestJsonBytes(rejected.value))
      : domainErrorResponse(c, rejected.error);
  });

  return app;
}

/** The plain list's answer: its page, or the 400 of a malformed filter, or "Invalid page.". */
function requestPage(c: Context<AppEnv>, deps: RouteDeps): Response {
  const rows = filteredRequests(c, deps);
  if (rows instanceof Response) return rows;
  // Each request's JSON is kept per record (request-json-cache.ts), and the page's head per
  // URL and count (`pageBytes`): a page joins ten texts after a kept head.
  const bytes = pageBytes(rows, c.req.url, requestJsonBytes);
  return bytes ? jsonBytes(c, bytes) : c.json(DRF.invalidPage, 404);
}

/**
 * What `applyListFilters` is given for a route's list of extra names, made once per deps and
 * list: the options object and its `onIgnored` were made afresh for every list request (issue 26,
 * eighteenth session). `strict` is read from the config when asked, as before.
 */
const filterOptions = new WeakMap<RouteDeps, Map<readonly string[], ListFilterOptions>>();
type ListFilterOptions = NonNullable<Parameters<typeof applyListFilters>[2]>;

function filterOptionsOf(deps: RouteDeps, extraReserved: readonly string[]): ListFilterOptions {
  let ofDeps = filterOptions.get(deps);
  if (ofDeps === undefined) filterOptions.set(deps, (ofDeps = new Map()));
  let options = ofDeps.get(extraReserved);
  if (options === undefined) {
    options = {
      get strict() {
        return deps.config.strict;
      },
      extraReserved,
      onIgnored: (names, c) => {
        const operationId = c.get('operation')?.operationId ?? 'a request list';
        deps.logger.info(`ignored query parameters on ${operationId}: ${names.join(', ')}`);
      },
    };
    // Only frozen lists are kept (the routes' constants); a list made per request is not.
    if (Object.isFrozen(extraReserved)) ofDeps.set(extraReserved, options);
  }
  return options;
}

/** Every request's key, newest first from the key index, per store: one function, not one a request. */
const allKeysOf = new WeakMap<Store, () => Candidates | null>();
function allKeysFor(store: Store): () => Candidates | null {
  let all = allKeysOf.get(store);
  if (all === undefined) allKeysOf.set(store, (all = () => requestCandidates(store).pkWithin({})));
  return all;
}

/**
 * The requests a list route answers, newest first, after the query's filters; or the 400 for a
 * malformed filter (or an unknown parameter under `--strict`). The tag-filter lists (issue 6)
 * reuse it with their `key` reserved.
 */
export function filteredRequests(
  c: Context<AppEnv>,
  deps: RouteDeps,
  extraReserved: readonly string[] = NO_EXTRA_RESERVED,
  tag?: { key: string; keep: boolean },
): RowList<CancellationRequest> | Response {
  const store = c.get('store');
  const outcome = applyListFilters(c, requestFiltersOf(store), filterOptionsOf(deps, extraReserved));
  if ('response' in outcome) return outcome.response;
  const allKeys = allKeysFor(store);
  if (tag) {
    // The tag lists' key is one more filter, answered from the tag model's inverted index (the
    // outcome's lists may be a kept binding's, frozen: copied).
    const tags = store.tags.cancellation_request;
    const predicates = [...outcome.predicates, (r: CancellationRequest) => tags.has(r.id, tag.key) === tag.keep];
    const sources = [...outcome.sources, { predicate: predicates.length - 1, find: () => taggedKeys(tags, tag.key, tag.keep, store.requests, allKeys) }];
    return newestFirst(store.requests, { predicates, sources }, allKeys);
  }
  // Rows are read only as far as the page needs them (newest-first.ts).
  return newestFirst(store.requests, outcome, allKeys);
}

function findRequest(c: Context<AppEnv>): CancellationRequest | undefined {
  const id = parseId(c.req.param('id') ?? '');
  // `c.get`, not `c.var` (which copies every variable into a new object on each access).
  return id === null ? undefined : c.get('store').requests.get(id);
}
