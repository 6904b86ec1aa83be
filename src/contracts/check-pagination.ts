import { pythonInt } from '../common/python-int.ts';
import type { RawFinding } from './contract-finding.ts';
import { queryOf } from './check-filters.ts';
import type { SideRole } from './targets.ts';

/** DRF's cap on `limit` (DOMAIN.md §1): a larger one answers at most this many rows. */
export const MAX_LIMIT = 1000;

/** A positive whole number as DRF reads `limit` and `page` (Python's `int()`: `" 2"`, `"+2"`), else null. */
function positive(text: string | undefined): number | null {
  const n = text === undefined ? null : pythonInt(text);
  return n !== null && n >= 1 ? n : null;
}

interface Page {
  count: number;
  next: unknown;
  previous: unknown;
  results: unknown[];
}

function isPage(body: unknown): body is Page {
  if (body === null || typeof body !== 'object') return false;
  const b = body as Record<string, unknown>;
  return typeof b.count === 'number' && Array.isArray(b.results);
}

/**
 * What `limit` and `page` promise about a paginated answer, on one side: at most `limit` rows,
 * `count` at least the rows shown (and rows on page 1 when `count` says there are any), no
 * `previous` on page 1 and one after it, a `next` exactly when rows lie beyond this page, and
 * links that keep every other query parameter and point at the neighbouring page.
 */
export function checkPagination(url: string, body: unknown, side: SideRole): RawFinding[] {
  if (!isPage(body)) return [];
  const query = queryOf(url);
  const out: RawFinding[] = [];
  const broken = (path: string, expected: string, actual: string, message: string) =>
    out.push({ kind: 'promise', side, path, expected, actual, message });
  const limitText = query.get('limit');
  const asked = positive(limitText);
  const limit = asked === null ? null : Math.min(asked, MAX_LIMIT);
  const pageText = query.get('page');
  // DRF reads `page` as `query_params.get('page') or 1`: an empty one is page 1.
  const page = pageText === undefined || pageText === '' ? 1 : positive(pageText);
  const shown = body.results.length;
  if (limit !== null && shown > limit) broken('/results', `at most ${limit} rows`, `${shown} rows`, `the request asks for limit=${limit}`);
  if (body.count < shown) broken('/count', `at least ${shown}`, String(body.count), 'count is less than the rows shown');
  if (page === null) return out;
  if (page === 1 && body.count > 0 && shown === 0) broken('/results', 'rows', 'no rows', `count is ${body.count}, yet page 1 shows none`);
  if (page === 1 && body.previous !== null) broken('/previous', 'null', 'a link', 'page 1 has no previous page');
  if (page > 1 && typeof body.previous !== 'string') broken('/previous', 'a link', JSON.stringify(body.previous), `page ${page} has a previous page`);
  // Without a limit the page size is the target's own: known only from a full first page.
  const size = limit ?? (page === 1 ? shown : null);
  if (size !== null) {
    const beyond = body.count > (page - 1) * size + shown;
    if (beyond && typeof body.next !== 'string') broken('/next', 'a link', JSON.stringify(body.next), `count ${body.count} goes beyond this page`);
    if (!beyond && body.next !== null) broken('/next', 'null', 'a link', `count ${body.count} ends on this page`);
  }
  for (const [key, target] of [['next', page + 1], ['previous', page - 1]] as const) {
    const link = body[key];
    if (typeof link !== 'string') continue;
    const problem = linkProblem(link, query, target);
    if (problem) broken(`/${key}`, `page ${target} of the same query`, problem, `the ${key} link does not keep the request's query`);
  }
  return out;
}

/** Why a page link is not `query` on page `target` (page 1 may leave `page` out, as DRF does); null when it is. */
function linkProblem(link: string, query: ReadonlyMap<string, string>, target: number): string | null {
  let linked: Map<string, string>;
  try {
    linked = queryOf(new URL(link, 'http://contract.invalid').search);
  } catch {
    return 'not a URL';
  }
  const page = linked.get('page');
  if (!(page === String(target) || (target === 1 && page === undefined))) return `page ${page ?? 'absent'}`;
  for (const [name, value] of query) {
    if (name === 'page') continue;
    if (linked.get(name) !== value) return `${name}=${linked.get(name) ?? '(absent)'}`;
  }
  return null;
}
