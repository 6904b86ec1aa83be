import type { Store } from '../../store/store.ts';
import type { CancellationPlan } from '../../store/types.ts';
import { rangeIndexOf, type RangeSpec, type TextRange, type ValueRange } from '../../store/range-index.ts';
import { readinessOf } from '../../store/readiness.ts';
import { candidatesOf, type Candidates } from '../../store/candidates.ts';
import { indexOf, type IndexKey, type IndexSpec } from '../../store/value-index.ts';
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

/** The plans that name `key` as their related plan (a relation no store map keeps in reverse). */
const BY_RELATED: IndexSpec<CancellationPlan> = { rows: (s) => s.plans, fields: { related: (p) => p.related_cancellationplan } };

/** The rest of the plan list's exact filters (issue 26), built on the first list that asks. */
const PLAN_MORE: IndexSpec<CancellationPlan> = {
  rows: (store) => store.plans,
  fields: {
    invoice_number: (p) => p.invoice_number,
    created_by: (p) => p.created_by,
    last_updated_by: (p) => p.last_updated_by,
    staff_remote_id: (p) => p.staff_remote_id,
    retail_store_remote_id: (p) => p.retail_store_remote_id,
    related_cancellationplan: (p) => p.related_cancellationplan,
    related_plan_type: (p, s) => (p.related_cancellationplan === null ? null : s.plans.get(p.related_cancellationplan)?.plan_type),
  },
  reads: (store) => [
    { rows: store.plans, affected: (plan) => indexOf(store, 'plan-by-related', BY_RELATED)?.lookup('related', [plan]).keys() ?? [] },
  ],
};

const dateSpec = (value: (p: CancellationPlan, s: Store) => string | undefined): RangeSpec<CancellationPlan> => ({
  rows: (store) => store.plans,
  value,
  accepts: isCanonicalIso,
});
/** Plans by `created_date` (ranges: `__gte`, `__date__lt`…), by `modified_date`, by the order's invoice date. */
const CREATED_INDEX = dateSpec((p) => p.created_date);
const MODIFIED_INDEX = dateSpec((p) => p.modified_date);
const INVOICE_INDEX: RangeSpec<CancellationPlan> = {
  ...dateSpec((p, s) => s.orders.get(p.order)?.invoice_date ?? undefined),
  reads: (store) => [{ rows: store.orders, affected: (order) => store.plansByOrder.get(order) ?? [] }],
};
/**
 * One channel's plans of one status in a channel feed's order (`modified_date`, then key: a range
 * index's order): `{channel}\u0001{status}\u0001{modified_date}`, so a feed by `status` reads its
 * page from the front of one range instead of walking every plan by date (issue 26).
 */
const FEED_STATUS_INDEX: RangeSpec<CancellationPlan> = {
  rows: (store) => store.plans,
  value: (p, s) => {
    const channel = s.orders.get(p.order)?.channel;
    return channel === undefined ? undefined : feedStatusKey(channel, p.status) + p.modified_date;
  },
  accepts: (v) => isCanonicalIso(v.slice(v.lastIndexOf('\u0001') + 1)),
  reads: (store) => [{ rows: store.orders, affected: (order) => store.plansByOrder.get(order) ?? [] }],
};
const feedStatusKey = (channel: number, status: string) => `${channel}\u0001${status}\u0001`;

const KEY_INDEX: RangeSpec<CancellationPlan, number> = { rows: (s) => s.plans, value: (p) => p.pk, accepts: () => true, isKey: true };

type Lookup = (values: readonly IndexKey[]) => Candidates | null;

/**
 * Null when every index a plan list (or a channel's plan feed) can use is built — the hot path:
 * no promise — else a promise that builds the missing ones in slices and resolves when they are
 * (issue 19: the first list after a start or reseed at 100,000 waits, instead of holding every
 * other request for seconds). A session's view waits for its lower map's indexes.
 * @example const waiting = planIndexesReady(store); if (waiting) await waiting;
 */
export const planIndexesReady: (store: Store) => Promise<void> | null = readinessOf(
  (store) => planIndexes(store),
  // Every collection those indexes file or read: a reset or reseed assigns new ones.
  (store) => [store.plans, store.orders],
);

/** `planIndexesReady` for a channel's plan feed: the plan list's indexes and the feed's by status. */
export const planFeedIndexesReady: (store: Store) => Promise<void> | null = readinessOf(
  (store) => [...planIndexes(store), rangeIndexOf(store, 'plan-feed-status', FEED_STATUS_INDEX)],
  (store) => [store.plans, store.orders],
);

function planIndexes(store: Store) {
  return [
    rangeIndexOf(store, 'plan-keys', KEY_INDEX),
    indexOf(store, 'plan-list', PLAN_INDEX),
    rangeIndexOf(store, 'plan-created', CREATED_INDEX),
    rangeIndexOf(store, 'plan-modified', MODIFIED_INDEX),
    indexOf(store, 'plan-more', PLAN_MORE),
    indexOf(store, 'plan-by-related', BY_RELATED),
    rangeIndexOf(store, 'plan-invoiced', INVOICE_INDEX),
  ];
}

/**
 * Candidate plans for the plan list's common filters, each answering the plans that may hold one
 * of the given values — or null when the store's collections cannot be indexed (a hand-made
 * store of plain Maps), and the list reads every plan.
 */
export function planCandidates(store: Store): Record<
  'byPk' | 'byStatus' | 'byPlanType' | 'byOrder' | 'byOrderNumber' | 'byCustomer' | 'byChannel' | 'byChannelType',
  Lookup
> & {
  more: (name: keyof typeof PLAN_MORE.fields) => Lookup;
  pkWithin: (range: ValueRange<number>) => Candidates | null;
  createdWithin: (range: TextRange) => Candidates | null;
  modifiedWithin: (range: TextRange) => Candidates | null;
  invoicedWithin: (range: TextRange) => Candidates | null;
  /** One channel's plans of one status, in the feed's order (`modified_date`, then key). */
  feedByStatus: (channel: number, status: string) => Candidates | null;
} {
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
    more: (name) => (values) => indexOf(store, 'plan-more', PLAN_MORE)?.lookup(name, values) ?? null,
    pkWithin: (range) => rangeIndexOf(store, 'plan-keys', KEY_INDEX)?.lookup(range) ?? null,
    createdWithin: (range) => rangeIndexOf(store, 'plan-created', CREATED_INDEX)?.lookup(range) ?? null,
    modifiedWithin: (range) => rangeIndexOf(store, 'plan-modified', MODIFIED_INDEX)?.lookup(range) ?? null,
    invoicedWithin: (range) => rangeIndexOf(store, 'plan-invoiced', INVOICE_INDEX)?.lookup(range) ?? null,
    feedByStatus: (channel, status) => {
      const key = feedStatusKey(channel, status);
      const range = { lower: { value: key, inclusive: true }, upper: { value: `${key}\uffff`, inclusive: false } };
      return rangeIndexOf(store, 'plan-feed-status', FEED_STATUS_INDEX)?.lookup(range) ?? null;
    },
    // Channels are a handful: find the ones of that type, then their plans.
    byChannelType: (values) => {
      const wanted = new Set(values);
      const channels = [...store.channels.values()].filter((c) => wanted.has(c.channel_type)).map((c) => c.pk);
      return byChannel(channels);
    },
  };
}
