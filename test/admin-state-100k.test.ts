import { PerformanceObserver } from 'node:perf_hooks';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observe } from '../src/state/store-views.ts';
import {
  insertOrderItem,
  insertPlan,
  insertPlanItem,
  insertRequest,
  type Store,
} from '../src/store/store.ts';
import { createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * The admin state at Omnitron scale: 100,000 plans (with their orders, items, plan items and
 * requests) export and import through `/__mock/state` while the process stays under 2 GiB RSS,
 * and the state-file snapshot of them never holds the event loop for 50 ms. Timings are logged,
 * not asserted: these are memory and blocking bounds.
 */
const PLANS = 100_000;
const RSS_LIMIT = 2 * 1024 ** 3;
const dir = mkdtempSync(join(tmpdir(), 'omnitron-100k-'));
let mock: TestMock;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 25);
const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;

/** Clones seeded records as templates: building 100,000 plans this way takes a second, seeding them twenty. */
function grow(store: Store, plans: number): void {
  const order = store.orders.values().next().value!;
  const item = store.orderItems.values().next().value!;
  const plan = store.plans.values().next().value!;
  const planItem = store.planItems.values().next().value!;
  const request = store.requests.values().next().value!;
  const seq = store.sequences;
  for (let i = 0; i < plans; i += 1) {
    const orderPk = seq.orders++;
    store.orders.set(orderPk, {
      ...order,
      pk: orderPk,
      number: `9${String(orderPk).padStart(15, '0')}`,
    });
    const items = [seq.orderItems++, seq.orderItems++];
    for (const pk of items)
      insertOrderItem(store, { ...item, pk, order: orderPk, benefitapplicant_set: [] });
    const planPk = seq.plans++;
    insertPlan(store, { ...plan, pk: planPk, order: orderPk });
    insertPlanItem(store, {
      ...planItem,
      pk: seq.planItems++,
      plan: planPk,
      order_item: items[0]!,
    });
    if (i % 2 === 0)
      insertRequest(store, {
        ...request,
        id: seq.requests++,
        order_item: items[1]!,
        cancellation_plan: null,
      });
    if (i % 5 === 0) store.tags.cancellation_plan.add(planPk, 'bulk');
  }
}

beforeAll(async () => {
  const started = performance.now();
  mock = await createTestMock({ size: 5, stateFile: join(dir, 'state.ndjson') });
  await mock.admin.stateFile!.compact();
  observe(mock.store, null); // built as fixture data, not journaled
  grow(mock.store, PLANS);
  observe(mock.store, mock.admin.stateFile!.observer);
  console.log(
    `100k: built ${mock.store.plans.size} plans, ${mock.store.orderItems.size} items in ${((performance.now() - started) / 1000).toFixed(1)} s, rss ${mib(process.memoryUsage.rss())}`,
  );
}, 120_000);

afterAll(async () => {
  clearInterval(sampler);
  await mock?.admin.close();
  // The snapshot and the export are 365 MiB each: left behind, every run filled the disk by 730 MiB.
  rmSync(dir, { recursive: true, force: true });
});

describe('admin state at 100,000 plans', () => {
  it(
    'compacts 100,000 plans into a snapshot without holding the event loop for 50 ms',
    { timeout: 120_000 },
    async () => {
      let longest = 0;
      let last = performance.now();
      const probe = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 5);
      // Garbage collections on this thread count in a slice's CPU time. This worker's heap also
      // holds what earlier test files left (vitest's isolate: false), so a major GC may land in a
      // slice: it is the runtime's pause, not the snapshot's work, and is taken out of the bound.
      const gcs: number[] = [];
      const observer = new PerformanceObserver((list) => gcs.push(...list.getEntries().map((e) => e.duration)));
      observer.observe({ entryTypes: ['gc'] });
      await mock.admin.stateFile!.compact();
      clearInterval(probe);
      await new Promise((resolve) => setImmediate(resolve));
      observer.disconnect();
      const longestGc = Math.max(0, ...gcs);
      const stats = mock.admin.stateFile!.lastSnapshot!;
      console.log(
        `100k: snapshot ${mib(stats.bytes)} in ${(stats.ms / 1000).toFixed(1)} s; longest slice ${stats.maxSliceCpuMs.toFixed(1)} ms CPU ` +
          `(${stats.maxSliceMs.toFixed(1)} ms wall); longest GC ${longestGc.toFixed(1)} ms; longest event-loop gap ${longest.toFixed(1)} ms (GC and a busy machine included); peak rss ${mib(peakRss)}`,
      );
      expect(stats.bytes).toBeGreaterThan(300 * 2 ** 20);
      // CPU time, not wall time: on a loaded machine the OS may pause the process anywhere.
      expect(stats.maxSliceCpuMs - longestGc).toBeLessThan(50);
    },
  );

  it(
    'streams an export and an import of 100,000 plans under 2 GiB RSS',
    { timeout: 180_000 },
    async () => {
      const file = join(dir, 'export.ndjson');
      let started = performance.now();
      const exported = await mock.request('/__mock/state');
      await pipeline(Readable.fromWeb(exported.body! as never), createWriteStream(file));
      console.log(
        `100k: export ${mib(statSync(file).size)} in ${((performance.now() - started) / 1000).toFixed(1)} s, peak rss ${mib(peakRss)}`,
      );
      started = performance.now();
      const put = await mock.request('/__mock/state', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/x-ndjson' },
        body: Readable.toWeb(createReadStream(file)) as never,
        duplex: 'half',
      } as RequestInit);
      expect(put.status).toBe(200);
      expect((await json(put)).counts.plans).toBe(PLANS + 5);
      console.log(
        `100k: import, with its state-file snapshot, in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
          `peak rss ${mib(peakRss)} (limit ${mib(RSS_LIMIT)})`,
      );
      expect(mock.store.plans.size).toBe(PLANS + 5);
      expect(peakRss).toBeLessThan(RSS_LIMIT);
    },
  );
});
