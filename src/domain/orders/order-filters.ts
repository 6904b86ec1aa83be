import type { FilterDef } from '../shared/filter-engine.ts';
import { ORDER_STATUS_CODES, type Order } from '../../store/types.ts';

/** The integration order list's filters: the Search Order page's `status` and `is_send`, and `number`. */
export function orderFilters(): FilterDef<Order>[] {
  return [
    { name: 'status', kind: 'choice', choices: ORDER_STATUS_CODES, value: (o) => o.status },
    { name: 'is_send', kind: 'bool', value: (o) => o.is_send },
    { name: 'number', kind: 'text', value: (o) => o.number },
  ];
}
