import type { SequenceName, Store } from '../../store/store.ts';
import type { TaggedResource } from '../../store/types.ts';
import type { InvariantReport } from './invariant-report.ts';

/**
 * The store's plumbing: every Map keyed by its objects' own pk, every pk below its sequence (so
 * the next create cannot collide), every foreign key pointing at an object that exists, the
 * reverse indexes agreeing exactly with the collections, unique business keys, and tags that are
 * sets on existing objects with a reverse index that agrees.
 */
export function checkReferences(store: Store, report: InvariantReport): void {
  checkKeys(store, report);
  const ref = (subject: string, field: string, pk: number | null, map: Map<number, unknown>, what: string) => {
    if (pk !== null && !map.has(pk)) report.add(`${subject}: ${field} ${pk} is not an existing ${what}`);
  };
  for (const c of store.customers.values()) ref(`customer ${c.pk}`, 'channel', c.channel, store.channels, 'channel');
  for (const a of store.addresses.values()) ref(`address ${a.pk}`, 'customer', a.customer, store.customers, 'customer');
  const numbers = new Map<string, number>();
  for (const o of store.orders.values()) {
    const s = `order ${o.pk}`;
    ref(s, 'channel', o.channel, store.channels, 'channel');
    ref(s, 'customer', o.customer, store.customers, 'customer');
    ref(s, 'billing_address', o.billing_address, store.addresses, 'address');
    ref(s, 'shipping_address', o.shipping_address, store.addresses, 'address');
    const twin = numbers.get(o.number);
    if (twin !== undefined) report.add(`${s}: number ${o.number} is also order ${twin}'s`);
    else numbers.set(o.number, o.pk);
  }
  const applicants = new Map<number, number>();
  for (const i of store.orderItems.values()) {
    const s = `order item ${i.pk}`;
    ref(s, 'order', i.order, store.orders, 'order');
    ref(s, 'product', i.product, store.products, 'product');
    ref(s, 'price_list', i.price_list, store.priceLists, 'price list');
    ref(s, 'stock_list', i.stock_list, store.stockLists, 'stock list');
    const order = store.orders.get(i.order);
    if (order && i.price_currency !== order.currency) report.add(`${s}: price_currency ${i.price_currency} ≠ order ${order.pk}'s currency ${order.currency}`);
    for (const b of i.benefitapplicant_set) {
      if (b.order_item !== i.pk) report.add(`${s}: benefit applicant ${b.id} names order item ${b.order_item}`);
      const twin = applicants.get(b.id);
      if (twin !== undefined) report.add(`${s}: benefit applicant id ${b.id} is also used by order item ${twin}`);
      else applicants.set(b.id, i.pk);
      if (b.id >= store.sequences.benefitApplicants) report.add(`${s}: benefit applicant id ${b.id} ≥ its sequence ${store.sequences.benefitApplicants}`);
    }
  }
  for (const p of store.plans.values()) {
    const s = `plan ${p.pk}`;
    ref(s, 'order', p.order, store.orders, 'order');
    ref(s, 'created_by', p.created_by, store.users, 'user');
    ref(s, 'last_updated_by', p.last_updated_by, store.users, 'user');
    ref(s, 'related_cancellationplan', p.related_cancellationplan, store.plans, 'plan');
  }
  for (const l of store.planItems.values()) {
    const s = `plan item ${l.pk}`;
    ref(s, 'plan', l.plan, store.plans, 'plan');
    ref(s, 'order_item', l.order_item, store.orderItems, 'order item');
    ref(s, 'reason', l.reason, store.reasons, 'reason');
  }
  const easyReturns = new Set<number>();
  for (const r of store.requests.values()) {
    const s = `request ${r.id}`;
    ref(s, 'order_item', r.order_item, store.orderItems, 'order item');
    ref(s, 'reason', r.reason, store.reasons, 'reason');
    ref(s, 'cancellation_plan', r.cancellation_plan, store.plans, 'plan');
    if (r.easy_return) {
      if (easyReturns.has(r.easy_return.id)) report.add(`${s}: easy_return id ${r.easy_return.id} is used twice`);
      easyReturns.add(r.easy_return.id);
      if (r.easy_return.id >= store.sequences.easyReturns) report.add(`${s}: easy_return id ${r.easy_return.id} ≥ its sequence ${store.sequences.easyReturns}`);
    }
  }
  checkIndex(report, 'itemsByOrder', store.itemsByOrder, store.orderItems, 'order', 'order item');
  checkIndex(report, 'planItemsByPlan', store.planItemsByPlan, store.planItems, 'plan', 'plan item');
  checkIndex(report, 'plansByOrder', store.plansByOrder, store.plans, 'order', 'plan');
  checkIndex(report, 'requestsByItem', store.requestsByItem, store.requests, 'order_item', 'request');
  checkTags(store, report, 'cancellation_plan', store.plans, 'plan');
  checkTags(store, report, 'cancellation_request', store.requests, 'request');
}

const KEYED: ReadonlyArray<readonly [keyof Store & SequenceName, string]> = [
  ['users', 'user'], ['channels', 'channel'], ['customers', 'customer'], ['addresses', 'address'],
  ['priceLists', 'price list'], ['stockLists', 'stock list'], ['products', 'product'], ['reasons', 'reason'],
  ['orders', 'order'], ['orderItems', 'order item'], ['plans', 'plan'], ['planItems', 'plan item'], ['requests', 'request'],
];

function checkKeys(store: Store, report: InvariantReport): void {
  for (const [name, what] of KEYED) {
    const map = store[name] as Map<number, { pk?: number; id?: number }>;
    for (const [key, value] of map) {
      const pk = value.pk ?? value.id;
      if (pk !== key) report.add(`${name}: key ${key} holds ${what} ${pk}`);
      if (key >= store.sequences[name]) report.add(`${what} ${key}: pk ≥ the ${name} sequence ${store.sequences[name]} (the next create would collide)`);
    }
  }
}

/** An index must list each object exactly once, under its own foreign key, in creation (pk) order. */
function checkIndex<T extends { pk?: number; id?: number }>(
  report: InvariantReport, name: string, index: Map<number, number[]>, map: Map<number, T>, fk: keyof T, what: string,
): void {
  const listed = new Set<number>();
  for (const [key, ids] of index) {
    let previous = -Infinity;
    for (const id of ids) {
      const value = map.get(id);
      if (listed.has(id)) report.add(`${name}[${key}]: lists ${what} ${id} twice`);
      listed.add(id);
      if (!value) report.add(`${name}[${key}]: lists ${what} ${id}, which does not exist`);
      else if (value[fk] !== key) report.add(`${name}[${key}]: lists ${what} ${id}, whose ${String(fk)} is ${String(value[fk])}`);
      if (id < previous) report.add(`${name}[${key}]: ${what} ${id} listed after ${previous} (not creation order)`);
      previous = id;
    }
  }
  for (const [id, value] of map) {
    if (!listed.has(id)) report.add(`${name}: ${what} ${id} (${String(fk)} ${String(value[fk])}) is missing from the index`);
  }
}

function checkTags(store: Store, report: InvariantReport, resource: TaggedResource, map: Map<number, unknown>, what: string): void {
  const index = store.tags[resource];
  const tags = new Set<string>();
  for (const [id, list] of index.entries()) {
    if (!map.has(id)) report.add(`${resource} tags: ${what} ${id} is tagged ${JSON.stringify(list)} but does not exist`);
    if (new Set(list).size !== list.length) report.add(`${what} ${id}: tags ${JSON.stringify(list)} repeat a tag`);
    for (const tag of list) {
      tags.add(tag);
      if (typeof tag !== 'string' || tag.trim() === '') report.add(`${what} ${id}: has an empty tag ${JSON.stringify(tag)}`);
      if (!index.idsWith(tag).has(id)) report.add(`${what} ${id}: tag "${tag}" is missing from the reverse index`);
    }
  }
  for (const tag of tags) {
    for (const id of index.idsWith(tag)) {
      if (!index.has(id, tag)) report.add(`${resource} tags: the reverse index lists ${what} ${id} under "${tag}", which it does not carry`);
    }
  }
}
