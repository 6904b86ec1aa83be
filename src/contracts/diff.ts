import { mediaTypeOf } from '../spec/response-checker.ts';
import type { RawFinding } from './contract-finding.ts';
import { collectShape, type JsonType, type PathShape, type Shape } from './json-shape.ts';

/**
 * The fields whose values are compared between the sides by default: none. Mock and target hold
 * different data, so what an answer's values must be follows from its own request (filters,
 * `limit`, sent values, `expect.json`), checked on each side alone; `--compare` and a step's
 * `compareValues` opt back in where a scenario has made the data the same.
 */
export const DEFAULT_COMPARED_FIELDS: readonly string[] = [];

/** One side's answer as the diff sees it. */
export interface DiffSide {
  contentType: string | null;
  /** Parsed JSON, or anything else for a non-JSON answer (then only the media type is compared). */
  body: unknown;
  /** True when `body` is parsed JSON. */
  json: boolean;
  /** True when the answer has no body (a 204, a bare redirect). */
  empty: boolean;
}

export interface DiffOptions {
  comparedFields: readonly string[];
  /** Whether the schema lets `path` be null (`nullAllowedAt` over the answer's schema). */
  nullAllowed: (path: string) => boolean;
  /** Whether `path` is a key of a free-form object (`isFreeFormKey`): data, not compared. */
  freeForm: (path: string) => boolean;
  /**
   * True when the request leaves the order to the server (no `ordering`) and a domain handler serves
   * it (DOMAIN.md states its order): the rows' order by identity is compared.
   */
  defaultOrder?: boolean;
}

/**
 * The structural diff of a mock answer and a target answer to the same step, given the same
 * status. Pure: no I/O, no spec loading. Compared: the media type; then, for JSON, every path's
 * presence and type (array items merged, so bodies holding different records still compare);
 * a key every mock item carries but some target items lack; null against a value only where
 * the schema forbids null; the values of the compared enumerated fields; and, where
 * `defaultOrder` asks, the rows' order by identity. Values are
 * otherwise ignored, and so are the keys of free-form objects (`attributes`): a live target
 * holds other data.
 */
export function diffAnswers(mock: DiffSide, target: DiffSide, options: DiffOptions): RawFinding[] {
  const mockType = mediaTypeOf(mock.contentType);
  const targetType = mediaTypeOf(target.contentType);
  // Two empty answers carry no media: servers label an empty redirect differently (or not at all).
  if (mockType !== targetType && !(mock.empty && target.empty)) {
    return [finding('content-type', '', mockType ?? 'none', targetType ?? 'none', 'the media types differ')];
  }
  if (!mock.json || !target.json) return [];
  const m = collectShape(mock.body, options.comparedFields);
  const t = collectShape(target.body, options.comparedFields);
  const out: RawFinding[] = [];
  const paths = [...m.keys(), ...[...t.keys()].filter((p) => !m.has(p))];
  const dataKeys = new Set<string>();
  for (const path of paths) {
    if (underDataKey(path, dataKeys)) continue;
    if (options.freeForm(path)) {
      dataKeys.add(path);
      continue;
    }
    if (!comparable(path, m, t)) continue;
    const a = m.get(path);
    const b = t.get(path);
    if (!a) out.push(finding('presence', path, 'absent', types(b!), 'the target sends a field the mock does not'));
    else if (!b) out.push(finding('presence', path, types(a), 'absent', 'the target omits a field the mock sends'));
    else out.push(...comparePath(path, a, b, parentOf(path), m, t, options));
  }
  if (options.defaultOrder) out.push(...compareOrder(mock.body, target.body));
  return out;
}

/** At least this many rows a side before its order by identity says anything (two rows are always in some order). */
const ORDER_ROWS = 3;

type IdOrder = 'descending' | 'ascending' | 'in no order';

/**
 * The order of a page's rows by their identity (`pk`, else `id`, a whole number), or null where
 * it cannot say: not a DRF page, fewer than `ORDER_ROWS` rows, a row without one.
 */
function idOrderOf(body: unknown): IdOrder | null {
  const rows = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(rows) || rows.length < ORDER_ROWS) return null;
  const ids: number[] = [];
  for (const row of rows) {
    const r = row as Record<string, unknown> | null;
    const id = r?.pk ?? r?.id;
    if (typeof id !== 'number' || !Number.isInteger(id)) return null;
    ids.push(id);
  }
  const down = ids.every((id, i) => i === 0 || ids[i - 1]! > id);
  const up = ids.every((id, i) => i === 0 || ids[i - 1]! < id);
  return down ? 'descending' : up ? 'ascending' : 'in no order';
}

/**
 * The default order (DOMAIN.md §1, inferred: newest first, `-pk`): where the mock's page lists
 * its rows by identity one way and the target's does not, the inference is wrong or the target
 * changed, and no value comparison would say so (the rows differ between the sides anyway).
 * Asked only of a domain handler's list (`defaultOrder`): the engine's order is the mock's own choice.
 */
function compareOrder(mock: unknown, target: unknown): RawFinding[] {
  const m = idOrderOf(mock);
  const t = idOrderOf(target);
  if (m === null || t === null || m === 'in no order' || m === t) return [];
  return [finding('order', '/results', `rows by identity ${m}`, `rows by identity ${t}`, 'the rows are not in the mock\'s default order')];
}

function comparePath(path: string, a: PathShape, b: PathShape, parent: string, m: Shape, t: Shape, options: DiffOptions): RawFinding[] {
  const out: RawFinding[] = [];
  if (!path.endsWith('/*') && path !== '') {
    // Every mock object has this key, but not every target object: an item shape differs.
    const mockObjects = m.get(parent)!.objects;
    const targetObjects = t.get(parent)!.objects;
    if (a.count === mockObjects && b.count < targetObjects) {
      out.push(finding('presence', path, `in all ${mockObjects}`, `in ${b.count} of ${targetObjects}`, 'some target items omit a field every mock item sends'));
    }
  }
  const av = withoutNull(a.types);
  const bv = withoutNull(b.types);
  if (av.size > 0 && bv.size > 0 && !sameSet(av, bv)) {
    out.push(finding('type', path, types(a), types(b), 'the types differ'));
  } else if (a.types.has('null') !== b.types.has('null') && !options.nullAllowed(path)) {
    out.push(finding('null', path, types(a), types(b), 'null against a value where the schema forbids null'));
  }
  if (a.values && b.values && !sameSet(a.values, b.values)) {
    out.push(finding('value', path, [...a.values].sort().join(', '), [...b.values].sort().join(', '), 'the values differ'));
  }
  return out;
}

/**
 * A path is compared only where both sides could have it: its parent is an object on both
 * sides (for a key), or the array is non-empty on both (for `*`). An empty list on one side,
 * or a value the other side sends as null, says nothing about the children.
 */
function comparable(path: string, m: Shape, t: Shape): boolean {
  if (path === '') return true;
  if (path.endsWith('/*')) return m.has(path) && t.has(path);
  const parent = parentOf(path);
  return (m.get(parent)?.objects ?? 0) > 0 && (t.get(parent)?.objects ?? 0) > 0;
}

/** True when `path` lies under a free-form key already set aside. */
function underDataKey(path: string, dataKeys: ReadonlySet<string>): boolean {
  if (dataKeys.size === 0) return false;
  for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) {
    if (dataKeys.has(path.slice(0, cut))) return true;
  }
  return false;
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

function withoutNull(set: Set<JsonType>): Set<JsonType> {
  return new Set([...set].filter((x) => x !== 'null'));
}

function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function types(shape: PathShape): string {
  return [...shape.types].sort().join('|');
}

function finding(kind: RawFinding['kind'], path: string, expected: string, actual: string, message: string): RawFinding {
  return { kind, side: 'target', path, expected, actual, message };
}
