import type { BenefitApplicant } from '../store/types.ts';
import type { Drafts, OrderDraft } from './seed-drafts.ts';
import { US } from './seed-random.ts';
import { EMPTY_LIST, isoFromMicros, money } from './seed-strings.ts';

/**
 * Writes the dates of one order's story — the order, its items and their campaign shares, its
 * plans and requests — as soon as the order is placed in time, while its objects are freshly
 * made. They are the same
 * strings `commitDrafts` used to write two passes later (each a pure function of the placement
 * and the story's relative times; no random draw is involved), but written then they went into
 * objects the garbage collector had already moved to the old generation: every one of some two
 * million young strings stored into an old object is a slot each later young-generation
 * collection has to visit. Dates that need a draw (plan items, easy returns) stay with the
 * commit, which draws in pk order.
 *
 * `firstPlan` and `firstRequest` are where this order's drafts start in `drafts` (its story
 * appended them last).
 */
export function stampStory(draft: OrderDraft, drafts: Drafts, firstPlan: number, firstRequest: number): void {
  const { order } = draft;
  const placed = draft.placedUs;
  order.date_placed = isoFromMicros(placed);
  order.created_date = isoFromMicros(placed + 37);
  order.modified_date = isoFromMicros(placed + Math.max(draft.touched, 80));
  // Items are written in the order's transaction: one creation stamp, and shared shipping dates.
  const itemsCreated = isoFromMicros(placed + 41);
  let shippedAt = -1;
  let estimated: string | null = null;
  if (draft.shippedAt !== null) order.invoice_date = isoFromMicros(placed + draft.shippedAt - 2 * US.hour);
  let lastTouched = -1;
  let lastModified = '';
  // Campaign shares are stamped just after the order is placed, before anything can be cancelled.
  let sharesCreated: string | null = null;
  let sharesModified: string | null = null;
  for (const itemDraft of draft.items) {
    const { item } = itemDraft;
    item.created_date = itemsCreated;
    const touched = Math.max(itemDraft.touched, 90);
    if (touched !== lastTouched) {
      lastTouched = touched;
      lastModified = isoFromMicros(placed + touched);
    }
    item.modified_date = lastModified;
    if (itemDraft.shippedAt !== null) {
      if (itemDraft.shippedAt !== shippedAt) {
        shippedAt = itemDraft.shippedAt;
        estimated = isoFromMicros(placed + shippedAt + 3 * US.day);
      }
      item.invoice_date = order.invoice_date;
      item.estimated_delivery_date = estimated;
    }
    // `map`, not pushes: an array of exactly its length (a pushed one keeps room for 17). Ids
    // and the item's pk are handed out by the commit, in pk order.
    item.benefitapplicant_set = itemDraft.shares.length === 0 ? EMPTY_LIST : itemDraft.shares.map((share): BenefitApplicant => {
      sharesCreated ??= isoFromMicros(placed + US.minute);
      sharesModified ??= isoFromMicros(placed + US.minute + 60_000);
      return {
        id: 0, order_item: 0, discount_item: share.discountItem,
        discount_share: money(share.cents), created_date: sharesCreated, modified_date: sharesModified,
      };
    });
  }
  for (let i = firstPlan; i < drafts.plans.length; i += 1) {
    const plan = drafts.plans[i]!;
    plan.plan.created_date = isoFromMicros(placed + plan.created);
    plan.plan.modified_date = isoFromMicros(placed + plan.modified);
  }
  for (let i = firstRequest; i < drafts.requests.length; i += 1) {
    const request = drafts.requests[i]!;
    request.request.created_date = isoFromMicros(placed + request.created);
    request.request.modified_date = isoFromMicros(placed + request.modified);
  }
}
