import type { Store } from '../../store/store.ts';
import { CANCELLATION_TYPES, PLAN_STATUSES, type CancellationPlan } from '../../store/types.ts';
import { COMPARISONS, DATE_LOOKUPS, type FilterDef } from '../shared/filter-engine.ts';
import { tagFilters } from '../shared/tag-filters.ts';
import { planCandidates } from './plan-indexes.ts';

/** Channel types of the vendor's `ChannelType` enum (seed 002). */
export const CHANNEL_TYPES = [
  'hepsiburada', 'hepsiburadads', 'gittigidiyor', 'n11', 'web', 'feed', 'trendyol', 'morhipo',
  'morhipoV2', 'lidyana', 'amazon', 'allegro', 'distributed', 'aliexpress', 'emag',
  'ciceksepeti', 'gordumaldim', 'pazarama', 'flo', 'turkcellds', 'sales_channel',
] as const;

/** A store's filter list and the collections it was made over (the rest it reads when asked). */
interface KeptFilters {
  plans: Store['plans'];
  tags: Store['tags']['cancellation_plan'];
  defs: FilterDef<CancellationPlan>[];
}
const keptFilters = new WeakMap<Store, KeptFilters>();

/**
 * The plan list's filters: every parameter of seed 002 plus the lookups DOMAIN.md §1 promises.
 * Where the vendor names a filter but not the field behind it, the choice is noted (and marked
 * `x-inferred` in the served spec).
 *
 * Made once per store and kept (issue 26: ~17 KB of closures a list request at 100,000 plans,
 * an eighth of what a page of ten allocated, so a sixth more scavenges). The definitions read the
 * store when a filter is asked, except the tag filters, which hold the plans map and the tag
 * index: a reset or reseed assigns new ones, so the list is made again when either changed.
 */
export function planFilters(store: Store): FilterDef<CancellationPlan>[] {
  const kept = keptFilters.get(store);
  const tags = store.tags.cancellation_plan;
  if (kept !== undefined && kept.plans === store.plans && kept.tags === tags) return kept.defs;
  const defs = makePlanFilters(store);
  keptFilters.set(store, { plans: store.plans, tags, defs });
  return defs;
}

const keptFeedFilters = new WeakMap<readonly FilterDef<CancellationPlan>[], FilterDef<CancellationPlan>[]>();

/**
 * A sales channel's plan feed (`inserts_or_updates/`): the plan list's filters, and the status
 * filter under the name the vendor's page gives it there, `cancellation_plan_status`
 * (apidocs.akinon.com/omnitron-openapis/saleschannelcancellationplans); `status` still works.
 */
export function channelFeedFilters(store: Store): FilterDef<CancellationPlan>[] {
  const defs = planFilters(store);
  let feed = keptFeedFilters.get(defs);
  if (feed === undefined) {
    const status = defs.find((d) => d.name === 'status')!;
    feed = [...defs, { ...status, name: FEED_STATUS_FILTER }];
    keptFeedFilters.set(defs, feed);
  }
  return feed;
}

/** The vendor's name of the feed's status filter. */
export const FEED_STATUS_FILTER = 'cancellation_plan_status';

function makePlanFilters(store: Store): FilterDef<CancellationPlan>[] {
  const order = (p: CancellationPlan) => store.orders.get(p.order)!;
  // The common filters answer from indexes (plan-indexes.ts) instead of reading every plan.
  const indexed = planCandidates(store);
  const more = indexed.more;
  return [
    { name: 'pk', kind: 'int', lookups: ['in', ...COMPARISONS], value: (p) => p.pk, candidates: indexed.byPk, numberRange: indexed.pkWithin },
    { name: 'plan_type', kind: 'choice', choices: CANCELLATION_TYPES, value: (p) => p.plan_type, candidates: indexed.byPlanType },
    // The vendor's `status` parameter lists export statuses: a copy slip; it filters plan statuses.
    { name: 'status', kind: 'choice', choices: PLAN_STATUSES, value: (p) => p.status, candidates: indexed.byStatus },
    { name: 'order_id', kind: 'int', value: (p) => p.order, candidates: indexed.byOrder },
    { name: 'order', kind: 'int', value: (p) => p.order, candidates: indexed.byOrder },
    { name: 'order_number', kind: 'text', value: (p) => order(p).number, candidates: indexed.byOrderNumber },
    { name: 'customer_id', kind: 'int', value: (p) => order(p).customer, candidates: indexed.byCustomer },
    { name: 'channel_type', kind: 'choice', choices: CHANNEL_TYPES, value: (p) => store.channels.get(order(p).channel)?.channel_type, candidates: indexed.byChannelType },
    { name: 'channel_id', kind: 'int', exact: false, lookups: ['in'], value: (p) => order(p).channel, candidates: indexed.byChannel },
    { name: 'invoice_number', kind: 'text', value: (p) => p.invoice_number, candidates: more('invoice_number') },
    // Inferred: a plan carries no invoice date of its own in any payload; the order's is the one shown.
    { name: 'invoice_date', kind: 'datetime', lookups: [], value: (p) => order(p).invoice_date, range: indexed.invoicedWithin },
    { name: 'created_by', kind: 'int', value: (p) => p.created_by, candidates: more('created_by') },
    { name: 'modified_by', kind: 'int', value: (p) => p.last_updated_by, candidates: more('last_updated_by') },
    { name: 'staff_remote_id', kind: 'text', value: (p) => p.staff_remote_id, candidates: more('staff_remote_id') },
    { name: 'retail_store_remote_id', kind: 'text', value: (p) => p.retail_store_remote_id, candidates: more('retail_store_remote_id') },
    { name: 'related_cancellationplan', kind: 'int', value: (p) => p.related_cancellationplan, candidates: more('related_cancellationplan') },
    {
      name: 'related_cancellation_plan__plan_type',
      kind: 'choice',
      choices: CANCELLATION_TYPES,
      value: (p) => (p.related_cancellationplan === null ? null : store.plans.get(p.related_cancellationplan)?.plan_type),
      candidates: more('related_plan_type'),
    },
    { name: 'created_date', kind: 'datetime', lookups: DATE_LOOKUPS, value: (p) => p.created_date, range: indexed.createdWithin },
    { name: 'modified_date', kind: 'datetime', lookups: DATE_LOOKUPS, value: (p) => p.modified_date, range: indexed.modifiedWithin },
    ...tagFilters<CancellationPlan>(store.tags.cancellation_plan, (p) => p.pk, { include: 'tag', exclude: 'tag__exclude' }, store.plans, () => indexed.pkWithin({})),
  ];
}
