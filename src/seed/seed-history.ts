import { PLAN_STATUSES } from '../store/types.ts';
import type { CancellationType, PlanStatus } from '../store/types.ts';
import type { SeedContext } from './seed-context.ts';
import type { Drafts, ItemDraft, OrderDraft, PlanDraft } from './seed-drafts.ts';
import { draftPlan, draftRequest, settleRequest } from './seed-episodes.ts';
import { shipItems, type OrderKind } from './seed-orders.ts';
import { US } from './seed-random.ts';

/**
 * An order's whole cancellation story, in time order: shipping (and an early cancel on some
 * delivered orders, which later refund plans relate to), then episodes that release their items
 * (rejected requests, rejected or cancelled plans), then completed plans, then whatever is still
 * open. Ending with the open ones keeps every plan's "takes the order's last open items" decision
 * (shipping refund, DOMAIN.md §2) true at the moment it was made.
 */

/** One episode: a plan made directly, a plan made by approving a request, or a request alone. */
export type Episode =
  | { mode: 'direct' | 'request'; status: PlanStatus }
  | { mode: 'requestOnly'; status: 'waiting' | 'confirmed' | 'rejected' };

/** A hand-written story for the first orders, so every status shows up even at tiny sizes. */
export interface Script {
  earlyCancel: boolean;
  episodes: Episode[];
}

const EPISODE_MODES = [['direct', 30], ['request', 40], ['requestOnly', 30]] as const;
const REQUEST_ONLY = [['waiting', 45], ['confirmed', 35], ['rejected', 20]] as const;

const PLAN_WEIGHTS: ReadonlyArray<readonly [PlanStatus, number]> = [
  ['completed', 30], ['waiting', 10], ['waiting_supplier', 4], ['approved', 8], ['confirmation_waiting', 5],
  ['confirmed', 6], ['cancelled', 6], ['failed', 4], ['rejected', 8], ['waiting_for_payment', 5], ['manuel_refund_need', 4],
];

/** The script of the `n`-th touched order, or null once the scripted ones are used up. */
export function scriptFor(n: number): Script | null {
  if (n >= 12) return null;
  const episodes: Episode[] = [];
  const status = PLAN_STATUSES[n];
  if (status) episodes.push({ mode: n % 2 === 0 ? 'request' : 'direct', status });
  const requestOnly = ({ 1: 'waiting', 3: 'confirmed', 5: 'rejected', 7: 'waiting', 11: 'confirmed' } as const)[n];
  if (requestOnly) episodes.push({ mode: 'requestOnly', status: requestOnly });
  return { earlyCancel: n === 1, episodes };
}

function rank(e: Episode): number {
  if (e.status === 'rejected' || e.status === 'cancelled') return 0;
  return e.status === 'completed' ? 1 : 2;
}

/**
 * Sorts a story's few episodes by `rank` in place, stably: what `.sort((a, b) => rank(a) -
 * rank(b))` does, without the work arrays `Array#sort` allocates on every call (one per touched
 * order, some 90,000 at the largest size).
 */
function byRank(episodes: Episode[]): Episode[] {
  for (let i = 1; i < episodes.length; i += 1) {
    const episode = episodes[i]!;
    let j = i - 1;
    for (; j >= 0 && rank(episodes[j]!) > rank(episode); j -= 1) episodes[j + 1] = episodes[j]!;
    episodes[j + 1] = episode;
  }
  return episodes;
}

function randomEpisodes(ctx: SeedContext): Episode[] {
  const { random } = ctx;
  const out: Episode[] = [];
  if (random.chance(0.15)) {
    out.push(random.weighted<Episode>([
      [{ mode: 'direct', status: random.pick(['rejected', 'cancelled'] as const) }, 1],
      [{ mode: 'request', status: random.pick(['rejected', 'cancelled'] as const) }, 1],
      [{ mode: 'requestOnly', status: 'rejected' }, 1],
    ]));
  }
  const count = 1 + (random.chance(0.35) ? 1 : 0) + (random.chance(0.1) ? 1 : 0);
  for (let i = 0; i < count; i += 1) {
    const mode = random.weighted(EPISODE_MODES);
    if (mode === 'requestOnly') {
      out.push({ mode, status: random.weighted(REQUEST_ONLY) });
    } else {
      out.push({ mode, status: random.weighted(PLAN_WEIGHTS) });
    }
  }
  return out;
}

/** `k` of `items`, drawn without replacement (a partial Fisher–Yates shuffle of a copy). */
function pickSome(ctx: SeedContext, items: ItemDraft[], k: number): ItemDraft[] {
  const pool = items.slice();
  for (let i = 0; i < k; i += 1) {
    const j = i + Math.floor(ctx.random.next() * (pool.length - i));
    const picked = pool[j]!;
    pool[j] = pool[i]!;
    pool[i] = picked;
  }
  return pool.slice(0, k);
}

/**
 * Plays one order's story into `drafts`. `budget.plans` counts the plans still to make; a
 * touched order stops making plans when it reaches zero.
 */
export function draftHistory(ctx: SeedContext, drafts: Drafts, order: OrderDraft, kind: OrderKind, touched: boolean, script: Script | null, budget: { plans: number }): void {
  const { random } = ctx;
  let t = 0;
  let early: PlanDraft | null = null;
  if (kind === 'transit') {
    const shipped = random.int(US.day, 3 * US.day);
    shipItems(ctx, order, order.items, shipped, null, order.order.status);
    return;
  }
  if (kind === 'delivered') {
    t = random.int(10 * US.minute, 20 * US.hour);
    const wantsEarly = touched && order.items.length >= 2 && budget.plans > 0 && (script ? script.earlyCancel : random.chance(0.25));
    if (wantsEarly) {
      const items = pickSome(ctx, order.items, random.int(1, order.items.length - 1));
      early = draftPlan(ctx, drafts, order, {
        type: 'cancel', status: 'completed', items, reason: random.pick(ctx.catalog.reasons.cancel), created: t,
        orderPrevious: '400', itemPrevious: '400', related: null, direct: true, loyalty: false,
      });
      budget.plans -= 1;
      t = early.modified;
    }
    const shipped = Math.max(t + US.hour, random.int(US.day, 3 * US.day));
    const delivered = shipped + random.int(US.day, 4 * US.day);
    shipItems(ctx, order, order.items.filter((i) => !i.closed), shipped, delivered, '550');
    t = delivered + random.int(6 * US.hour, 10 * US.day);
  } else {
    t = random.int(10 * US.minute, 2 * US.day);
  }
  if (!touched) return;
  const type: CancellationType = kind === 'delivered' ? 'refund' : 'cancel';
  const episodes = byRank(script ? script.episodes : randomEpisodes(ctx));
  for (const episode of episodes) {
    const free = order.items.filter((i) => !i.closed && !i.held);
    if (free.length === 0) break;
    if (episode.mode !== 'requestOnly' && budget.plans <= 0) continue;
    if (episode.mode === 'requestOnly') {
      // `pick` draws exactly as `pickSome(ctx, free, 1)[0]` does, without copying `free`.
      const request = draftRequest(ctx, drafts, { type, item: random.pick(free), created: t, status: episode.status });
      t = request.modified + random.int(US.hour, 2 * US.day);
      continue;
    }
    const related = type === 'refund' && early && (script || random.chance(0.7)) ? early : null;
    if (episode.mode === 'request') {
      const request = draftRequest(ctx, drafts, { type, item: random.pick(free), created: t, status: 'approved' });
      const plan = draftPlan(ctx, drafts, order, {
        type, status: episode.status, items: [request.item], reason: request.request.reason, created: request.modified,
        orderPrevious: order.order.status, related, direct: false, loyalty: request.request.fully_refund_as_loyalty_money,
      });
      settleRequest(ctx, request, plan);
      t = Math.max(plan.modified, request.modified);
    } else {
      const k = script ? 1 : random.weighted([[1, 50], [free.length, 30], [random.int(1, free.length), 20]] as const);
      const plan = draftPlan(ctx, drafts, order, {
        type, status: episode.status, items: pickSome(ctx, free, k), reason: random.pick(ctx.catalog.reasons[type]),
        created: t, orderPrevious: order.order.status, related, direct: true, loyalty: false,
      });
      t = plan.modified;
    }
    budget.plans -= 1;
    t += random.int(US.hour, 3 * US.day);
  }
  finishOrder(order);
}

/** DOMAIN.md §4: an order is cancelled or refunded once none of its items is left open. */
function finishOrder(order: OrderDraft): void {
  if (!order.items.every((i) => i.closed)) return;
  order.order.status = order.items.some((i) => i.item.status === '600') ? '600' : '100';
}
