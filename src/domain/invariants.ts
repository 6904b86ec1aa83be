import type { Store } from '../store/store.ts';
import { InvariantReport } from './shared/invariant-report.ts';
import { checkCatalog } from './shared/invariants-catalog.ts';
import { checkItems } from './shared/invariants-items.ts';
import { checkMoney } from './shared/invariants-money.ts';
import { checkPlans } from './shared/invariants-plans.ts';
import { checkReferences } from './shared/invariants-references.ts';
import { checkRequests } from './shared/invariants-requests.ts';

/**
 * Every rule of DOMAIN.md that a store's state must satisfy at rest, checked at once: references
 * and indexes, money (§2), plans (§4), requests (§3), and each item's and order's status against
 * the plans and requests that touched it. The seed must pass it, and so must the store after any
 * sequence of API writes — tests run random write sequences and call it after each one.
 *
 * Answers human-readable violations, each naming the object and both sides of the broken rule;
 * an empty list means every rule holds.
 * @example expect(checkInvariants(store)).toEqual([])
 */
export function checkInvariants(store: Store): string[] {
  const report = new InvariantReport();
  checkReferences(store, report);
  checkMoney(store, report);
  checkPlans(store, report);
  checkRequests(store, report);
  checkItems(store, report);
  checkCatalog(store, report);
  return report.violations;
}
