import { formatIso, isoToMicros } from '../common/dates.ts';
import type { Clock } from '../common/clock.ts';
import type { DomainError, ErrorDetail } from '../domain/errors.ts';
import { createEventBus } from '../domain/events/event-bus.ts';
import {
  createCustomerFixture,
  createProductFixture,
  createReasonFixture,
  uuidFrom,
} from '../domain/fixtures/fixture-catalog.ts';
import { createOrderFixture, readOrderFixture } from '../domain/fixtures/fixture-order.ts';
import { createPlanFixture, readPlanFixture, walkPlan } from '../domain/fixtures/fixture-plan.ts';
import { createRequest } from '../domain/requests/create-request.ts';
import { updateRequest } from '../domain/requests/update-request.ts';
import { applyTags, readTagKeys } from '../domain/shared/tag-rules.ts';
import { orderItemsOf, type Store } from '../store/store.ts';
import {
  PLAN_STATUSES,
  REQUEST_STATUSES,
  type PlanStatus,
  type RequestStatus,
  type TaggedResource,
} from '../store/types.ts';
import { DatasetError, type Dataset, type DatasetPlan, type DatasetRequest, type Origin, type Ref } from './dataset-types.ts';

/**
 * Loads a dataset into `store` through the domain's own functions — the fixtures' order, plan
 * and catalogue makers, `createRequest`, `updateRequest`, `walkPlan`, the tag rules — so a
 * dataset can only describe a state the API could reach. The clock is pinned to the dataset's
 * `now` (or an object's `created`) and counts microseconds from there, so the same dataset gives
 * the same bytes on any day; events go to a bus nobody hears, so loading delivers no webhook.
 *
 * Objects get the next free pks of the store they are loaded into, after any generated ones, so
 * they never collide. The first refusal throws a `DatasetError` naming the file, the line and
 * the object; callers load into a store they throw away on failure, so nothing is half-loaded.
 */

/** The user datasets act as: the full token's (pk 1, `akinon`, the first seeded user). */
const DATASET_USER = 1;
/** `notes` of a dataset's orders. */
const DATASET_NOTES = 'Loaded from a dataset.';

export interface LoadClock extends Clock {
  /** Moves the clock to `iso` (an object's `created`). */
  set(iso: string): void;
}

/** A clock that stands at `iso` and moves one microsecond per stamp. */
export function loadClock(iso: string): LoadClock {
  let us = isoToMicros(iso);
  return {
    now: () => formatIso(new Date(Math.floor(us / 1000)), us++ % 1000),
    nowMs: () => Math.floor(us / 1000),
    set(at) {
      us = isoToMicros(at);
    },
  };
}

export function applyDataset(store: Store, ds: Dataset): void {
  const clock = loadClock(ds.now);
  const events = createEventBus();
  const keys = { reasons: new Map<string, number>(), customers: new Map<string, number>(), products: new Map<string, number>(), orders: new Map<string, number>() };
  const refuse = (o: Origin, message: string): never => {
    throw new DatasetError(`${o.where}: ${o.label}: ${message}`);
  };
  const resolve = (o: Origin, field: string, ref: Ref, kind: keyof typeof keys): number => {
    if (typeof ref === 'number') {
      if (!store[kind].has(ref)) refuse(o, `${field}: no stored ${kind.slice(0, -1)} has pk ${ref}`);
      return ref;
    }
    const pk = keys[kind].get(ref);
    if (pk === undefined) refuse(o, `${field}: no ${kind.slice(0, -1)} has the key "${ref}" (a key is defined before it is used)`);
    return pk!;
  };
  const remember = (kind: keyof typeof keys, key: string | null, pk: number) => {
    if (key !== null) keys[kind].set(key, pk);
  };
  const tag = (o: Origin, field: string, resource: TaggedResource, id: number, tags: string[]) => {
    if (tags.length === 0) return;
    const read = readTagKeys(tags, Infinity); // a request's tags, not one write's: uncapped
    if ('error' in read) refuse(o, `${field}: ${flatten(read.error)}`);
    else applyTags(store.tags[resource], 'add', [id], read.value);
  };

  for (const r of ds.reasons) remember('reasons', r.key, createReasonFixture(store, clock, r).pk);

  const firstChannel = store.channels.keys().next().value;
  for (const c of ds.customers) {
    let channel = firstChannel;
    if (typeof c.channel === 'string') {
      channel = [...store.channels.values()].find((ch) => ch.name === c.channel)?.pk;
      if (channel === undefined) refuse(c, `channel: no channel is named "${c.channel}"`);
    } else if (typeof c.channel === 'number') channel = c.channel;
    if (channel === undefined) refuse(c, 'channel: the store has no channel');
    const made = createCustomerFixture(store, {
      ...c, channel: channel!, city: c.city ?? 'İstanbul', line: c.address ?? `${c.first_name} ${c.last_name} adresi`,
    });
    if (typeof made === 'string') refuse(c, `channel: ${made}`);
    else remember('customers', c.key, made.pk);
  }

  for (const p of ds.products) {
    const made = createProductFixture(store, clock, p);
    if (typeof made === 'string') refuse(p, `sku: ${made}`);
    else remember('products', p.key, made.pk);
  }

  for (const o of ds.orders) {
    if (o.number !== null)
      for (const other of store.orders.values())
        if (other.number === o.number) refuse(o, `number: the order number "${o.number}" is taken by order ${other.pk}`);
    if (store.products.size === 0 && o.items.some((i) => i.product === null))
      refuse(o, 'items: give each item a product (this store has none to pick from)');
    const body: Record<string, unknown> = {
      items: o.items.map((i) => ({
        ...(i.product !== null && { product: resolve(o, 'items.product', i.product, 'products') }),
        ...(i.price !== null && { price: i.price }),
        ...(i.discount !== null && { discount: i.discount }),
      })),
      ...(o.status !== null && { status: o.status }),
      ...(o.shipping_amount !== null && { shipping_amount: o.shipping_amount }),
      ...(o.customer !== null && { customer: resolve(o, 'customer', o.customer, 'customers') }),
    };
    const read = readOrderFixture(store, body, '400');
    if ('errors' in read) refuse(o, flatten(read.errors));
    else {
      if (o.created) clock.set(o.created);
      const made = createOrderFixture(store, clock, { ...read.input, ...(o.number !== null && { number: o.number }), notes: DATASET_NOTES });
      remember('orders', o.key, made.order.pk);
    }
  }

  // Requests and plans are made in the order of their `created` (default: `now`), requests first
  // among equals, each kind in file order: an exported state reloads in the order it was made.
  const work = [
    ...ds.requests.map((r, i) => ({ t: r.created ?? ds.now, k: 0, i, make: () => loadRequest(r) })),
    ...ds.plans.map((p, i) => ({ t: p.created ?? ds.now, k: 1, i, make: () => loadPlan(p) })),
  ].sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.k - b.k || a.i - b.i));

  function loadRequest(r: DatasetRequest): void {
    const id = makeRequest(store, clock, r, events, refuse, (ref) => resolve(r, 'order', ref, 'orders'),
      (ref) => resolve(r, 'reason', ref, 'reasons'));
    tag(r, 'tags', 'cancellation_request', id, r.tags);
    const plan = store.requests.get(id)!.cancellation_plan;
    if (r.plan_tags.length > 0 && plan === null) refuse(r, 'plan_tags: this request has no plan (it was never approved)');
    if (plan !== null) tag(r, 'plan_tags', 'cancellation_plan', plan, r.plan_tags);
  }

  function loadPlan(p: DatasetPlan): void {
    const order = resolve(p, 'order', p.order, 'orders');
    const items = orderItemsOf(store, order);
    const body: Record<string, unknown> = {
      status: p.status,
      ...(p.plan_type !== null && { plan_type: p.plan_type }),
      ...(p.reason !== null && { reason: resolve(p, 'reason', p.reason, 'reasons') }),
    };
    if (p.items === null) body.order = order;
    else
      body.order_items = p.items.map((n) => items[n - 1]?.pk ?? refuse(p, `items: order ${order} has ${items.length} items, not ${n}`));
    const read = readPlanFixture(store, body);
    if ('errors' in read) refuse(p, flatten(read.errors));
    else {
      if (p.created) clock.set(p.created);
      const made = createPlanFixture(store, clock, read.input, DATASET_USER, events);
      if ('errors' in made) refuse(p, flatten(made.errors));
      else tag(p, 'tags', 'cancellation_plan', made.fixture.plan.pk, p.tags);
    }
  }

  for (const step of work) step.make();
}

/** A request made as the API makes it, then moved the way the API moves it. Answers its id. */
function makeRequest(
  store: Store,
  clock: LoadClock,
  r: DatasetRequest,
  events: ReturnType<typeof createEventBus>,
  refuse: (o: Origin, message: string) => never,
  orderPk: (ref: Ref) => number,
  reasonPk: (ref: Ref) => number,
): number {
  if (!(REQUEST_STATUSES as readonly string[]).includes(r.status))
    refuse(r, `status: "${r.status}" is not one of ${REQUEST_STATUSES.join(', ')}`);
  if (r.plan_status !== null && !(PLAN_STATUSES as readonly string[]).includes(r.plan_status))
    refuse(r, `plan_status: "${r.plan_status}" is not one of ${PLAN_STATUSES.join(', ')}`);
  const status = r.status as RequestStatus;
  const order = orderPk(r.order);
  const items = orderItemsOf(store, order);
  const item = items[r.item - 1] ?? refuse(r, `item: order ${order} has ${items.length} items, not ${r.item}`);
  const type = r.cancellation_type ?? (item.status === '550' ? 'refund' : 'cancel');
  const reason = r.reason !== null ? reasonPk(r.reason)
    : [...store.reasons.values()].find((x) => x.is_active && x.cancellation_type === type)?.pk;
  if (r.created) clock.set(r.created);
  const before = (store.requestsByItem.get(item.pk) ?? []).length;
  const created = createRequest(store, {
    clock,
    uuid: () => r.uuid ?? uuidFrom(`request:${store.orders.get(order)!.number}:${item.pk}:${before}`),
    body: {
      order_item: item.pk,
      cancellation_type: type,
      ...(reason !== undefined && { reason }),
      ...(r.quantity !== null && { quantity: r.quantity }),
      ...(r.description !== null && { description: r.description }),
      ...(r.iban !== null && { iban: r.iban }),
      ...(r.holder_name !== null && { holder_name: r.holder_name }),
      ...(r.fully_refund_as_loyalty_money !== null && { fully_refund_as_loyalty_money: r.fully_refund_as_loyalty_money }),
    },
  });
  if (!created.ok) return refuse(r, describe(created.error));
  const id = created.value.id;
  const move = (to: RequestStatus) => {
    const moved = updateRequest(store, { id, body: { status: to }, partial: true, userPk: DATASET_USER, clock, events });
    if (!moved.ok) refuse(r, describe(moved.error));
  };
  const planStatus = (r.plan_status ?? (status === 'completed' ? 'completed' : null)) as PlanStatus | null;
  if (planStatus === null) {
    if (status === 'approved' || status === 'confirmed' || status === 'rejected') move(status);
  } else {
    move('approved');
    const plan = store.requests.get(id)!.cancellation_plan!;
    try {
      walkPlan(store, plan, planStatus, DATASET_USER, clock);
    } catch {
      refuse(r, `plan_status: its plan cannot be moved to "${planStatus}"`);
    }
  }
  const reached = store.requests.get(id)!.status;
  if (reached !== status)
    refuse(r, `status: a request whose plan is "${planStatus ?? 'none'}" is "${reached}", not "${status}"`);
  return id;
}

/** A domain refusal as one line: `iban: Enter a valid IBAN.` */
function describe(error: DomainError): string {
  if (error.kind === 'rule') return error.message;
  if (error.kind === 'not_found') return 'not found';
  if (error.kind === 'full') return 'the write budget is full';
  return flatten(error.errors);
}

function flatten(detail: ErrorDetail | Record<string, ErrorDetail>): string {
  if (Array.isArray(detail)) return detail.map((d) => (typeof d === 'string' ? d : flatten(d))).join(' ');
  return Object.entries(detail).map(([field, d]) => `${field}: ${flatten(d)}`).join('; ');
}
