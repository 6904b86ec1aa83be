import { pathParamCount, type Operation } from '../spec/load-specs.ts';

/**
 * The literal paths whose text a parameter route also matches (`…/cancellation_requests/bulk_add_tags/`
 * and `…/cancellation_requests/{id}/`), each with the methods only the parameter route serves. In
 * Django the literal route comes first in the URL list and takes the request: a method it does
 * not serve is its 405 (`Allow: POST`), never the parameter route's 404 for an id that is no
 * number. The app answers those methods with its unrouted answer, registered ahead of the
 * resources' routes.
 */
export function literalRefusals(operations: readonly Operation[]): Array<{ path: string; methods: string[] }> {
  const own = new Map<string, Set<string>>();
  for (const op of operations) if (pathParamCount(op) === 0) (own.get(op.path) ?? own.set(op.path, new Set()).get(op.path)!).add(op.method);
  const out: Array<{ path: string; methods: string[] }> = [];
  for (const [path, methods] of own) {
    const answered = new Set(methods);
    if (answered.has('GET')) answered.add('HEAD');
    const others = new Set<string>();
    for (const op of operations) if (pathParamCount(op) > 0 && op.pattern.test(path)) others.add(op.method);
    if (others.has('GET')) others.add('HEAD');
    const refused = [...others].filter((m) => !answered.has(m));
    if (refused.length > 0) out.push({ path, methods: refused });
  }
  return out;
}
