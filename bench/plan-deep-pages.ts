// Deep pages of the plan list's many-match filters and of the sales-channel plan feed, in one
// process (issue 26; the rows of bench/lib/filters-100k.mjs that missed in the sixth session): for
// each row, ≥ 1,000 distinct (value, page size, page) cycled as the HTTP bench cycles them —
// values while there are enough, else each value's pages down to the deepest one — with a plan
// write before every tenth call. Times only the list work (filters compiled, `newestFirst`, count,
// the page's rows), no HTTP and no JSON: CPU ms per call (process.cpuUsage), median and p99, the
// mean wall ms (finer than the CPU clock's ticks), the
// load average beside each. `--check` compares every answer with reading every plan.
//   node --import tsx bench/plan-deep-pages.ts [size] [calls] [--only=a;b] [--check] [--ab]
import './lib/under-start-flags.mjs';
import { loadavg } from 'node:os';
import { channelPlanFeed } from '../src/http/channel-feeds.ts';
import { compileFilters } from '../src/domain/shared/filter-engine.ts';
import { planFilters } from '../src/domain/plans/plan-filters.ts';
import { planCandidates } from '../src/domain/plans/plan-indexes.ts';
import { lastValues } from '../src/http/list-query.ts';
import { newestFirst } from '../src/http/newest-first.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import { sharedViewOf } from '../src/state/store-views.ts';
import { createStore, type Store } from '../src/store/store.ts';
import type { CancellationPlan } from '../src/store/types.ts';
import type { Candidates } from '../src/store/candidates.ts';
import type { RowFilters } from '../src/http/list-query.ts';

const args = process.argv.slice(2);
const size = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const calls = Number(args.filter((a) => /^\d+$/.test(a))[1] ?? 400);
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(';') ?? null;
const check = args.includes('--check');
/**
 * `--ab`: each call made twice in turn, as the code before this session's change did it (the
 * candidate sets stripped of `ascending` and `orderOf`, the feed counting before it walks) and as
 * it does now, in this one process: the ratio of their times is the figure (the load falls on both).
 */
const ab = args.includes('--ab');
const strip = (c: Candidates | null): Candidates | null => {
  if (c === null) return null;
  const { ascending: _a, orderOf: _o, ...rest } = c;
  return { ...rest, keys: () => c.keys(), has: (k) => c.has(k) };
};
const stripped = <T>(compiled: RowFilters<T>): RowFilters<T> => ({ predicates: compiled.predicates, sources: compiled.sources.map((s) => ({ predicate: s.predicate, find: () => strip(s.find()) })) });
const base = createStore();
seedStore(base, { seed: 1, size });
const store: Store = sharedViewOf(base);
const plans = [...store.plans.values()];
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const STATUSES = ['completed', 'waiting', 'waiting_supplier', 'approved', 'confirmation_waiting', 'confirmed', 'cancelled', 'failed', 'rejected', 'waiting_for_payment', 'manuel_refund_need'];
const uniq = <T>(v: T[]) => [...new Set(v.filter((x) => x !== null && x !== undefined && x !== ''))];
const first = plans.slice(-3000);
const orderOf = (p: CancellationPlan) => store.orders.get(p.order)!;
const channels = uniq(first.map((p) => orderOf(p).channel));

/** A list answer as the route makes it: count and one page. */
function listPage(query: string, scan = false, old = false): { count: number; pks: number[] } {
  const url = new URL(`http://mock/?${query}`);
  const compiled = compileFilters(planFilters(store), lastValues(url));
  const rows = scan
    ? newestFirst(store.plans, { predicates: compiled.predicates, sources: [] } as never)
    : old
      ? newestFirst(store.plans, stripped(compiled as never), () => strip(planCandidates(store).pkWithin({})))
      : newestFirst(store.plans, compiled as never, () => planCandidates(store).pkWithin({}));
  const limit = Number(url.searchParams.get('limit') ?? 10);
  const page = Number(url.searchParams.get('page') ?? 1);
  return { count: rows.length, pks: rows.slice((page - 1) * limit, page * limit).map((p) => p.pk) };
}

/** ≥ 1,000 query strings for a filter, as bench/lib/filter-rows.mjs makes them. */
function queries(name: string, values: (string | number)[]): string[] {
  const v = uniq(values).map(String);
  if (v.length >= 1000) return v.slice(0, 2000).map((x) => `${name}=${encodeURIComponent(x)}&limit=10`);
  const counts = new Map(v.slice(0, 60).map((x) => [x, listPage(`${name}=${encodeURIComponent(x)}&limit=1`).count]));
  const out: string[] = [];
  for (let limit = 10; out.length < 1000 && limit < 60; limit += 1) {
    for (const x of v) {
      const maxPage = Math.max(1, Math.ceil((counts.get(x) ?? 1) / limit));
      for (let page = 1; page <= Math.min(maxPage, Math.ceil(1000 / v.length)); page += 1) {
        out.push(`${name}=${encodeURIComponent(x)}&limit=${limit}${page > 1 ? `&page=${page}` : ''}`);
      }
    }
  }
  return uniq(out);
}

const TAGS = ['vip', 'urgent', 'fraud-check', 'kargo-gecikmesi', 'müşteri-iade', 'hasarlı-ürün', 'öncelikli'];
const rows: Record<string, () => string[]> = {
  plan_type: () => queries('plan_type', ['cancel', 'refund']),
  status: () => queries('status', STATUSES),
  customer_id: () => queries('customer_id', first.map((p) => orderOf(p).customer)),
  channel_type: () => queries('channel_type', ['web', 'trendyol', 'hepsiburada', 'n11', 'amazon', 'feed', 'gittigidiyor', 'morhipo']),
  channel_id__in: () => queries('channel_id__in', channels.map((c, i) => `${c},${channels[(i + 1) % channels.length]}`)),
  created_by: () => queries('created_by', first.map((p) => p.created_by as number)),
  modified_by: () => queries('modified_by', first.map((p) => p.last_updated_by as number)),
  retail_store_remote_id: () => queries('retail_store_remote_id', first.map((p) => p.retail_store_remote_id as string)),
  related_cancellation_plan__plan_type: () => queries('related_cancellation_plan__plan_type', ['cancel', 'refund']),
  tag: () => queries('tag', TAGS),
  tag__exclude: () => queries('tag__exclude', TAGS),
};

/** A plan's status moved, as the HTTP bench's writer does (its modified date with it). */
let writes = 0;
function write(i: number): void {
  writes += 1;
  const p = plans[(i * 7919) % plans.length]!;
  const now = store.plans.get(p.pk)!;
  store.plans.set(p.pk, { ...now, status: now.status === 'failed' ? 'manuel_refund_need' : 'failed', modified_date: new Date(Date.UTC(2030, 0, 1, 0, 0, writes)).toISOString().replace('Z', '000Z') });
}

type Feed = { channel: number; query: string };
const feedRows: Record<string, () => Feed[]> = {
  'plan feed': () => channels.flatMap((channel) => Array.from({ length: 10 * Math.ceil(100 / channels.length) }, (_, i) => ({ channel, query: `limit=${10 + (i % 10)}${i >= 10 ? `&page=${1 + Math.floor(i / 10)}` : ''}` }))),
  'plan feed, modified_date__gt': () => uniq(first.map((p, i) => `${orderOf(p).channel}|modified_date__gt=${encodeURIComponent(p.modified_date)}&limit=${10 + (i % 10)}`)).map((s) => ({ channel: Number(s.split('|')[0]), query: s.split('|')[1]! })),
  'plan feed, status': () => channels.flatMap((channel) => STATUSES.flatMap((s) => Array.from({ length: 20 }, (_, i) => ({ channel, query: `status=${s}&limit=${10 + (i % 10)}${i >= 10 ? '&page=2' : ''}` })))),
};
const feed = ({ channel, query }: Feed) => {
  const url = new URL(`http://mock/?${query}`);
  return channelPlanFeed(store, channel, compileFilters(planFilters(store), lastValues(url)) as never, url).map((p) => p.pk);
};
const feedOld = ({ channel, query }: Feed) => {
  const url = new URL(`http://mock/?${query}`);
  return channelPlanFeed(store, channel, stripped(compileFilters(planFilters(store), lastValues(url)) as never), url, undefined, 0).map((p) => p.pk);
};
const feedScan = ({ channel, query }: Feed) => {
  const url = new URL(`http://mock/?${query}`);
  return channelPlanFeed(store, channel, compileFilters(planFilters(store), lastValues(url)) as never, url, Number.POSITIVE_INFINITY).map((p) => p.pk);
};

function measure<Q>(list: Q[], run: (q: Q) => unknown, brute: ((q: Q) => unknown) | null): { median: number; p99: number; afterWrite: number; mean: number; wrong: number } {
  for (let i = 0; i < 20; i += 1) run(list[i % list.length]!);
  const spent: number[] = [];
  const afterWrite: number[] = [];
  let wrong = 0;
  let total = 0;
  for (let i = 0; i < calls; i += 1) {
    if (i % 10 === 9) write(i);
    const q = list[(i * 131) % list.length]!;
    const t = process.cpuUsage();
    const wall = performance.now();
    const got = run(q);
    total += performance.now() - wall;
    const used = process.cpuUsage(t);
    spent.push((used.user + used.system) / 1000);
    if (i % 10 === 9) afterWrite.push((used.user + used.system) / 1000);
    if (brute && JSON.stringify(got) !== JSON.stringify(brute(q))) wrong += 1;
  }
  spent.sort((a, b) => a - b);
  afterWrite.sort((a, b) => a - b);
  return { median: spent[Math.floor(spent.length / 2)]!, p99: spent[Math.floor(spent.length * 0.99)]!, afterWrite: afterWrite[Math.floor(afterWrite.length / 2)]!, mean: total / calls, wrong };
}

/** Old and new in turn on the same query (which goes first alternates), CPU µs summed for each. */
function measureAb<Q>(list: Q[], runOld: (q: Q) => unknown, runNew: (q: Q) => unknown): { old: number; now: number; wrong: number } {
  for (let i = 0; i < 20; i += 1) (runOld(list[i % list.length]!), runNew(list[i % list.length]!));
  let [old, now, wrong] = [0, 0, 0];
  const timed = (f: (q: Q) => unknown, q: Q): [number, unknown] => {
    const t = process.cpuUsage();
    const got = f(q);
    const used = process.cpuUsage(t);
    return [used.user + used.system, got];
  };
  for (let i = 0; i < calls; i += 1) {
    if (i % 10 === 9) write(i);
    const q = list[(i * 131) % list.length]!;
    const first = i % 2 === 0;
    const [a, ga] = timed(first ? runOld : runNew, q);
    const [b, gb] = timed(first ? runNew : runOld, q);
    old += first ? a : b;
    now += first ? b : a;
    if (JSON.stringify(ga) !== JSON.stringify(gb)) wrong += 1;
  }
  return { old: old / calls / 1000, now: now / calls / 1000, wrong };
}

if (ab) {
  console.log(`plan deep pages at ${size.toLocaleString('en')} plans, before (sets stripped of ascending/orderOf) and now in turn on each query, CPU ms per call (mean of ${calls}), a write every tenth`);
  console.log('| row | before ms | now ms | now ÷ before | answers differing | load |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, make] of Object.entries(rows)) {
    if (only && !only.includes(name)) continue;
    const m = measureAb(make(), (q) => listPage(q, false, true), (q) => listPage(q));
    console.log(`| ${name} | ${m.old.toFixed(3)} | ${m.now.toFixed(3)} | ${(m.now / m.old).toFixed(2)} | ${m.wrong} | ${load()} |`);
  }
  for (const [name, make] of Object.entries(feedRows)) {
    if (only && !only.includes(name)) continue;
    const m = measureAb(make(), feedOld, feed);
    console.log(`| ${name} | ${m.old.toFixed(3)} | ${m.now.toFixed(3)} | ${(m.now / m.old).toFixed(2)} | ${m.wrong} | ${load()} |`);
  }
  process.exit(0);
}
console.log(`plan deep pages at ${size.toLocaleString('en')} plans: CPU ms per call (list work only), ${calls} calls a row, a write every tenth${check ? ', each answer checked against reading every plan' : ''}`);
console.log('| row | URLs | deepest page | mean ms (wall) | median ms | p99 ms | median after a write | wrong | load |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const [name, make] of Object.entries(rows)) {
  if (only && !only.includes(name)) continue;
  const list = make();
  const deepest = Math.max(...list.map((q) => Number(/page=(\d+)/.exec(q)?.[1] ?? 1)));
  const m = measure(list, (q) => listPage(q), check ? (q) => listPage(q, true) : null);
  console.log(`| ${name} | ${list.length} | ${deepest} | ${m.mean.toFixed(3)} | ${m.median.toFixed(2)} | ${m.p99.toFixed(2)} | ${m.afterWrite.toFixed(2)} | ${check ? m.wrong : '—'} | ${load()} |`);
}
for (const [name, make] of Object.entries(feedRows)) {
  if (only && !only.includes(name)) continue;
  const list = make();
  const m = measure(list, feed, check ? feedScan : null);
  console.log(`| ${name} | ${list.length} | — | ${m.mean.toFixed(3)} | ${m.median.toFixed(2)} | ${m.p99.toFixed(2)} | ${m.afterWrite.toFixed(2)} | ${check ? m.wrong : '—'} | ${load()} |`);
}
console.log(`(${writes} writes interleaved)`);
