import { insertOrderItem, insertPlan, insertPlanItem, insertRequest, nextId } from '../store/store.ts';
import type { Store } from '../store/store.ts';
import type { Drafts, OrderDraft, PlanDraft, RequestDraft } from './seed-drafts.ts';
import { TAG_VOCABULARY } from './seed-pools.ts';
import { US, type SeedRandom } from './seed-random.ts';
import { flat, isoFromMicros } from './seed-strings.ts';

/**
 * The second pass: numbers every drafted object in time order, resolves the foreign keys the
 * drafts held as references, stamps the dates that take a draw (plan items, easy returns; the
 * others were written by `stampStory` when each order was placed), and writes the lot into the
 * store through its insert helpers (so the indexes hold from the first read).
 */
export function commitDrafts(store: Store, random: SeedRandom, drafts: Drafts): void {
  for (const draft of inTimeOrder(drafts.orders, (o) => o.placedUs)) commitOrder(store, draft);
  for (const draft of inTimeOrder(drafts.plans, (p) => p.order.placedUs + p.created)) commitPlan(store, random, draft);
  for (const draft of inTimeOrder(drafts.requests, (r) => r.item.order.placedUs + r.created)) commitRequest(store, random, draft);
  tag(store, random, 'cancellation_plan', store.plans.keys());
  tag(store, random, 'cancellation_request', store.requests.keys());
}

/**
 * Sorts by time; equal times keep generation order. The times go into a `Float64Array` and
 * positions into a `Uint32Array` sorted by (time, position): a comparator over plain numbers,
 * never touching the drafts (cold, scattered over a large heap) and never boxing a time as a
 * `Map` key (epoch µs are not small integers).
 */
function inTimeOrder<T>(list: T[], at: (x: T) => number): T[] {
  const keys = new Float64Array(list.length);
  const order = new Uint32Array(list.length);
  for (let i = 0; i < list.length; i += 1) {
    keys[i] = at(list[i]!);
    order[i] = i;
  }
  // -1/0/1, never the difference: a time difference is no small integer, and every comparison
  // would box its answer.
  order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
  // Pushed, not written into `new Array(n)`: a packed array, which `for…of` walks without
  // allocating an iterator result per element.
  const out: T[] = [];
  for (let i = 0; i < order.length; i += 1) out.push(list[order[i]!]!);
  return out;
}

function commitOrder(store: Store, draft: OrderDraft): void {
  const { order } = draft;
  order.pk = nextId(store, 'orders');
  store.orders.set(order.pk, order);
  for (const { item } of draft.items) {
    item.pk = nextId(store, 'orderItems');
    item.order = order.pk;
    // The campaign shares were made by `stampStory`; only their keys wait for the commit.
    for (const applicant of item.benefitapplicant_set) {
      applicant.id = nextId(store, 'benefitApplicants');
      applicant.order_item = item.pk;
    }
    insertOrderItem(store, item);
  }
}

function commitPlan(store: Store, random: SeedRandom, draft: PlanDraft): void {
  const { plan, order } = draft;
  const placed = order.placedUs;
  plan.pk = nextId(store, 'plans');
  plan.order = order.order.pk;
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
