import { DOMAIN_OPERATIONS } from './domain-operations.ts';
import type { LoadedSpecs, Operation } from './load-specs.ts';

export { DOMAIN_OPERATIONS };

/**
 * Operations that are specified but not served yet, each with the issue that will serve it.
 * This is the one place to look: the server routes every other operation of `specs/`, and a
 * served operation without a handler stops start-up.
 */
export const HELD_OUT: Readonly<Record<string, string>> = {};


/** The operations the server answers: all of the specs' but the held-out ones. */
export function servedOperations(specs: LoadedSpecs, heldOut: Readonly<Record<string, string>> = HELD_OUT): Operation[] {
  return specs.operations.filter((op) => !(op.operationId in heldOut));
}

/**
 * The served operations the resource engine answers: those no domain handler serves, neither by
 * operationId nor by method and path (`shadowedOperations`).
 */
export function engineOperations(operations: readonly Operation[], domain: ReadonlySet<string> = DOMAIN_OPERATIONS): Operation[] {
  const shadowed = new Set(shadowedOperations(operations, domain).map((s) => s.operation));
  return operations.filter((op) => !domain.has(op.operationId) && !shadowed.has(op));
}

/**
 * The served operations a domain handler answers (`DOMAIN_OPERATIONS`, and those it shadows at
 * their method and path): the ones whose behaviour DOMAIN.md states, as opposed to the resource
 * engine's generic DRF answers. The contract harness compares a list's default order only on these.
 */
export function domainServedOperations(operations: readonly Operation[], domain: ReadonlySet<string> = DOMAIN_OPERATIONS): Operation[] {
  const engine = new Set(engineOperations(operations, domain));
  return operations.filter((op) => !engine.has(op));
}

/** An operation another document describes at a method and path a domain handler serves. */
export interface Shadowed {
  operation: Operation;
  /** The hand-written operation that answers that method and path. */
  by: Operation;
}

/**
 * Operations outside `DOMAIN_OPERATIONS` at the method and path of a hand-written one (path
 * parameters compared by place, not name: `{id}` is `{pk}`), as when the vendor's published
 * fragment of a resource the domain serves is dropped beside the built-in documents. The domain
 * wins (its rules, its objects), the engine does not serve them, and start-up warns naming both
 * (`build-mock.ts`), rather than a second handler lying unreachable behind the first.
 */
export function shadowedOperations(operations: readonly Operation[], domain: ReadonlySet<string> = DOMAIN_OPERATIONS): Shadowed[] {
  const byRoute = new Map<string, Operation>();
  for (const op of operations) if (domain.has(op.operationId)) byRoute.set(routeOf(op), op);
  const out: Shadowed[] = [];
  for (const op of operations) {
    if (domain.has(op.operationId)) continue;
    const by = byRoute.get(routeOf(op));
    if (by) out.push({ operation: op, by });
  }
  return out;
}

function routeOf(op: Operation): string {
  return `${op.method} ${op.path.replace(/\{[^}]+\}/g, '{}')}`;
}
