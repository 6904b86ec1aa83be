import type { Store } from '../../store/store.ts';
import type { CancellationPlan } from '../../store/types.ts';
import { rangeIndexOf, type RangeSpec, type TextRange } from '../../store/range-index.ts';
import { candidatesOf, indexOf, type Candidates, type IndexKey, type IndexSpec } from '../../store/value-index.ts';
import { isCanonicalIso } from '../shared/filter-engine.ts';

const orderOf = (p: CancellationPlan, store: Store) => store.orders.get(p.order);

/**
 * What the plan list files plans under: the filters users reach for first (issue 12). Three are
 * the plan's order's fields; an order's write re-files its plans (`reads`).
 */
const PLAN_INDEX: IndexSpec<CancellationPlan> = {
  rows: (store) => store.plans,
  fields: {
    status: (p) => p.status,
    plan_type: (p) => p.plan_type,
    order: (p) => p.order,
    order_number: (p, store) => orderOf(p, store)?.number,
    customer: (p, store) => orderOf(p, store)?.customer,
    channel: (p, store) => orderOf(p, store)?.channel,
  },
  reads: (store) => [{ rows: store.orders, affected: (order) => store.plansByOrder.get(order) ?? [] }],
};

/** Plans by `created_date`, which never changes once a plan is stored (ranges: `__gte`, `__date__lt`…). */
const CREATED_INDEX: RangeSpec<CancellationPlan> = {
  rows: (store) => store.plans,
  value: (p) => p.created_date,
  accepts: isCanonicalIso,
};

type Lookup = (values: readonly IndexKey[]) => Candidates | null;

/**
 * Candidate plans for the plan list's common filters, each answering the plans that may hold one
 * of the given values — or null when the store's collections cannot be indexed (a hand-made
 * store of plain Maps), and the list reads every plan.
 */
export function planCandidates(store: Store): Record<
  'byPk' | 'byStatus' | 'byPlanType' | 'byOrder' | 'byOrderNumber' | 'byCustomer' | 'byChannel' | 'byChannelType',
  Lookup
> & { createdWithin: (range: TextRange) => Candidates | null } {
  const field = (name: string): Lookup => (values) => indexOf(store, 'plan-list', PLAN_INDEX)?.lookup(name, values) ?? null;
  const byChannel = field('channel');
  return {
    byPk: (values) => candidatesOf(values.filter((v): v is number => typeof v === 'number')),
    byStatus: field('status'),
    byPlanType: field('plan_type'),
    byOrder: field('order'),
    byOrderNumber: field('order_number'),
    byCustomer: field('customer'),
    byChannel,
    createdWithin: (range) => rangeIndexOf(store, 'plan-created', CREATED_INDEX)?.lookup(range) ?? null,
    // Channels are a handful: find the ones of that type, then their plans.
    byChannelType: (values) => {
      const wanted = new Set(values);
      const channels = [...store.channels.values()].filter((c) => wanted.has(c.channel_type)).map((c) => c.pk);
      return byChannel(channels);
    },
  };
}
