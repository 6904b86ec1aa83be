import { insertOrderItems, insertPlan, insertPlanItems, insertRequest, nextId } from '../store/store.ts';
import type { Store } from '../store/store.ts';
import type { CancellationPlanItem, OrderItem } from '../store/types.ts';
import type { SeedLedger } from './seed-ledger.ts';
import { TAG_VOCABULARY } from './seed-pools.ts';
import { US, type SeedRandom } from './seed-random.ts';
import { flat, isoFromMicros } from './seed-strings.ts';

/**
 * The second pass: numbers every drafted object in time order, resolves the foreign keys the
 * drafts held as references, stamps the dates that take a draw (plan items, easy returns; the
 * others were written by `stampStory` when each order was placed), and writes the lot into the
 * store through its insert helpers (so the indexes hold from the first read). Reads the drafts
 * as `SeedLedger` kept them.
 */
export function commitDrafts(store: Store, random: SeedRandom, ledger: SeedLedger): void {
  const steps = commitSteps(store, random, ledger);
  while (!steps.next().done);
}

/** `commitDrafts` as steps: it yields every `COMMIT_STEP` objects, so a running server can pause it. */
export function* commitSteps(store: Store, random: SeedRandom, ledger: SeedLedger): Generator<void, void> {
  // Index loops, not `for…of`: each runs once, mostly unoptimised, and every step of the array
  // iterator allocated a result object (~12 MB at 100,000 plans).
  const placed = ledger.placed;
  const orders = yield* inTimeOrder(ledger.orders.length, (i) => placed.get(i));
  for (let i = 0; i < orders.length; i += 1) {
    commitOrder(store, ledger, orders[i]!);
    if (i % COMMIT_STEP === 0) yield;
  }
  const { planPlaced, planCreated } = ledger;
  const plans = yield* inTimeOrder(ledger.plans.length, (i) => planPlaced.get(i) + planCreated.get(i));
  for (let i = 0; i < plans.length; i += 1) {
    commitPlan(store, random, ledger, plans[i]!);
    if (i % COMMIT_STEP === 0) yield;
  }
  const { requestPlaced, requestCreated } = ledger;
  const requests = yield* inTimeOrder(ledger.requests.length, (i) => requestPlaced.get(i) + requestCreated.get(i));
  for (let i = 0; i < requests.length; i += 1) {
    commitRequest(store, random, ledger, requests[i]!);
    if (i % COMMIT_STEP === 0) yield;
  }
  yield* tag(store, random, 'cancellation_plan', store.plans);
  yield* tag(store, random, 'cancellation_request', store.requests);
}

/** Objects committed between two chances to pause: well under a millisecond of work. */
const COMMIT_STEP = 256;
/**
 * Elements a sorting or tagging pass handles between two chances to pause: a pass over a few
 * hundred thousand drafts was one block of 100–200 ms (issue 19: health waited on it).
 */
const PASS_STEP = 16_384;

/**
 * Positions `0 … n−1` sorted by time; equal times keep generation order. The times go into typed arrays (the drafts,
 * cold and scattered over a large heap, are read once) and positions are sorted by them with an
 * LSD radix sort: four counting passes of 13 bits over each time's offset from the earliest —
 * stable, so ties keep generation order. `Uint32Array#sort` with a `(time, position)` comparator
 * did the same in about three times as long (~2 M comparator calls at 100,000 plans).
 */
function* inTimeOrder(n: number, at: (position: number) => number): Generator<void, Uint32Array> {
  const times = new Float64Array(n);
  let earliest = Infinity;
  for (let i = 0; i < n; i += 1) {
    times[i] = at(i);
    earliest = Math.min(earliest, times[i]!);
    if (i % PASS_STEP === PASS_STEP - 1) yield;
  }
  yield;
  // Each offset as two 26-bit halves (offsets are whole µs, below 2^52: ~140 years).
  const low = new Uint32Array(n);
  const high = new Uint32Array(n);
  let order: Uint32Array = new Uint32Array(n);
  for (let i = 0; i < n; i += 1) {
    const offset = times[i]! - earliest;
    if (!(Number.isInteger(offset) && offset < 2 ** 52)) throw new Error(`inTimeOrder: not whole µs: ${times[i]}`);
    low[i] = offset % 2 ** 26;
    high[i] = Math.floor(offset / 2 ** 26);
    order[i] = i;
    if (i % PASS_STEP === PASS_STEP - 1) yield;
  }
  order = yield* radixPass(order, low, 0);
  order = yield* radixPass(order, low, 13);
  order = yield* radixPass(order, high, 0);
  order = yield* radixPass(order, high, 13);
  return order;
}

const RADIX = 2 ** 13;

/** One stable counting pass: `order` by the 13 bits of `keys[position]` from `shift`. */
function* radixPass(order: Uint32Array, keys: Uint32Array, shift: number): Generator<void, Uint32Array> {
  const starts = new Uint32Array(RADIX + 1);
  for (let i = 0; i < order.length; i += 1) {
    const digit = (keys[order[i]!]! >>> shift) & (RADIX - 1);
    starts[digit + 1] = starts[digit + 1]! + 1;
    if (i % PASS_STEP === PASS_STEP - 1) yield;
  }
  for (let d = 1; d <= RADIX; d += 1) starts[d] = starts[d]! + starts[d - 1]!;
  const out = new Uint32Array(order.length);
  for (let i = 0; i < order.length; i += 1) {
    const position = order[i]!;
    const digit = (keys[position]! >>> shift) & (RADIX - 1);
    out[starts[digit]!] = position;
    starts[digit] = starts[digit]! + 1;
    if (i % PASS_STEP === PASS_STEP - 1) yield;
  }
  yield;
  return out;
}

function commitOrder(store: Store, ledger: SeedLedger, at: number): void {
  const order = ledger.orders.get(at);
  order.pk = nextId(store, 'orders');
  store.orders.set(order.pk, order);
  // An index loop into an array of its exact length: `map` with a closure allocated both per order.
  const from = at === 0 ? 0 : ledger.itemEnd.get(at - 1);
  const to = ledger.itemEnd.get(at);
  const items = new Array<OrderItem>(to - from);
  for (let n = 0; n < items.length; n += 1) {
    const item = ledger.items.get(from + n);
    item.pk = nextId(store, 'orderItems');
    item.order = order.pk;
    // The campaign shares were made by `stampStory`; only their keys wait for the commit. An
    // index loop: most items hold the frozen `EMPTY_LIST`, and over arrays of two shapes
    // `for…of` stays a real iterator, one result object per item.
    const applicants = item.benefitapplicant_set;
    for (let i = 0; i < applicants.length; i += 1) {
      applicants[i]!.id = nextId(store, 'benefitApplicants');
      applicants[i]!.order_item = item.pk;
    }
    items[n] = item;
  }
  insertOrderItems(store, items);
}

function commitPlan(store: Store, random: SeedRandom, ledger: SeedLedger, at: number): void {
  const plan = ledger.plans.get(at);
  const placed = ledger.planPlaced.get(at);
  const from = at === 0 ? 0 : ledger.planItemEnd.get(at - 1);
  const to = ledger.planItemEnd.get(at);
  plan.pk = nextId(store, 'plans');
  plan.order = ledger.planOrder.get(at).pk;
  const related = ledger.planRelated.get(at);
  plan.related_cancellationplan = related ? related.pk : null;
  const paymentPlan = ledger.planPayment.get(at);
  if (paymentPlan) {
    plan.payment_plan = { payment_plan: [{ transaction_type: paymentPlan, order_items: ledger.planItems.slice(from, to).map((i) => i.pk) }] };
  }
  insertPlan(store, plan);
  // Seed 003: the plan item is stamped a few milliseconds after its plan.
  const created = isoFromMicros(placed + ledger.planCreated.get(at) + random.int(5, 60));
  const modified = isoFromMicros(placed + ledger.planModified.get(at) + random.int(100, 9000));
  const target = plan.plan_type === 'cancel' ? '100' : '600';
  const reason = ledger.planReason.get(at);
  const items = new Array<CancellationPlanItem>(to - from);
  for (let n = 0; n < items.length; n += 1) {
    items[n] = {
      pk: nextId(store, 'planItems'), plan: plan.pk, order_item: ledger.planItems.get(from + n).pk, reason,
      status: target, order_item_previous_status: ledger.planPrevious.get(from + n), created_date: created, modified_date: modified,
    };
  }
  insertPlanItems(store, items);
}

function commitRequest(store: Store, random: SeedRandom, ledger: SeedLedger, at: number): void {
  const request = ledger.requests.get(at);
  const placed = ledger.requestPlaced.get(at);
  request.id = nextId(store, 'requests');
  request.order_item = ledger.requestItem.get(at).pk;
  const plan = ledger.requestPlan.get(at);
  request.cancellation_plan = plan ? plan.pk : null;
  const er = ledger.requestEasyReturn.get(at);
  if (er) {
    const startUs = placed + ledger.requestCreated.get(at) + random.int(US.second, US.minute);
    const start = isoFromMicros(startUs);
    request.easy_return = {
      id: nextId(store, 'easyReturns'), shipping_company: er.company, code: er.code,
      start_date: start, end_date: isoFromMicros(startUs + 14 * US.day), max_count: 1,
      status: er.status, tracking_number: er.trackingNumber,
      tracking_url: er.trackingNumber ? flat(`https://kargotakip.akinon.net/${er.company}/${er.trackingNumber}`) : null,
      created_date: start, modified_date: request.modified_date,
    };
  }
  insertRequest(store, request);
}

/**
 * About one object in five gets a tag or two; the first few get one each, so every tag exists at
 * any size. Records in the store's order, a `PASS_STEP` at a time.
 */
function* tag(store: Store, random: SeedRandom, resource: 'cancellation_plan' | 'cancellation_request', records: ReadonlyMap<number, unknown>): Generator<void, void> {
  const index = store.tags[resource];
  // The keys once into an array (an index loop allocates nothing per record; a `keys()` iterator
  // held across pauses would allocate a result per record).
  const ids = Array.from(records.keys());
  yield;
  for (let n = 0; n < ids.length; n += 1) {
    const id = ids[n]!;
    if (n < TAG_VOCABULARY.length) index.add(id, TAG_VOCABULARY[n]!);
    else if (random.chance(0.2)) {
      index.add(id, random.pick(TAG_VOCABULARY));
      if (random.chance(0.3)) index.add(id, random.pick(TAG_VOCABULARY));
    }
    if (n % PASS_STEP === PASS_STEP - 1) yield;
  }
}
