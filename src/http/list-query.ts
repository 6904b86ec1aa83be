import { clipEcho } from '../domain/errors.ts';
import type { Context } from 'hono';
import {
  compileSearch,
  type CandidateSource,
  type FilterDef,
  type Predicate,
  type Query,
} from '../domain/shared/filter-engine.ts';
import { lastValuesOf } from '../domain/shared/filter-parse.ts';
import type { AppEnv } from './env.ts';
import { queryTextOf } from './query-text.ts';

/** Query parameters that belong to every list route, not to filters. */
const ROUTE_PARAMETERS = ['page', 'limit'];

/** The reserved set of a route's extra parameters, made once per distinct list of them. */
const reservedSets = new Map<string, Reserved>();

interface Reserved {
  readonly set: ReadonlySet<string>;
  /** Names the set in the kept parses' table (`parseSearch`): made once, so its hash is kept too. */
  readonly key: string;
}

/**
 * The sets of each frozen list of extra names by its identity, paged and not: a route whose list
 * is a frozen constant finds its set without joining the names into a key (issue 26, seventeenth
 * session). A list that is not frozen (an array literal a request) is found by its key, as
 * before: remembering it by identity would add a weak entry a request.
 */
const reservedByList = new WeakMap<readonly string[], { paged?: Reserved; plain?: Reserved }>();

/** No extra names: one array, so a route that passes none finds its set by identity. */
export const NO_EXTRA_RESERVED: readonly string[] = Object.freeze([]);

function reservedSet(extra: readonly string[], paged: boolean): Reserved {
  let ofList: { paged?: Reserved; plain?: Reserved } | undefined;
  if (Object.isFrozen(extra)) {
    ofList = reservedByList.get(extra);
    if (ofList === undefined) reservedByList.set(extra, (ofList = {}));
    const known = paged ? ofList.paged : ofList.plain;
    if (known !== undefined) return known;
  }
  const key = `${paged ? '' : '!'}${extra.join('&')}`;
  let reserved = reservedSets.get(key);
  if (reserved === undefined) {
    reserved = { set: new Set([...(paged ? ROUTE_PARAMETERS : []), ...extra]), key };
    // Routes name a handful of lists; a bound all the same.
    if (reservedSets.size >= 64) reservedSets.clear();
    reservedSets.set(key, reserved);
  }
  if (ofList !== undefined) {
    if (paged) ofList.paged = reserved;
    else ofList.plain = reserved;
  }
  return reserved;
}

/** The request's query as Django's `QueryDict.get` sees it: the last value of each name. */
export function lastValues(url: URL): Query {
  return lastValuesOf(url.searchParams);
}


/**
 * A list's filters, ready to select rows: every predicate must hold; sources narrow the search.
 * Its lists may be a kept binding's, frozen (`compileSearch`): a route adding a filter copies them.
 */
export interface RowFilters<Row> {
  readonly predicates: readonly Predicate<Row>[];
  readonly sources: readonly CandidateSource[];
}

export type FilterOutcome<Row> = RowFilters<Row> | { response: Response };

/**
 * Compiles a list route's filters from the query. Unknown parameters are ignored, as Omnitron
 * does, and named in `X-Mock-Ignored-Params` and a log line; `--strict` refuses them with a 400.
 * A parameter the spec lists but no filter serves would be silently ignored, so the spec's own
 * parameters count as known only through the filter set (a test keeps the two equal).
 */
export function applyListFilters<Row>(
  c: Context<AppEnv>,
  defs: readonly FilterDef<Row>[],
  options: {
    strict: boolean;
    /** Route parameters beyond page and limit that this list serves (`export_format`, `key`). */
    extraReserved?: readonly string[];
    /** Given the request too, so that a route can pass one function for all its requests. */
    onIgnored?: (names: string[], c: Context<AppEnv>) => void;
    /** False for a list answered as a plain array: `page` and `limit` are then ignored, and named so. */
    paged?: boolean;
  },
): FilterOutcome<Row> {
  const reserved = reservedSet(options.extraReserved ?? NO_EXTRA_RESERVED, options.paged !== false);
  const compiled = compileSearch(defs, queryTextOf(c.req.url), reserved.set, reserved.key);
  if (Object.keys(compiled.errors).length > 0) return { response: c.json(compiled.errors, 400) };
  if (compiled.ignored.length > 0) {
    if (options.strict) {
      const errors = Object.fromEntries(compiled.ignored.map((n) => [clipEcho(n), ['Unknown query parameter (refused by --strict).']]));
      return { response: c.json(errors, 400) };
    }
    // Percent-encoded: a name is client text, and a control or non-Latin-1 character in a header
    // value throws (a 500), while a newline in a log line would forge another line (issue 13).
    c.header('X-Mock-Ignored-Params', ignoredHeaderNames(compiled.ignored).join(','));
    // The log line gets every name whole: its scrubber masks a secret only where it appears whole,
    // and a clip could cut one short of it (the header goes back only to the client that sent it).
    options.onIgnored?.(compiled.ignored.map(encodeURIComponent), c);
  }
  // The compiled filters as they are (a kept binding's lists are frozen: filter-engine.ts).
  return compiled;
}

/** At most this many characters of names in `X-Mock-Ignored-Params` (Node's client reads 16 KiB of headers). */
const IGNORED_HEADER_MAX = 1024;

/**
 * The ignored names as the header gives them: each clipped (`clipEcho`) and percent-encoded, as many as fit in `IGNORED_HEADER_MAX`, then `+N` for the rest — a 6 KB URL
 * of `|` made an 18 KB header no Node client could read.
 */
export function ignoredHeaderNames(ignored: readonly string[]): string[] {
  const names: string[] = [];
  let size = 0;
  for (const name of ignored) {
    const encoded = encodeURIComponent(clipEcho(name));
    if (size + encoded.length + 1 > IGNORED_HEADER_MAX) {
      names.push(`+${ignored.length - names.length}`);
      break;
    }
    names.push(encoded);
    size += encoded.length + 1;
  }
  return names;
}
