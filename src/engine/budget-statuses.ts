import { addBudgetStatus } from '../spec/drf-statuses.ts';
import { matchDomainResource } from './domain-resources.ts';
import type { ActionKind, EngineAction } from './resource-plan.ts';

/** The engine's handlers that spend the write budget (`engine-routes.ts`): a generic row made or changed. */
const SPENDING: ReadonlySet<ActionKind> = new Set(['create', 'update', 'partial_update']);

/**
 * True when the engine answers the action with a handler that spends the write budget, and so
 * can answer its 507 (ADR 0022): a create, update or partial update of a generic collection. A
 * resource the domain holds writes through the domain's rule (a reason's fixed-size fields) or
 * answers 405; a custom action answers its documented body and stores nothing; a destroy frees.
 */
export function spendsWriteBudget(action: EngineAction): boolean {
  return SPENDING.has(action.kind) && matchDomainResource(action) === null;
}

/**
 * Documents the 507 on exactly the engine operations that can answer it, in the served copy
 * (the document's own statuses are kept): run on the engine's plan, before any answer is
 * checked against the documents. A contract tool reading the served document then expects a
 * 507 only where a request can get one.
 */
export function documentWriteBudget(actions: readonly EngineAction[]): void {
  for (const action of actions) if (spendsWriteBudget(action)) addBudgetStatus(action.op);
}
