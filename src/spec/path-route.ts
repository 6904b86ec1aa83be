import { pathParamCount, type Operation } from './load-specs.ts';

/**
 * The fewest path parameters of the operations whose pattern matches `path` (Infinity: none does).
 * Where a literal path's text also fits a parameter route (`…/bulk_add_tags/` and `…/{id}/`), the
 * literal one is its own route in Django's URL list, ahead of the other (DRF's router lists a
 * viewset's list-level actions before its detail route): it takes the request, whatever the method.
 */
function fewestParams(operations: readonly Operation[], path: string): number {
  let fewest = Infinity;
  for (const op of operations) {
    const n = pathParamCount(op);
    if (n < fewest && op.pattern.test(path)) fewest = n;
  }
  return fewest;
}

/** The operations of the route that takes `path`, every method's (empty: no route does). */
export function pathOperations(operations: readonly Operation[], path: string): Operation[] {
  const fewest = fewestParams(operations, path);
  return operations.filter((op) => pathParamCount(op) === fewest && op.pattern.test(path));
}

/**
 * The operation a request with `method` on `path` runs: the method's operation of the route that
 * takes the path, undefined when that route does not answer the method (its 405) or no route
 * takes the path. `GET …/bulk_add_tags/` runs nothing, though `…/{id}/` has a GET.
 */
export function operationAt(operations: readonly Operation[], method: string, path: string): Operation | undefined {
  const fewest = fewestParams(operations, path);
  for (const op of operations) if (op.method === method && pathParamCount(op) === fewest && op.pattern.test(path)) return op;
  return undefined;
}

/**
 * The methods a parameter route answers on a literal path whose text it also matches, and the
 * literal route does not (`GET, PUT, PATCH` on `…/bulk_add_tags/`): each path template with such
 * methods, HEAD beside a GET. The app answers them with the literal route's 405 instead of letting
 * the parameter route take the request, as Django's URL list would.
 */
export function literalRefusals(operations: readonly Operation[]): Array<{ path: string; methods: string[] }> {
  const own = new Map<string, Set<string>>();
  for (const op of operations) {
    let methods = own.get(op.path);
    if (methods === undefined) own.set(op.path, (methods = new Set()));
    methods.add(op.method);
  }
  const out: Array<{ path: string; methods: string[] }> = [];
  for (const [path, methods] of own) {
    const others = new Set<string>();
    for (const op of operations) if (shadows(op.path, path)) others.add(op.method);
    const refused = [...others].filter((m) => !methods.has(m));
    if (refused.length > 0) out.push({ path, methods: refused.sort() });
  }
  return out;
}

/**
 * True when template `wide` matches every path template `narrow` matches and has more
 * parameters: same segments, each of `wide`'s a parameter or `narrow`'s literal text, a parameter
 * of `narrow` only under one of `wide`.
 */
export function shadows(wide: string, narrow: string): boolean {
  const w = wide.split('/');
  const n = narrow.split('/');
  if (w.length !== n.length) return false;
  let extra = 0;
  for (let i = 0; i < w.length; i += 1) {
    const wParam = w[i]!.startsWith('{');
    const nParam = n[i]!.startsWith('{');
    if (nParam && !wParam) return false;
    if (!wParam && w[i] !== n[i]) return false;
    if (wParam && !nParam) extra += 1;
  }
  return extra > 0;
}
