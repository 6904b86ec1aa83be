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

/** The served operations the resource engine answers: those no domain handler serves. */
export function engineOperations(operations: readonly Operation[], domain: ReadonlySet<string> = DOMAIN_OPERATIONS): Operation[] {
  return operations.filter((op) => !domain.has(op.operationId));
}
