import type { RawFinding } from './contract-finding.ts';
import { filterAccepts } from './filter-match.ts';
import { filterOf } from './list-filters.ts';
import { reportableValue } from './reportable-value.ts';
import type { SideRole } from './targets.ts';

/** The rows of a list answer: a paginated body's `results`, or a bare array. Null for anything else. */
export function rowsOf(body: unknown): unknown[] | null {
  if (Array.isArray(body)) return body;
  if (body !== null && typeof body === 'object' && Array.isArray((body as { results?: unknown }).results)) {
    return (body as { results: unknown[] }).results;
  }
  return null;
}

/** The last value of each query parameter, as Django's `QueryDict.get` reads it. */
export function queryOf(url: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of new URL(url, 'http://contract.invalid').searchParams) out.set(k, v);
  return out;
}

/**
 * What the list filters of a request promise about its answer, checked on one side's rows:
 * every row of `?status=waiting` has `status` `waiting`, every row of `?pk__in=1,2` is 1 or 2,
 * and so on for every filter `LIST_FILTERS` knows on this operation. One finding per broken
 * filter (the first row that breaks it), at that row's path. Filters the table does not know,
 * and values it cannot judge, are left to the status and schema checks.
 */
export function checkFilters(operationId: string | null, url: string, body: unknown, side: SideRole): RawFinding[] {
  const rows = operationId ? rowsOf(body) : null;
  if (!rows || !operationId) return [];
  const base = Array.isArray(body) ? '' : '/results';
  const out: RawFinding[] = [];
  for (const [parameter, query] of queryOf(url)) {
    const known = filterOf(operationId, parameter);
    if (!known) continue;
    for (let i = 0; i < rows.length; i += 1) {
      const value = valueAt(rows[i], known.filter.path);
      if (value === undefined) continue;
      if (filterAccepts(known.filter.match, known.lookup, query, value) !== false) continue;
      out.push({
        kind: 'promise', side, path: `${base}/${i}/${known.filter.path.replace(/\./g, '/')}`,
        expected: `${parameter}=${query}`, actual: reportableValue(known.filter.path.split('.').pop()!, value),
        message: `the request filters ${parameter}=${query}, but row ${i} does not match it`,
      });
      break;
    }
  }
  return out;
}

/** The value at a dotted path inside one row; undefined where the row does not carry it. */
function valueAt(row: unknown, path: string): unknown {
  let node = row;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
