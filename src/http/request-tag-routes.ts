import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Result } from '../domain/errors.ts';
import {
  bulkChangeRequestTags,
  changeRequestTags,
  filterKey,
  readFilterKeyBody,
  type TagBodyForm,
  type TagMode,
} from '../domain/requests/request-tags.ts';
import { requestJsonBytes } from '../domain/requests/request-json-cache.ts';
import { requestIndexesReady } from '../domain/requests/request-indexes.ts';
import { DRF, domainErrorResponse } from './drf-errors.ts';
import type { AppEnv } from './env.ts';
import { readJsonBody } from './json-body.ts';
import { paginate } from './pagination.ts';
import { jsonBytes, pageJsonBytes } from './json-text.ts';
import { filteredRequests } from './request-routes.ts';
import { parseId, type RouteDeps } from './route-deps.ts';

const BASE = '/api/v1/cancellation_requests';

/**
 * The tag operations of cancellation requests (DOMAIN.md §3): read, add and remove on one
 * request, bulk add and remove, and the `filter_tags` / `exclude_tags` lists in their GET and
 * POST forms.
 *
 * Mount this sub-app BEFORE `requestRoutes`: Hono runs the first route registered that
 * matches, across sub-apps, and `GET {id}/` would otherwise take `GET filter_tags/` and answer
 * "Not found." (test/request-tags-routing.test.ts proves the order).
 */
export function requestTagRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: true });
  const { gate } = deps;

  for (const [path, keep, names] of [
    [
      'filter_tags',
      true,
      ['filterCancellationRequestsByTag', 'filterCancellationRequestsByTagPost'],
    ],
    [
      'exclude_tags',
      false,
      ['excludeCancellationRequestsByTag', 'excludeCancellationRequestsByTagPost'],
    ],
  ] as const) {
    app.get(`${BASE}/${path}/`, gate.operation(names[0]), (c) =>
      tagList(c, deps, keep, filterKey(c.req.queries('key')?.at(-1)), ['key']),
    );
    // The POST form is a read with its key in the body; paging and filters stay in the query.
    app.post(`${BASE}/${path}/`, gate.operation(names[1]), async (c) => {
      const body = await readJsonBody(c);
      if ('response' in body) return body.response;
      return tagList(c, deps, keep, readFilterKeyBody(body.value));
    });
  }

  for (const [path, mode] of [
    ['bulk_add_tags', 'add'],
    ['bulk_remove_tags', 'remove'],
  ] as const) {
    const operationId =
      mode === 'add' ? 'bulkAddCancellationRequestTags' : 'bulkRemoveCancellationRequestTags';
    app.post(`${BASE}/${path}/`, gate.operation(operationId), async (c) => {
      const body = await readJsonBody(c);
      if ('response' in body) return body.response;
      return noContent(c, bulkChangeRequestTags(c.get('store'), mode, body.value));
    });
  }

  app.get(`${BASE}/:id/tags/`, gate.operation('listCancellationRequestTags'), (c) => {
    const id = requestId(c);
    return id === null
      ? c.json(DRF.notFound, 404)
      : c.json(c.get('store').tags.cancellation_request.tagsOf(id));
  });

  const writes: Array<[string, TagMode, TagBodyForm, string]> = [
    ['add_tag', 'add', 'key', 'addCancellationRequestTag'],
    ['add_tags', 'add', 'keys', 'addCancellationRequestTags'],
    ['remove_tag', 'remove', 'key', 'removeCancellationRequestTag'],
    ['remove_tags', 'remove', 'keys', 'removeCancellationRequestTags'],
  ];
  for (const [path, mode, form, operationId] of writes) {
    app.post(`${BASE}/:id/${path}/`, gate.operation(operationId), async (c) => {
      // DRF's detail action looks the object up before it reads the body.
      const id = requestId(c);
      if (id === null) return c.json(DRF.notFound, 404);
      const body = await readJsonBody(c);
      if ('response' in body) return body.response;
      return noContent(c, changeRequestTags(c.get('store'), id, mode, form, body.value));
    });
  }

  return app;
}

/**
 * One page of the requests that carry (`keep`) or lack the key, after every list filter of the
 * query. The key is checked first: a missing key is the caller's first mistake.
 */
async function tagList(
  c: Context<AppEnv>,
  deps: RouteDeps,
  keep: boolean,
  key: Result<string>,
  reserved: readonly string[] = [],
): Promise<Response> {
  if (!key.ok) return domainErrorResponse(c, key.error);
  const waiting = requestIndexesReady(c.get('store'));
  if (waiting) await waiting;
  const rows = filteredRequests(c, deps, reserved, { key: key.value, keep });
  if (rows instanceof Response) return rows;
  const page = paginate(rows, c.req.url, requestJsonBytes);
  return page ? jsonBytes(c, pageJsonBytes(page)) : c.json(DRF.invalidPage, 404);
}

/** The id of a request that exists, or null ("Not found."). */
function requestId(c: Context<AppEnv>): number | null {
  const id = parseId(c.req.param('id') ?? '');
  return id !== null && c.get('store').requests.has(id) ? id : null;
}

function noContent(c: Context<AppEnv>, outcome: Result<void>): Response {
  return outcome.ok ? c.body(null, 204) : domainErrorResponse(c, outcome.error);
}
