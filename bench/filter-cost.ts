// The filter work alone, side by side in one process (issue 26): for each filter of the plan and
// request lists at a size, the time to find one page of ten and the count — with the indexes,
// and by reading every row as the lists did before (`sources: []`, the same predicates). No HTTP,
// no serialization (those are measured by bench/lib/filters-100k.mjs and throughput.mjs): a ratio
// that the machine's other load moves far less than an absolute figure. Every call uses another
// value (≥ 1,000 distinct where the field has them) and every tenth call is preceded by a write.
// The channel feeds likewise (their channel's page, oldest change first).
//   node --import tsx bench/filter-cost.ts [size] [calls] [plans|requests|channels]
import { loadavg } from 'node:os';
import { compileFilters } from '../src/domain/shared/filter-engine.ts';
import { taggedKeys } from '../src/domain/shared/tag-filters.ts';
import { planFilters } from '../src/domain/plans/plan-filters.ts';
import { planCandidates } from '../src/domain/plans/plan-indexes.ts';
import { requestFilters } from '../src/domain/requests/request-filters.ts';
import { requestCandidates } from '../src/domain/requests/request-indexes.ts';
import { channelOfPlan, channelOfRequest } from '../src/domain/channels/channel-scope.ts';
import { allImages } from '../src/domain/images/request-images.ts';
import { channelImageFeed, channelPlanFeed } from '../src/http/channel-feeds.ts';
import { lastValues } from '../src/http/list-query.ts';
import { newestFirst } from '../src/http/newest-first.ts';
import { feedPage } from '../src/http/sync-feed.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import { sharedViewOf } from '../src/state/store-views.ts';
import { createStore, type Store } from '../src/store/store.ts';
import type { CancellationPlan, CancellationRequest } from '../src/store/types.ts';

const size = Number(process.argv[2] ?? 100_000);
const calls = Number(process.argv[3] ?? 200);
/** `plans`, `requests` or `channels`: one section alone (all by default). */
const only = process.argv[4]?.replace(/^--only=?/, '') || null;
const wanted = (section: string) => only === null || only === section;
const base = createStore();
seedStore(base, { seed: 1, size });
const store: Store = sharedViewOf(base);
const plans = [...store.plans.values()];
const requests = [...store.requests.values()];
const pick = <T>(list: T[], i: number) => list[(i * 7919) % list.length]!;
const order = (o: number) => store.orders.get(o)!;
const rOrder = (r: CancellationRequest) => order(store.orderItems.get(r.order_item)!.order);
const cyc = <T>(list: readonly T[]) => (i: number) => list[i % list.length]!;
const LOOKUPS = ['gt', 'gte', 'lt', 'lte', 'date', 'date__gt', 'date__lt'];
const dateQ = (field: string, v: (i: number) => string) => (i: number): [string, string] => {
  const lookup = LOOKUPS[i % LOOKUPS.length]!;
  return [`${field}__${lookup}`, lookup.startsWith('date') ? v(i).slice(0, 10) : v(i)];
};

type Q = (i: number) => [string, string];
const P = (i: number) => pick(plans, i);
const R = (i: number) => pick(requests, i);
const PLAN_Q: Record<string, Q> = {
  pk: (i) => ['pk', String(P(i).pk)],
  'pk ranges': (i) => [['pk__gt', 'pk__lte', 'pk__lt'][i % 3]!, String(P(i).pk)],
  status: (i) => ['status', cyc(['waiting', 'completed', 'approved', 'failed', 'cancelled'])(i)],
  plan_type: (i) => ['plan_type', cyc(['cancel', 'refund'])(i)],
  order_number: (i) => ['order_number', order(P(i).order).number],
  customer_id: (i) => ['customer_id', String(order(P(i).order).customer)],
  channel_type: (i) => ['channel_type', cyc(['web', 'trendyol', 'n11', 'amazon'])(i)],
  invoice_number: (i) => ['invoice_number', P(i).invoice_number ?? 'x'],
  invoice_date: (i) => ['invoice_date', (order(P(i).order).invoice_date ?? '2025-01-01').slice(0, 10)],
  created_by: (i) => ['created_by', String(P(i).created_by)],
  related_cancellation_plan__plan_type: (i) => ['related_cancellation_plan__plan_type', cyc(['cancel', 'refund'])(i)],
  'created_date ranges': dateQ('created_date', (i) => P(i).created_date),
  'modified_date ranges': dateQ('modified_date', (i) => P(i).modified_date),
  tag: (i) => ['tag', cyc(['vip', 'urgent', 'fraud-check'])(i)],
  tag__exclude: (i) => ['tag__exclude', cyc(['vip', 'urgent', 'fraud-check'])(i)],
};
const REQ_Q: Record<string, Q> = {
  pk: (i) => ['pk', String(R(i).id)],
  'pk ranges': (i) => [['pk__gt', 'pk__lte', 'pk__lt'][i % 3]!, String(R(i).id)],
  uuid: (i) => ['uuid', R(i).uuid],
  status: (i) => ['status', cyc(['waiting', 'confirmed', 'approved', 'rejected', 'completed'])(i)],
  cancellation_type: (i) => ['cancellation_type', cyc(['cancel', 'refund'])(i)],
  order_number: (i) => ['order_number', rOrder(R(i)).number],
  sku: (i) => ['sku', store.products.get(store.orderItems.get(R(i).order_item)!.product)!.sku],
  channel: (i) => ['channel', String(rOrder(R(i)).channel)],
  customer_email: (i) => ['customer_email', store.customers.get(rOrder(R(i)).customer)!.email.toUpperCase()],
  customer_first_name: (i) => ['customer_first_name', store.customers.get(rOrder(R(i)).customer)!.first_name],
  cancellation_plan_status: (i) => ['cancellation_plan_status', cyc(['waiting', 'completed', 'approved'])(i)],
  currency: (i) => ['currency', cyc(['try', 'eur', 'usd'])(i)],
  reason: (i) => ['reason', String(R(i).reason)],
  iban: (i) => ['iban', R(i).iban ?? 'x'],
  fully_refund_as_loyalty_money: (i) => ['fully_refund_as_loyalty_money', cyc(['true', 'false'])(i)],
  'created_date ranges': dateQ('created_date', (i) => R(i).created_date),
  'modified_date ranges': dateQ('modified_date', (i) => R(i).modified_date),
  'description (contains)': (i) => ['description', (R(i + 3).description ?? 'iade').slice(2, 6)],
};

let writes = 0;
/** A write now and then: a request's status and description, a plan's status, a tag. */
function write(i: number): void {
  writes += 1;
  const r = R(i * 31 + 1);
  store.requests.set(r.id, { ...r, description: `note ${i}`, modified_date: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString().replace('Z', '000Z') });
  const p = P(i * 17 + 1);
  store.plans.set(p.pk, { ...p, status: i % 2 ? 'failed' : 'manuel_refund_need', modified_date: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString().replace('Z', '000Z') });
  store.tags.cancellation_request.add(r.id, `bench-${i % 50}`);
}

function time<Row>(rows: Map<number, Row>, defs: () => unknown[], q: Q, indexed: boolean, n: number, tag?: boolean): number {
  const spent: number[] = [];
  for (let i = 0; i < n; i += 1) {
    if (i % 10 === 9) write(i);
    const t = performance.now();
    const [name, value] = q(i);
    const compiled = compileFilters(defs() as never, new Map(tag ? [] : [[name, value]])) as unknown as { predicates: ((r: Row) => boolean)[]; sources: unknown[] };
    if (tag) {
      const key = `bench-${i % 50}`;
      const keep = name === 'filter_tags';
      const tags = store.tags.cancellation_request;
      compiled.predicates.push((r) => tags.has((r as CancellationRequest).id, key) === keep);
      compiled.sources.push({ predicate: compiled.predicates.length - 1, find: () => taggedKeys(tags, key, keep, store.requests, () => requestCandidates(store).pkWithin({})) });
    }
    // As the routes do: the key index at hand, so large results page from the newest key down.
    const sorted = () => (rows === (store.plans as unknown) ? planCandidates(store) : requestCandidates(store)).pkWithin({});
    const list = indexed
      ? newestFirst(rows, compiled as never, sorted)
      : newestFirst(rows, { predicates: compiled.predicates, sources: [] } as never);
    void list.length;
    list.slice(0, 10);
    spent.push(performance.now() - t);
  }
  spent.sort((a, b) => a - b);
  return spent[Math.floor(spent.length / 2)]!;
}

const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
console.log(`filter cost at ${size}: ${store.plans.size} plans, ${store.requests.size} requests; median ms of ${calls} indexed calls (and of ${Math.max(10, calls / 10)} reading every row); load ${load()}`);
console.log(`| list | filter | indexed ms | every row ms | ÷ | load |`);
console.log(`|---|---|---|---|---|---|`);
const rowsOf = [
  ['plans', store.plans, () => planFilters(store), PLAN_Q],
  ['requests', store.requests, () => requestFilters(store), REQ_Q],
] as const;
for (const [list, rows, defs, qs] of rowsOf) {
  if (!wanted(list)) continue;
  for (const [name, q] of Object.entries(qs)) {
    time(rows as Map<number, unknown>, defs, q, true, 3); // builds the index, unmeasured
    const indexed = time(rows as Map<number, unknown>, defs, q, true, calls);
    const scanned = time(rows as Map<number, unknown>, defs, q, false, Math.max(10, calls / 10));
    console.log(`| ${list} | ${name} | ${indexed.toFixed(3)} | ${scanned.toFixed(2)} | ${(scanned / indexed).toFixed(0)} | ${load()} |`);
  }
}
for (const name of wanted('requests') ? ['filter_tags', 'exclude_tags'] : []) {
  const q: Q = () => [name, ''];
  const defs = () => requestFilters(store);
  time(store.requests as Map<number, unknown>, defs, q, true, 3, true);
  const indexed = time(store.requests as Map<number, unknown>, defs, q, true, calls, true);
  const scanned = time(store.requests as Map<number, unknown>, defs, q, false, Math.max(10, calls / 10), true);
  console.log(`| requests | ${name} | ${indexed.toFixed(3)} | ${scanned.toFixed(2)} | ${(scanned / indexed).toFixed(0)} | ${load()} |`);
}
// The sales-channel feeds: one channel's page, oldest change first, with the channel's index and
// the sorted modified dates, against filtering every row and sorting (how the feeds worked before).
const channels = [...store.channels.keys()];
const feedQ = (i: number) => new URL(`http://mock/?limit=${10 + (i % 10)}&page=${1 + (i % 5)}${i % 3 ? '' : `&status=${cyc(['waiting', 'completed', 'approved'])(i)}`}`);
const feeds: Record<string, [(i: number) => unknown, (i: number) => unknown]> = {
  'plan feed': [
    (i) => channelPlanFeed(store, cyc(channels)(i), compileFilters(planFilters(store), lastValues(feedQ(i))) as never, feedQ(i)),
    (i) => {
      const compiled = compileFilters(planFilters(store), lastValues(feedQ(i)));
      const rows = newestFirst(store.plans, compiled as never).slice().filter((p) => channelOfPlan(store, p) === cyc(channels)(i));
      return feedPage(rows, feedQ(i), (p) => p.pk);
    },
  ],
  'image feed': [
    (i) => channelImageFeed(store, cyc(channels)(i), () => true, feedQ(i)),
    (i) => feedPage(allImages(store).filter((im) => channelOfRequest(store, store.requests.get(im.cancellation_request)!) === cyc(channels)(i)), feedQ(i), (im) => im.id),
  ],
};
const median = (f: (i: number) => unknown, n: number) => {
  const spent: number[] = [];
  for (let i = 0; i < n; i += 1) {
    if (i % 10 === 9) write(i);
    const t = performance.now();
    f(i);
    spent.push(performance.now() - t);
  }
  return spent.sort((a, b) => a - b)[Math.floor(n / 2)]!;
};
for (const [name, [indexed, scanned]] of wanted('channels') ? Object.entries(feeds) : []) {
  median(indexed, 3);
  const a = median(indexed, calls);
  const b = median(scanned, Math.max(10, calls / 10));
  console.log(`| channels | ${name} | ${a.toFixed(3)} | ${b.toFixed(2)} | ${(b / a).toFixed(0)} | ${load()} |`);
}
console.log(`(${writes} writes interleaved)`);
void (null as unknown as CancellationPlan);
