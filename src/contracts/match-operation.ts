import { isMutating } from '../http/operation-gate.ts';
import type { Operation } from '../spec/load-specs.ts';
import { operationAt } from '../spec/path-route.ts';
import type { Step } from './scenario.ts';

/**
 * Finds the operation a step calls from the spec's own path patterns (`Operation.pattern`), on
 * the step's path as written: a `{{name}}` segment matches a path parameter like any value.
 * Where a literal path and a parameter both match (`…/cancellation_plan_statuses/` and
 * `…/{id}/`), the literal wins, as it does in the router, for every method: a method the literal
 * path does not answer calls nothing (its 405), never the `{id}/` operation. A HEAD step calls the path's GET
 * operation, as Django answers HEAD with the GET view (its body dropped), so it is named, found
 * by `--only` and counted in coverage as the GET. Null: the step calls no operation (an unknown
 * route, a path without its trailing slash).
 */
export function matchOperation(operations: readonly Operation[], method: string, path: string): Operation | null {
  return operationAt(operations, method === 'HEAD' ? 'GET' : method, path) ?? null;
}

/**
 * Whether a step writes, derived from what it calls and never from a flag: everything but
 * GET/HEAD/OPTIONS and login (the same rule that makes a read-only token answer 403).
 */
export function stepWrites(step: Step, op: Operation | null): boolean {
  return isMutating({ method: step.request.method as Operation['method'], operationId: op?.operationId ?? '' });
}
