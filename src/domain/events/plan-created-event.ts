import type { Store } from '../../store/store.ts';
import type { CancellationPlan } from '../../store/types.ts';
import { serializePlan } from '../plans/serialize-plan.ts';
import { makeEvent, type OmnitronEvent } from './event-bus.ts';

/**
 * The `cancellation_plan.created` event of a plan just written (DOMAIN.md §5): its payload is the
 * plan as retrieve answers it at this moment, so build it after every write of the creation.
 */
export function planCreatedEvent(store: Store, plan: CancellationPlan): OmnitronEvent {
  return makeEvent('cancellation_plan.created', serializePlan(store, plan));
}
