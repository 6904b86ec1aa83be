import type { Context } from 'hono';
import { DRF } from '../http/drf-errors.ts';
import type { AppEnv } from '../http/env.ts';
import { applyListFilters, NO_EXTRA_RESERVED } from '../http/list-query.ts';
import type { RowList } from '../http/newest-first.ts';
import type { RouteDeps } from '../http/route-deps.ts';
import type { EngineRow } from '../store/store.ts';
import { decimalFieldsOf, engineFilters, keptOrderName, orderingFieldsOf, orderKeysOf, orderRows, type OrderKey } from './engine-filters.ts';
import { keptOrder } from './engine-orderings.ts';
import { scopeMatches } from './engine-objects.ts';
import { rowsOf } from './engine-rows.ts';
import { PlainPages, plainPageBytes } from './plain-page.ts';
import type { EngineAction } from './resource-plan.ts';
import { arrayJson, objectBytes, objectJson } from './row-json.ts';
import { jsonBytes, jsonText, pageBytes } from '../http/json-text.ts';
import type { Store } from '../store/store.ts';
import { StoreMap } from '../store/store-map.ts';
import { storeWriteCount } from '../store/write-count.ts';

/** `ordering` is the route's, not a filter (frozen: its reserved set is found by identity, list-query.ts). */
const ORDERING_RESERVED: readonly string[] = Object.freeze(['ordering']);

/**
 * A generic list action: django-filter's filters, DRF's `OrderingFilter` where declared, the
 * page envelope or a plain array. What is per operation (the filter set, which fields order) is
 * made once here; a request reads only its own collection (`rowsOf`), and a list with no filter,
 * scope or ordering reads only the page's rows.
 */
export function listHandler(action: EngineAction, deps: RouteDeps): (c: Context<AppEnv>) => Response {
  const { collection } = action;
  const defs = engineFilters(action);
  const orderable = action.op.parameters.some((p) => p.in === 'query' && p.name === 'ordering');
  // DRF's `ordering_fields`: the spec's listed terms, else the object's fields (engine-filters.ts).
  const fields = orderingFieldsOf(action);
  // Decimal strings order by value: only `orderRows` compares them so, never a kept ordering.
  const decimals = decimalFieldsOf(action.schema);
  const scoped = action.parents.length > 0;
  const paged = action.listShape !== 'array';
  const options = {
    strict: deps.config.strict,
    extraReserved: orderable ? ORDERING_RESERVED : NO_EXTRA_RESERVED,
    paged,
    onIgnored: (names: string[]) => deps.logger.info(`ignored query parameters on ${action.op.operationId}: ${names.join(', ')}`),
  };
  // Per handler: a reloaded document (other fields to order by) starts with none kept.
  const orderings: Orderings = new WeakMap();
  // Each ordering text asked for, read once: its fields and the name its kept order is filed under.
  const asked = new Map<string, { keys: OrderKey[]; name: string; byValue: boolean }>();
  // Each plain list URL asked for, read once (its query and its page's head at a count).
  const plainPages = new PlainPages(orderable);
  return (c) => {
    // A page asked for by `page`, `limit` and `ordering` alone: no filter to parse, no URL to build.
    const plain = !scoped && paged ? plainPages.of(c.req.url) : null;
    if (plain !== null) {
      const bytes = plainPageBytes(plain, ordered(c.get('store'), plain.query.ordering));
      return bytes ? jsonBytes(c, bytes) : c.json(DRF.invalidPage, 404);
    }
    const outcome = applyListFilters(c, defs, options);
    if ('response' in outcome) return outcome.response;
    let rows: RowList<EngineRow> = rowsOf(c.get('store'), collection);
    // The last value, as DRF's OrderingFilter reads a repeated `ordering` (`QueryDict.get`).
    const ordering = orderable ? c.req.queries('ordering')?.at(-1) : undefined;
    if (!scoped && outcome.predicates.length === 0 && ordering !== undefined) {
      // The shared state's rows in this ordering, kept sorted as writes move them; else sorted
      // once and kept until the next write.
      rows = ordered(c.get('store'), ordering);
    } else if (scoped || outcome.predicates.length > 0 || ordering !== undefined) {
      const scope = c.req.param();
      const kept = rows.slice().filter((r) => scopeMatches(r, action, scope) && outcome.predicates.every((p) => p(r)));
      rows = orderable ? orderRows(kept, ordering, fields, decimals) : kept;
    }
    if (!paged) return jsonText(c, arrayJson(rows.slice().map((r) => objectJson(r.o))));
    return jsonPage(c, c.req.url, rows);
  };

  /**
   * The whole unscoped, unfiltered collection in `ordering` (newest first without one): the shared
   * state's rows as kept sorted as writes move them; else sorted once and kept until the next write.
   */
  function ordered(store: Store, ordering: string | undefined): RowList<EngineRow> {
    if (ordering === undefined) return rowsOf(store, collection);
    let order = asked.get(ordering);
    if (order === undefined) {
      // Clients choose the texts: past this many, forgotten wholesale.
      if (asked.size >= MAX_ORDERINGS) asked.clear();
      const keys = orderKeysOf(ordering, fields);
      asked.set(ordering, (order = { keys, name: keptOrderName(collection, keys), byValue: keys.some((k) => decimals.has(k.field)) }));
    }
    return (order.byValue ? null : keptOrder(store.engineRows, collection, order.keys, order.name))
      ?? orderedOnce(orderings, store, collection, ordering, () => orderRows(rowsOf(store, collection).slice(), ordering, fields, decimals));
  }
}

/** DRF's page of `rows` as `url` (the request's href) asks for it, or its 404 "Invalid page.". */
function jsonPage(c: Context<AppEnv>, url: string, rows: RowList<EngineRow>): Response {
  const bytes = pageBytes(rows, url, (r) => objectBytes(r.o));
  return bytes ? jsonBytes(c, bytes) : c.json(DRF.invalidPage, 404);
}

/** Orderings kept per store and collection; past this many, forgotten wholesale (clients choose them). */
const MAX_ORDERINGS = 64;
/** Keyed by the collection map itself: a reset, reseed or import swaps it for another without a write. */
type Orderings = WeakMap<object, Map<string, { writes: number; rows: EngineRow[] }>>;

/**
 * A whole collection in one `ordering`, sorted once and kept until any store changes
 * (`storeWriteCount`: a session's view reads through to the shared rows, so a write anywhere
 * forgets it) or the store's `engineRows` map is another (a reset, reseed or import swaps the
 * shared state's maps in place, `replaceContents`, without counting a write). A page walk over one ordering (page 1, 2, 3, …) then sorts once, not per page
 * (issue 26). Kept per list handler. Only for a map that counts its writes (`StoreMap`); a plain one is sorted each time.
 */
function orderedOnce(ordered: Orderings, store: Store, collection: string, ordering: string, sort: () => EngineRow[]): EngineRow[] {
  if (!(store.engineRows instanceof StoreMap)) return sort();
  const rowsMap = store.engineRows;
  let kept = ordered.get(rowsMap);
  if (kept === undefined) ordered.set(rowsMap, (kept = new Map()));
  const key = `${collection}\u0000${ordering}`;
  const writes = storeWriteCount();
  const hit = kept.get(key);
  if (hit !== undefined && hit.writes === writes) return hit.rows;
  const rows = sort();
  if (kept.size >= MAX_ORDERINGS) kept.clear();
  kept.set(key, { writes, rows });
  return rows;
}
