import { channelOfPlan } from '../domain/channels/channel-scope.ts';
import { channelImagesPage } from '../domain/images/image-feed.ts';
import type { RequestImage } from '../domain/images/request-images.ts';
import { FEED_STATUS_FILTER } from '../domain/plans/plan-filters.ts';
import { planCandidates } from '../domain/plans/plan-indexes.ts';
import type { Predicate } from '../domain/shared/filter-engine.ts';
import type { Store } from '../store/store.ts';
import { PLAN_STATUSES, type CancellationPlan } from '../store/types.ts';
import type { Candidates } from '../store/candidates.ts';
import type { RowFilters } from './list-query.ts';
import { newestFirst } from './newest-first.ts';
import { feedPage, feedWindow } from './sync-feed.ts';
import { pythonStrip } from '../common/python-text.ts';

/**
 * A filtered result up to this size is read and sorted whole; a larger one is read in the feed's
 * order from the sorted `modified_date` index, only as far as the page reaches.
 */
const SORT_WHOLE_UP_TO = 2048;

/**
 * One page of a channel's plan feed (`inserts_or_updates/`): the plans of `channel` that pass
 * `filters`, oldest change first (`sync-feed.ts`). The channel is one more indexed filter, so a
 * feed reads its channel's plans, not all of them (issue 26); a large result walks the plans in
 * `modified_date` order and stops at the page's end instead of sorting every one (a page met
 * within `WALK_FIRST` keys needs no count at all: a sync cursor's page, a busy channel's). Same rows,
 * same order as filtering every plan and sorting (`test/channel-feed-index.test.ts`).
 */
export function channelPlanFeed(
  store: Store,
  channel: number,
  filters: RowFilters<CancellationPlan>,
  url: URL,
  /** Results up to this size are sorted whole (tests set it to 0 to walk the index every time). */
  sortWholeUpTo = SORT_WHOLE_UP_TO,
  /** Keys walked in date order before counting (tests set a few, to count and sort small stores). */
  walkFirst = WALK_FIRST,
): CancellationPlan[] {
  const indexed = planCandidates(store);
  const scoped: RowFilters<CancellationPlan> = {
    predicates: [...filters.predicates, (p) => channelOfPlan(store, p) === channel],
    sources: [...filters.sources, { predicate: filters.predicates.length, find: () => indexed.byChannel([channel]) }],
  };
  const { skip, take } = feedWindow(url);
  const byDate = indexed.modifiedWithin({});
  // `status=S` (the last value, as the filter reads it), or the vendor's `cancellation_plan_status=S`:
  // the channel's plans of S, in the feed's order (with both, the other still filters the rows).
  const last = url.searchParams.getAll('status').at(-1) ?? url.searchParams.getAll(FEED_STATUS_FILTER).at(-1);
  const status = last === undefined ? undefined : pythonStrip(last);
  const byStatus = status !== undefined && (PLAN_STATUSES as readonly string[]).includes(status) ? indexed.feedByStatus(channel, status) : null;
  const walk = byDate === null ? null : inOrder(store.plans, byDate, scoped, byStatus);
  // A page of a large result is met within a few thousand keys in date order: no count needed.
  const quick = walk?.(skip, take, walkFirst) ?? null;
  if (quick !== null) return quick;
  const found = newestFirst(store.plans, scoped);
  if (walk === null || found.length <= sortWholeUpTo) return feedPage(found.slice(), url, (p) => p.pk);
  return walk(skip, take)!;
}

/** How many keys in date order a feed walks before it counts its result (and sorts it, if small). */
const WALK_FIRST = 4096;

/**
 * A walk of `ordered`'s keys (in its order) keeping the rows that pass every filter, from the
 * `skip`th to `skip + take`: the exact candidate sets answer for their filters by key, the other
 * filters run on the row. The sets are found once, for every walk the returned function makes
 * (null from it once `budget` keys were walked without filling the page).
 */
function inOrder<T>(
  rows: ReadonlyMap<number, T>,
  ordered: Candidates,
  filters: RowFilters<T>,
  /** Keys in the same order that hold every result (a channel's plans of one status), or null. */
  within: Candidates | null = null,
): (skip: number, take: number, budget?: number) => T[] | null {
  const sets: Candidates[] = [];
  const answered = new Set<number>();
  for (const source of filters.sources) {
    const c = source.find();
    if (!c || !c.exact || c.named) continue;
    sets.push(c);
    answered.add(source.predicate);
  }
  sets.sort((a, b) => a.estimate - b.estimate);
  // A range of the very index walked (`modified_date__gt`, a sync cursor) is walked itself: its
  // keys are the order's from the bound on, where the whole order would be walked from its start.
  const narrower = sets.find((s) => s.orderOf !== undefined && s.orderOf === ordered.orderOf);
  if (narrower !== undefined && (within === null || narrower.estimate <= within.estimate)) {
    ordered = narrower;
    sets.splice(sets.indexOf(narrower), 1);
  } else if (within !== null && within.estimate < ordered.estimate) ordered = within;
  const rest: Predicate<T>[] = filters.predicates.filter((_, i) => !answered.has(i));
  const walked = ordered;
  return (skip, take, budget = Number.POSITIVE_INFINITY) => {
    const out: T[] = [];
    let seen = 0;
    let steps = 0;
    outer: for (const key of walked.keys()) {
      if (++steps > budget) return null;
      for (const s of sets) if (!s.has(key)) continue outer;
      const row = rows.get(key);
      if (row === undefined) continue;
      for (const p of rest) if (!p(row)) continue outer;
      seen += 1;
      if (seen <= skip) continue;
      out.push(row);
      if (out.length >= take) break;
    }
    return out;
  };
}

/**
 * One page of a channel's image feed, oldest change first: read from the index of the requests
 * with images by channel and date (`image-feed.ts`), only as far as the page reaches. Null where
 * the requests have no sorted index (a session's view): the caller sorts every image. `keep`
 * null: every image of the channel.
 */
export function channelImageFeed(store: Store, channel: number, keep: ((image: RequestImage) => boolean) | null, url: URL): RequestImage[] | null {
  const { skip, take } = feedWindow(url);
  return channelImagesPage(store, channel, keep, skip, take);
}
