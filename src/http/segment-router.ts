import type { Params, Result, Router } from 'hono/router';
import { TrieRouter } from 'hono/router/trie-router';

/** A route as added: its method (`ALL` for middleware), its order, handler and parameter names. */
interface Route<T> {
  method: string;
  order: number;
  handler: T;
  /** Per segment, the parameter name there, or null for a literal; null when it has none. */
  names: Array<string | null> | null;
  /** Routes with the same path share one id, so a match builds their parameters once. */
  pathId: number;
}

/** One level of the tree: literal segments by text, one node for any parameter, routes ending here. */
interface Node<T> {
  literals: Map<string, Node<T>>;
  param: Node<T> | null;
  routes: Route<T>[];
  /** `matchCombined`'s answers for paths ending here, by method (null: nothing matches), and the routes' count they were made at. */
  combined: Map<string, Combined<T> | null> | null;
  combinedAt: number;
}

/** What `combine` made of a match's handlers, and the match's last route (its parameters stand for the match). */
interface Combined<T> {
  value: T;
  last: Route<T>;
  /**
   * The whole match, made once, where the last route has no parameters (a list's path): Hono
   * only reads a match (its `Context`, `HonoRequest`), so every request may share it — no three
   * arrays a request (issue 26, nineteenth session). Frozen, with the value it holds (`combined`).
   */
  whole: Result<T> | null;
}

const node = <T>(): Node<T> => ({ literals: new Map(), param: null, routes: [], combined: null, combinedAt: -1 });
const NO_PARAMS: Params = Object.freeze(Object.create(null) as Params);

/**
 * Hono's `TrieRouter` answers, for the paths this app registers, faster and with less garbage
 * (issue 26): literal segments, whole-segment `:name` parameters and the catch-all `/*` that
 * `app.use('*')` adds. A match is every route whose method (or `ALL`) and path fit, in the order
 * they were added, each with its own parameters — what `TrieRouter` returns. The moment a path of
 * another form is added (an optional or a pattern parameter, a wildcard inside a path, a `{…}`
 * group), every route goes to a `TrieRouter` instead, so any app answers as on Hono's own router;
 * `test/segment-router.test.ts` compares the two on every path shape the mock's routes have.
 */
export class SegmentRouter<T> implements Router<T> {
  name = 'SegmentRouter';
  readonly #root: Node<T> = node();
  /** The `/*` routes: they fit every path. */
  readonly #everywhere: Route<T>[] = [];
  readonly #added: Array<[string, string, T]> = [];
  readonly #pathIds = new Map<string, number>();
  /** Every method a route names: any other method matches only `ALL` routes, alike everywhere. */
  readonly #methods = new Set<string>();
  #fallback: TrieRouter<T> | null = null;
  #wildcardTrie: { router: TrieRouter<T>; routes: number } | null = null;

  add(method: string, path: string, handler: T): void {
    this.#added.push([method, path, handler]);
    this.#methods.add(method);
    if (this.#fallback) return this.#fallback.add(method, path, handler);
    const segments = plainSegments(path);
    if (segments === null) {
      this.#fallback = this.#trie();
      return;
    }
    let pathId = this.#pathIds.get(path);
    if (pathId === undefined) this.#pathIds.set(path, (pathId = this.#pathIds.size));
    const route: Route<T> = { method, order: this.#added.length, handler, names: null, pathId };
    if (segments === 'everywhere') {
      this.#everywhere.push(route);
      return;
    }
    let at = this.#root;
    for (const [i, segment] of segments.entries()) {
      if (segment.startsWith(':')) {
        (route.names ??= Array<string | null>(segments.length).fill(null))[i] = segment.slice(1);
        at = at.param ??= node();
      } else {
        let next = at.literals.get(segment);
        if (next === undefined) at.literals.set(segment, (next = node()));
        at = next;
      }
    }
    at.routes.push(route);
  }

  match(method: string, path: string): Result<T> {
    if (this.#fallback) return this.#fallback.match(method, path);
    // A `*` in the request's own path meets `TrieRouter`'s wildcard nodes as literals too (`GET /*`
    // finds the catch-all routes twice there): such a path is matched by one, built on first need.
    if (path.includes('*')) return this.#trie().match(method, path);
    const parts = path.split('/');
    // As Hono's `splitPath`: the empty text before the leading slash is not a segment.
    const from = parts[0] === '' ? 1 : 0;
    // No segment at all (`''`, which Hono never asks for): `TrieRouter` finds nothing, not even `/*`.
    if (from === parts.length) return [[]];
    const found: Route<T>[] = [];
    for (const r of this.#everywhere) if (r.method === method || r.method === 'ALL') found.push(r);
    collect(this.#root, parts, from, method, found);
    // In the order the routes were added (insertion sort: a match holds a handful).
    for (let i = 1; i < found.length; i += 1) {
      const r = found[i]!;
      let j = i - 1;
      for (; j >= 0 && found[j]!.order > r.order; j -= 1) found[j + 1] = found[j]!;
      found[j + 1] = r;
    }
    const out: Array<[T, Params]> = new Array(found.length);
    let lastId = -1;
    let lastParams = NO_PARAMS;
    for (let i = 0; i < found.length; i += 1) {
      const r = found[i]!;
      if (r.names !== null && r.pathId !== lastId) {
        lastParams = paramsOf(r.names, parts, from);
        lastId = r.pathId;
      }
      out[i] = [r.handler, r.names === null ? NO_PARAMS : lastParams];
    }
    return [out];
  }

  /**
   * `match`, for a caller that runs a match's handlers as one (fused-router.ts): the one value
   * `combine` makes of the matched handlers (in `match`'s order), with the last route's
   * parameters — `[[[combined, params]]]`, or `[[]]` when nothing matches. What `combine` made is
   * kept on the tree node the path ends at, by method, until a route is added, so a path of a
   * known shape builds no list of matches at all (issue 26). Null when the path is not one this
   * keeps (it ends at no node, or at two: a literal and a parameter at one place, or the routes
   * are `TrieRouter`'s): ask `match`.
   */
  matchCombined(method: string, path: string, combine: (handlers: T[]) => T): Result<T> | null {
    if (this.#fallback || path.includes('*')) return null;
    const parts = path.split('/');
    const from = parts[0] === '' ? 1 : 0;
    if (from === parts.length) return null;
    const end = endOf(this.#root, parts, from);
    if (end === null) return null;
    if (end.combinedAt !== this.#added.length) {
      end.combined = new Map();
      end.combinedAt = this.#added.length;
    }
    // Methods no route names share one entry: a caller's made-up methods (`app.request()`, msw)
    // would otherwise each stay on the node for good (review, thirteenth session). `''` is no
    // method a request can carry (`Request` refuses an empty one).
    const slot = this.#methods.has(method) ? method : '';
    let kept = end.combined!.get(slot);
    if (kept === undefined) {
      const found: Route<T>[] = [];
      for (const r of this.#everywhere) if (r.method === method || r.method === 'ALL') found.push(r);
      for (const r of end.routes) if (r.method === method || r.method === 'ALL') found.push(r);
      found.sort((a, b) => a.order - b.order);
      kept = found.length === 0 ? null : combined(combine(found.map((r) => r.handler)), found[found.length - 1]!);
      end.combined!.set(slot, kept);
    }
    if (kept === null) return [[]];
    if (kept.whole !== null) return kept.whole;
    return [[[kept.value, paramsOf(kept.last.names!, parts, from)]]];
  }

  /**
   * Only the catch-all `/*` routes of `method` (or `ALL`), in the order they were added: the
   * match of a path that no other route may take, one with a `.` or `..` segment
   * (dot-segments.ts), whichever router would match it (fused-router.ts).
   */
  matchEverywhere(method: string): Result<T> {
    const out: Array<[T, Params]> = [];
    for (const [m, p, h] of this.#added) if ((p === '/*' || p === '*') && (m === method || m === 'ALL')) out.push([h, NO_PARAMS]);
    return [out];
  }

  /** A `TrieRouter` of every route added so far (rebuilt if routes were added since). */
  #trie(): TrieRouter<T> {
    if (this.#wildcardTrie === null || this.#wildcardTrie.routes !== this.#added.length) {
      const router = new TrieRouter<T>();
      for (const [m, p, h] of this.#added) router.add(m, p, h);
      this.#wildcardTrie = { router, routes: this.#added.length };
    }
    return this.#wildcardTrie.router;
  }
}

/** Every route ending where `parts` (from `i` on) lead, literal and parameter branches alike. */
function collect<T>(at: Node<T>, parts: string[], i: number, method: string, found: Route<T>[]): void {
  if (i === parts.length) {
    for (const r of at.routes) if (r.method === method || r.method === 'ALL') found.push(r);
    return;
  }
  const part = parts[i]!;
  const literal = at.literals.get(part);
  if (literal !== undefined) collect(literal, parts, i + 1, method, found);
  // A parameter never takes an empty segment (`/a//b/`, the text after a trailing slash). A `.` or
  // `..` segment never reaches here: fused-router.ts matches such a path to the catch-all alone.
  if (at.param !== null && part !== '') collect(at.param, parts, i + 1, method, found);
}

/**
 * The one node `parts` (from `i` on) lead to, where only one does: null when none does, or more
 * than one (a literal and a parameter both fit a segment and both lead on to an end).
 */
function endOf<T>(root: Node<T>, parts: string[], from: number): Node<T> | null {
  let at = root;
  for (let i = from; i < parts.length; i += 1) {
    const part = parts[i]!;
    const literal = at.literals.get(part);
    // A parameter never takes an empty segment (`/a//b/`, the text after a trailing slash).
    const param = part === '' ? null : at.param;
    if (literal !== undefined && param !== null) return null;
    const next = literal ?? param;
    if (next === undefined || next === null) return null;
    at = next;
  }
  return at;
}

/** A match's combined value, with its whole answer when it has no parameters (`Combined.whole`). */
function combined<T>(value: T, last: Route<T>): Combined<T> {
  // Frozen itself too: a parameterless match hands this same value to every request (rev-rl5).
  Object.freeze(value);
  const whole = last.names === null ? (Object.freeze([Object.freeze([Object.freeze([value, NO_PARAMS])])]) as unknown as Result<T>) : null;
  return { value, last, whole };
}

/**
 * Parameters without a prototype (`c.req.param('constructor')` finds nothing), as Hono's own are,
 * but made by a constructor: `Object.create(null)` makes an object V8 keeps as a dictionary.
 */
const NoPrototype = function NoPrototype() {} as unknown as new () => Params;
NoPrototype.prototype = Object.create(null) as Params;

function paramsOf(names: Array<string | null>, parts: string[], from: number): Params {
  const params = new NoPrototype();
  for (let i = 0; i < names.length; i += 1) {
    const name = names[i];
    if (name != null && !(name in params)) params[name] = parts[from + i]!;
  }
  return params;
}

/**
 * A path's segments when every one is a literal or a whole `:name` parameter, `everywhere` for
 * `/*` (or `*`), and null for any other form (left to `TrieRouter`).
 */
function plainSegments(path: string): string[] | 'everywhere' | null {
  if (path === '/*' || path === '*') return 'everywhere';
  if (!path.startsWith('/') || /[*?{}()]/.test(path)) return null;
  const segments = path.split('/').slice(1);
  for (const s of segments) if (s.includes(':') && !/^:[^:/]+$/.test(s)) return null;
  return segments;
}
