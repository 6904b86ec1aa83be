// The plan JSON cache of two checkouts side by side in one process (eleventh session, plan-p99):
// one seeded store, each checkout's `PlanJsonCache` answering the plans of the pages a many-match
// row asks for, in the order filters-100k.mjs's 8 connections ask (each cycling the row's ≥ 1,000
// pages from its own offset, a plan status move every tenth request), in blocks of 50 pages taken
// in turns. Per side: CPU µs a page (process.cpuUsage; the collector's work included, both sides
// sharing one heap), the share of plans answered from kept bytes, MB of external memory after; the
// load average beside each line. Only the JSON part of a page: no filters, no HTTP.
//   node --import tsx bench/plan-cache-side-by-side.ts [size] [pages] --before /tmp/plan-p99-before [--row status|plan_type|created_by|modified_by|retail_store_remote_id|channel_type]
import './lib/under-start-flags.mjs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { seedStore } from '../src/seed/seed-store.ts';
import { sharedViewOf } from '../src/state/store-views.ts';
import { createStore } from '../src/store/store.ts';
import type { CancellationPlan } from '../src/store/types.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { before: { type: 'string' }, row: { type: 'string', default: 'status' } } });
const [size = 100_000, pagesToAsk = 20_000] = positionals.map(Number);
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const roots = [resolve(values.before ?? '.'), resolve('.')];
type Cache = { borrow(store: unknown, plan: CancellationPlan): Uint8Array };
const sides = await Promise.all(
  roots.map(async (root) => {
    const { PlanJsonCache } = (await import(join(root, 'src/domain/plans/plan-json-cache.ts'))) as { PlanJsonCache: new () => Cache };
    return { root, cache: new PlanJsonCache(), cpu: 0, pages: 0, plans: 0, hits: 0, last: new Map<number, [number, number]>() };
  }),
);
const base = createStore();
seedStore(base, { seed: 1, size });
const store = sharedViewOf(base);

// The row's pages as filter-rows.mjs makes them: each value's pages of ten, newest first, ≥ 1,000.
// Twelfth session (rows-100k): the other many-match rows too, by what they file a plan under.
const VALUE_OF: Record<string, (p: CancellationPlan) => unknown> = {
  status: (p) => p.status,
  plan_type: (p) => p.plan_type,
  created_by: (p) => p.created_by,
  modified_by: (p) => p.last_updated_by,
  retail_store_remote_id: (p) => p.retail_store_remote_id,
  channel_type: (p) => store.channels.get(store.orders.get(p.order)!.channel)?.channel_type,
};
const field = values.row!;
const valueOf = VALUE_OF[field];
if (valueOf === undefined) throw new Error(`--row: one of ${Object.keys(VALUE_OF).join(', ')}`);
const byValue = new Map<unknown, number[]>();
for (const p of store.plans.values()) {
  const list = byValue.get(valueOf(p)) ?? [];
  list.push(p.pk);
  byValue.set(valueOf(p), list);
}
const urls: number[][] = [];
const each = Math.ceil(1000 / byValue.size);
for (const pks of byValue.values()) {
  pks.sort((a, b) => b - a);
  for (let page = 0; page < Math.min(each, Math.ceil(pks.length / 10)); page += 1) urls.push(pks.slice(page * 10, page * 10 + 10));
}
// 8 connections in turns, each from its own offset (131 apart), a write before every ninth read.
const cycle = [...store.plans.values()].filter((p) => p.status === 'failed').slice(0, 8).map((p) => p.pk);
const order: Array<number[] | number> = [];
for (let i = 0; order.length < pagesToAsk; i += 1) {
  for (let me = 0; me < 8; me += 1) {
    order.push(urls[(i + me * 131) % urls.length]!);
    if ((i + 1) % 9 === 0) order.push(cycle[me]!);
  }
}
const write = (pk: number) => {
  const p = store.plans.get(pk)!;
  store.plans.set(pk, { ...p, status: p.status === 'failed' ? 'manuel_refund_need' : 'failed' });
};

const bufferIds = new WeakMap<ArrayBufferLike, number>();
const idOf = (b: ArrayBufferLike) => {
  let id = bufferIds.get(b);
  if (id === undefined) bufferIds.set(b, (id = nextId++));
  return id;
};
let nextId = 0;
console.log(`plan JSON cache side by side, ${field} row at ${size.toLocaleString('en')}: ${urls.length} pages cycled by 8 connections, ${order.length} steps | load ${load()}`);
const BLOCK = 50;
for (let from = 0; from < order.length; from += BLOCK) {
  const block = order.slice(from, from + BLOCK);
  // The block's writes first, once: both sides then answer the same records.
  for (const step of block) if (typeof step === 'number') write(step);
  for (const side of from / BLOCK % 2 === 0 ? sides : [...sides].reverse()) {
    const t = process.cpuUsage();
    for (const step of block) {
      if (typeof step === 'number') continue;
      for (const pk of step) {
        const bytes = side.cache.borrow(store, store.plans.get(pk)!);
        // Where the bytes were last time (a buffer by a number: holding buffers would keep them alive).
        const buffer = idOf(bytes.buffer);
        const was = side.last.get(pk);
        if (was !== undefined && was[0] === buffer && was[1] === bytes.byteOffset) side.hits += 1;
        side.last.set(pk, [buffer, bytes.byteOffset]);
        side.plans += 1;
      }
      side.pages += 1;
      // A page is one request: the writers' slabs let go of are free after its run (a microtask).
      await null;
    }
    const used = process.cpuUsage(t);
    side.cpu += used.user + used.system;
  }
}
for (const s of sides) {
  console.log(`  ${s.root.padEnd(24)} ${(s.cpu / s.pages).toFixed(0)} µs CPU a page, ${((100 * s.hits) / s.plans).toFixed(1)} % of plans from kept bytes, external ${(process.memoryUsage().external / 2 ** 20).toFixed(0)} MB (both) | load ${load()}`);
}
