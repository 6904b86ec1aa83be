import { insertOrderItem, insertPlan, insertPlanItem, insertRequest, nextId } from '../store/store.ts';
import type { Store } from '../store/store.ts';
import type { BenefitApplicant } from '../store/types.ts';
import type { Drafts, OrderDraft, PlanDraft, RequestDraft } from './seed-drafts.ts';
import { TAG_VOCABULARY } from './seed-pools.ts';
import { US, type SeedRandom } from './seed-random.ts';
import { EMPTY_LIST, flat, isoFromMicros, money } from './seed-strings.ts';

/**
 * The second pass: numbers every drafted object in time order, resolves the foreign keys the
 * drafts held as references, turns relative times into Omnitron's ISO stamps, and writes the lot
 * into the store through its insert helpers (so the indexes hold from the first read).
 */
export function commitDrafts(store: Store, random: SeedRandom, drafts: Drafts): void {
  for (const draft of inTimeOrder(drafts.orders, (o) => o.placedUs)) commitOrder(store, draft);
  for (const draft of inTimeOrder(drafts.plans, (p) => p.order.placedUs + p.created)) commitPlan(store, random, draft);
  for (const draft of inTimeOrder(drafts.requests, (r) => r.item.order.placedUs + r.created)) commitRequest(store, random, draft);
  tag(store, random, 'cancellation_plan', store.plans.keys());
  tag(store, random, 'cancellation_request', store.requests.keys());
}

/**
 * Sorts by time; equal times keep generation order. Sorting a `Float64Array` of the times natively
 * and mapping each time back to its draft(s) is several times faster than a comparator over
 * 100,000 objects.
 */
function inTimeOrder<T>(list: T[], at: (x: T) => number): T[] {
  const keys = new Float64Array(list.length);
  const byKey = new Map<number, T>();
  const later = new Map<number, T[]>();
  for (let i = 0; i < list.length; i += 1) {
    const value = list[i]!;
    const key = at(value);
    keys[i] = key;
    if (!byKey.has(key)) byKey.set(key, value);
    else {
      const same = later.get(key);
      if (same) same.push(value);
      else later.set(key, [value]);
    }
  }
  keys.sort();
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    if (i > 0 && key === keys[i - 1]) continue;
    out.push(byKey.get(key)!);
    const same = later.get(key);
    if (same) for (const value of same) out.push(value);
  }
  return out;
}

function commitOrder(store: Store, draft: OrderDraft): void {
  const { order } = draft;
  const placed = draft.placedUs;
  order.pk = nextId(store, 'orders');
  order.date_placed = isoFromMicros(placed);
  order.created_date = isoFromMicros(placed + 37);
  order.modified_date = isoFromMicros(placed + Math.max(draft.touched, 80));
  // Items are written in the order's transaction: one creation stamp, and shared shipping dates.
  const itemsCreated = isoFromMicros(placed + 41);
  let shippedAt = -1;
  let estimated: string | null = null;
  if (draft.shippedAt !== null) order.invoice_date = isoFromMicros(placed + draft.shippedAt - 2 * US.hour);
  // Campaign shares are stamped just after the order is placed, before anything can be cancelled.
  let sharesCreated: string | null = null;
  let sharesModified: string | null = null;
  let lastTouched = -1;
  let lastModified = '';
  store.orders.set(order.pk, order);
  for (const itemDraft of draft.items) {
    const { item } = itemDraft;
    item.pk = nextId(store, 'orderItems');
    item.order = order.pk;
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
    const applicants: BenefitApplicant[] = itemDraft.shares.length === 0 ? EMPTY_LIST : [];
    for (const share of itemDraft.shares) {
      sharesCreated ??= isoFromMicros(placed + US.minute);
      sharesModified ??= isoFromMicros(placed + US.minute + 60_000);
      applicants.push({
        id: nextId(store, 'benefitApplicants'), order_item: item.pk, discount_item: share.discountItem,
        discount_share: money(share.cents), created_date: sharesCreated, modified_date: sharesModified,
      });
    }
    item.benefitapplicant_set = applicants;
    insertOrderItem(store, item);
  }
}

function commitPlan(store: Store, random: SeedRandom, draft: PlanDraft): void {
  const { plan, order } = draft;
  const placed = order.placedUs;
  plan.pk = nextId(store, 'plans');
  plan.order = order.order.pk;
  plan.created_date = isoFromMicros(placed + draft.created);
  plan.modified_date = isoFromMicros(placed + draft.modified);
  plan.related_cancellationplan = draft.related ? draft.related.plan.pk : null;
  if (draft.paymentPlan) {
    plan.payment_plan = { payment_plan: [{ transaction_type: draft.paymentPlan, order_items: draft.lines.map((l) => l.item.item.pk) }] };
  }
  insertPlan(store, plan);
  // Seed 003: the plan item is stamped a few milliseconds after its plan.
  const created = isoFromMicros(placed + draft.created + random.int(5, 60));
  const modified = isoFromMicros(placed + draft.modified + random.int(100, 9000));
  const target = plan.plan_type === 'cancel' ? '100' : '600';
  for (const line of draft.lines) {
    insertPlanItem(store, {
      pk: nextId(store, 'planItems'), plan: plan.pk, order_item: line.item.item.pk, reason: line.reason,
      status: target, order_item_previous_status: line.previous, created_date: created, modified_date: modified,
    });
  }
}

function commitRequest(store: Store, random: SeedRandom, draft: RequestDraft): void {
  const { request } = draft;
  const placed = draft.item.order.placedUs;
  request.id = nextId(store, 'requests');
  request.order_item = draft.item.item.pk;
  request.cancellation_plan = draft.plan ? draft.plan.plan.pk : null;
  request.created_date = isoFromMicros(placed + draft.created);
  request.modified_date = isoFromMicros(placed + draft.modified);
  const er = draft.easyReturn;
  if (er) {
    const start = placed + draft.created + random.int(US.second, US.minute);
    request.easy_return = {
      id: nextId(store, 'easyReturns'), shipping_company: er.company, code: er.code,
      start_date: isoFromMicros(start), end_date: isoFromMicros(start + 14 * US.day), max_count: 1,
      status: er.status, tracking_number: er.trackingNumber,
      tracking_url: er.trackingNumber ? flat(`https://kargotakip.akinon.net/${er.company}/${er.trackingNumber}`) : null,
      created_date: isoFromMicros(start), modified_date: request.modified_date,
    };
  }
  insertRequest(store, request);
}

/** About one object in five gets a tag or two; the first few get one each, so every tag exists at any size. */
function tag(store: Store, random: SeedRandom, resource: 'cancellation_plan' | 'cancellation_request', ids: Iterable<number>): void {
  const index = store.tags[resource];
  let n = 0;
  for (const id of ids) {
    if (n < TAG_VOCABULARY.length) index.add(id, TAG_VOCABULARY[n]!);
    else if (random.chance(0.2)) {
      index.add(id, random.pick(TAG_VOCABULARY));
      if (random.chance(0.3)) index.add(id, random.pick(TAG_VOCABULARY));
    }
    n += 1;
  }
}
