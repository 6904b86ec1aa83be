import { ChunkedStoreMap } from './chunked-store-map.ts';
import { TagIndex } from './tag-index.ts';
import type {
  Address,
  CancellationPlan,
  CancellationPlanItem,
  CancellationReason,
  CancellationRequest,
  Channel,
  Customer,
  Order,
  OrderItem,
  PriceList,
  Product,
  StockList,
  TaggedResource,
  User,
} from './types.ts';

/**
 * All state of one mock instance: typed Maps keyed by `pk`, plus the reverse indexes that
 * serializers and filters need. Nothing here knows HTTP or business rules; `domain/` reads and
 * writes through these Maps and keeps the indexes true with the `insert*` helpers below.
 *
 * Records are treated as immutable once stored: a write builds a new record and `set`s it
 * (`store.plans.set(pk, { ...plan, status })`), and index lists are replaced, not pushed to.
 * That keeps copy-on-write views of a store (per-caller sessions) cheap and correct.
 */
export interface Store {
  users: Map<number, User>;
  channels: Map<number, Channel>;
  customers: Map<number, Customer>;
  addresses: Map<number, Address>;
  priceLists: Map<number, PriceList>;
  stockLists: Map<number, StockList>;
  products: Map<number, Product>;
  reasons: Map<number, CancellationReason>;
  orders: Map<number, Order>;
  orderItems: Map<number, OrderItem>;
  plans: Map<number, CancellationPlan>;
  planItems: Map<number, CancellationPlanItem>;
  requests: Map<number, CancellationRequest>;
  tags: Record<TaggedResource, TagIndex>;
  /** order pk → its item pks, in creation order. */
  itemsByOrder: Map<number, number[]>;
  /** plan pk → its plan-item pks, in creation order. */
  planItemsByPlan: Map<number, number[]>;
  /** order pk → its plan pks, in creation order. */
  plansByOrder: Map<number, number[]>;
  /** order item pk → its request ids, in creation order. */
  requestsByItem: Map<number, number[]>;
  /** The next `pk` each collection hands out; only ever grows. */
  sequences: Record<SequenceName, number>;
  /**
   * The resource engine's generic collections (issue 20), one flat Map so sessions, exports and
   * the state file handle them as any other collection: `"<collection>\u0000<id>"` → its row.
   */
  engineRows: Map<string, EngineRow>;
  /** The next numeric identifier each generic collection hands out, by collection name. */
  engineSequences: Map<string, { next: number }>;
}

/** One object of a generic collection (`src/engine/`): the collection, its identity, its JSON. */
/**
 * The longest key a string-keyed collection (`engineRows`, `engineSequences`) may hold: what the
 * state importer accepts, and so what the engine may store (a longer client-given identity is a 400).
 */
export const MAX_STRING_KEY = 512;

export interface EngineRow {
  c: string;
  /** The identity (not `id`: the state format checks a record's own `id` against its key). */
  k: string | number;
  /** The path parameters of a parent-scoped path it was created under (`{channel_id: "3"}`). */
  scope?: Record<string, string>;
  o: Record<string, unknown>;
}

export type SequenceName =
  | 'users' | 'channels' | 'customers' | 'addresses' | 'priceLists' | 'stockLists' | 'products'
  | 'reasons' | 'orders' | 'orderItems' | 'benefitApplicants' | 'plans' | 'planItems' | 'requests'
  | 'easyReturns';

/**
 * An empty store; `seedStore()` fills it. Its collections are `StoreMap`s, so derived indexes
 * (`value-index.ts`) hear every write.
 */
export function createStore(): Store {
  return {
    users: new ChunkedStoreMap(),
    channels: new ChunkedStoreMap(),
    customers: new ChunkedStoreMap(),
    addresses: new ChunkedStoreMap(),
    priceLists: new ChunkedStoreMap(),
    stockLists: new ChunkedStoreMap(),
    products: new ChunkedStoreMap(),
    reasons: new ChunkedStoreMap(),
    orders: new ChunkedStoreMap(),
    orderItems: new ChunkedStoreMap(),
    plans: new ChunkedStoreMap(),
    planItems: new ChunkedStoreMap(),
    requests: new ChunkedStoreMap(),
    tags: { cancellation_plan: new TagIndex(), cancellation_request: new TagIndex() },
    itemsByOrder: new ChunkedStoreMap(),
    planItemsByPlan: new ChunkedStoreMap(),
    plansByOrder: new ChunkedStoreMap(),
    requestsByItem: new ChunkedStoreMap(),
    sequences: {
      users: 1, channels: 1, customers: 1, addresses: 1, priceLists: 1, stockLists: 1,
      products: 1, reasons: 1, orders: 1, orderItems: 1, benefitApplicants: 1, plans: 1,
      planItems: 1, requests: 1, easyReturns: 1,
    },
    engineRows: new ChunkedStoreMap(),
    engineSequences: new ChunkedStoreMap(),
  };
}

/** Hands out the next primary key of a collection. */
export function nextId(store: Store, name: SequenceName): number {
  const id = store.sequences[name];
  store.sequences[name] = id + 1;
  return id;
}

/** Appends by replacing the list, never mutating it: a copy-on-write view may share it. */
function pushIndex(index: Map<number, number[]>, key: number, value: number): void {
  // `concat` sizes the new array exactly; a spread over-allocates (~50 MB more at 100,000 plans).
  const before = index.get(key);
  index.set(key, before ? before.concat(value) : [value]);
}

/**
 * Stores `rows` that share one parent and files their pks under it with one write of its list.
 * The seed stores its 240,000 order items an order at a time (and plan items a plan at a time):
 * the one-row helpers read and replaced the parent's list once per row.
 */
function insertUnderOne<R extends { pk: number }>(
  rows: Map<number, R>, index: Map<number, number[]>, group: readonly R[], parentOf: (row: R) => number,
): void {
  const first = group[0];
  if (!first) return;
  const parent = parentOf(first);
  for (const row of group) {
    if (parentOf(row) !== parent) throw new Error('insertUnderOne: rows of one parent only');
    rows.set(row.pk, row);
  }
  const pks = group.map((row) => row.pk);
  const before = index.get(parent);
  index.set(parent, before ? before.concat(pks) : pks);
}

/** Stores an order item and indexes it under its order. */
export function insertOrderItem(store: Store, item: OrderItem): void {
  store.orderItems.set(item.pk, item);
  pushIndex(store.itemsByOrder, item.order, item.pk);
}

/** Stores items of one order and indexes them under it at once (the seed's way). */
export function insertOrderItems(store: Store, items: readonly OrderItem[]): void {
  insertUnderOne(store.orderItems, store.itemsByOrder, items, (item) => item.order);
}

/** Stores a plan and indexes it under its order. */
export function insertPlan(store: Store, plan: CancellationPlan): void {
  store.plans.set(plan.pk, plan);
  pushIndex(store.plansByOrder, plan.order, plan.pk);
}

/** Stores a plan item and indexes it under its plan. */
export function insertPlanItem(store: Store, item: CancellationPlanItem): void {
  store.planItems.set(item.pk, item);
  pushIndex(store.planItemsByPlan, item.plan, item.pk);
}

/** Stores items of one plan and indexes them under it at once (the seed's way). */
export function insertPlanItems(store: Store, items: readonly CancellationPlanItem[]): void {
  insertUnderOne(store.planItems, store.planItemsByPlan, items, (item) => item.plan);
}

/** Stores a cancellation request and indexes it under its order item. */
export function insertRequest(store: Store, request: CancellationRequest): void {
  store.requests.set(request.id, request);
  pushIndex(store.requestsByItem, request.order_item, request.id);
}

/** Deletes a cancellation request and takes it out of its item's index (a channel's withdrawal). */
export function removeRequest(store: Store, id: number): void {
  const request = store.requests.get(id);
  if (!request) return;
  store.requests.delete(id);
  store.tags.cancellation_request.removeAll([id], store.tags.cancellation_request.tagsOf(id));
  const rest = (store.requestsByItem.get(request.order_item) ?? []).filter((other) => other !== id);
  if (rest.length > 0) store.requestsByItem.set(request.order_item, rest);
  else store.requestsByItem.delete(request.order_item);
}

/** A plan's items, in creation order. */
export function planItemsOf(store: Store, planPk: number): CancellationPlanItem[] {
  return (store.planItemsByPlan.get(planPk) ?? []).map((pk) => store.planItems.get(pk)!);
}

/** An order's items, in creation order. */
export function orderItemsOf(store: Store, orderPk: number): OrderItem[] {
  return (store.itemsByOrder.get(orderPk) ?? []).map((pk) => store.orderItems.get(pk)!);
}
