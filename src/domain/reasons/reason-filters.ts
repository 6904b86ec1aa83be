import type { FilterDef } from '../shared/filter-engine.ts';
import { CANCELLATION_TYPES, type CancellationReason } from '../../store/types.ts';

/** The reason list's filters (inferred: the vendor publishes no list). */
export function reasonFilters(): FilterDef<CancellationReason>[] {
  return [
    { name: 'cancellation_type', kind: 'choice', choices: CANCELLATION_TYPES, value: (r) => r.cancellation_type },
    { name: 'is_active', kind: 'bool', value: (r) => r.is_active },
  ];
}
