// Where a plan row's requests spend their CPU, in one process through `app.request()` (tenth
// session, plan-filters): a warm lap over the row's URLs, then `laps` more under V8's CPU profiler;
// prints each request's time (median, p99, max, the slowest URLs) and the functions with the most
// self time. Rows: `tag`, `tag__exclude` (7 tags × pages 1–143, limit 10, as filter-rows.mjs makes
// them at 100,000), `feed-status` (each channel × status, pages 1–2, limits 10–19); eleventh
// session: `status`, `plan_type` (each value's pages at limit 10, as filter-rows.mjs makes them:
// ~10,000 distinct plans) with `--writes` putting a plan status move before every tenth request,
// as filters-100k.mjs does; the collector's pauses (count, ms, by kind) are printed too.
// `--alloc`: the sampling heap profiler instead of the CPU profiler, garbage included — the KB a
// request allocates, by site (what sets how often the scavenger runs).
//   node --import tsx bench/plan-row-profile.ts [size] [laps] [row] [--writes] [--alloc]
import './lib/under-start-flags.mjs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';

const nums = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
const [size = 100_000, laps = 2] = nums;
const row = process.argv.slice(2).find((a) => !/^\d+$/.test(a) && !a.startsWith('--')) ?? 'tag';
const writes = process.argv.includes('--writes');
const alloc = process.argv.includes('--alloc');
const VALUE_ROWS: Record<string, string[]> = {
  status: ['completed', 'waiting', 'waiting_supplier', 'approved', 'confirmation_waiting', 'confirmed', 'cancelled', 'failed', 'rejected', 'waiting_for_payment', 'manuel_refund_need'],
  plan_type: ['cancel', 'refund'],
};
const TOKEN = 'bench-token';
const AUTH = { Authorization: `Token ${TOKEN}` };
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const TAGS = ['vip', 'urgent', 'fraud-check', 'kargo-gecikmesi', 'müşteri-iade', 'hasarlı-ürün', 'öncelikli'];
const STATUSES = ['completed', 'waiting', 'waiting_supplier', 'approved', 'confirmation_waiting', 'confirmed', 'cancelled', 'failed', 'rejected', 'waiting_for_payment', 'manuel_refund_need'];
const pages = Math.max(1, Math.round((143 * size) / 100_000));
const mock = await buildMock({ ...testConfig(), token: TOKEN, size }, { logger: silentLogger, start: false });
const channels = [...new Set([...mock.store.orders.values()].map((o) => o.channel))];
const urls =
  row === 'feed-status'
    ? channels.flatMap((c) => STATUSES.flatMap((s) => Array.from({ length: 20 }, (_, i) => `/api/channel/${c}/cancellation_plans/inserts_or_updates/?status=${s}&limit=${10 + (i % 10)}${i >= 10 ? '&page=2' : ''}`)))
    : VALUE_ROWS[row]
    ? VALUE_ROWS[row]!.flatMap((v, _, all) => Array.from({ length: Math.ceil(1000 / all.length) }, (_, i) => `/api/v1/cancellation_plans/?${row}=${v}&limit=10${i ? `&page=${i + 1}` : ''}`))
    : TAGS.flatMap((t) => Array.from({ length: pages }, (_, i) => `/api/v1/cancellation_plans/?${row}=${encodeURIComponent(t)}&limit=10${i ? `&page=${i + 1}` : ''}`));
const times: [number, string][] = [];
const cycle = [...mock.store.plans.values()].slice(0, 8).map((p) => ({ pk: p.pk, status: p.status }));
let n = 0;
const write = async () => {
  const p = cycle[n % cycle.length]!;
  const status = p.status === 'failed' ? 'manuel_refund_need' : 'failed';
  const res = await mock.app.request(`/api/v1/cancellation_plans/${p.pk}/update_status/`, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify({ status }) });
  await res.arrayBuffer();
  if (res.status === 200) p.status = status;
};
const gc = { n: 0, ms: 0, over10: 0, byKind: new Map<number, [number, number]>() };
let counting = false;
new PerformanceObserver((list) => {
  if (!counting) return;
  for (const e of list.getEntries()) {
    const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
    gc.n += 1; gc.ms += e.duration; if (e.duration > 10) gc.over10 += 1;
    const k = gc.byKind.get(kind) ?? [0, 0]; k[0] += 1; k[1] += e.duration; gc.byKind.set(kind, k);
  }
}).observe({ entryTypes: ['gc'] });
const lap = async (keep: boolean) => {
  for (const u of urls) {
    if (writes && ++n % 9 === 0) await write();
    const t = performance.now();
    const res = await mock.app.request(u, { headers: AUTH });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${u}: ${res.status}`);
    if (keep) times.push([performance.now() - t, u]);
  }
};
await lap(false);
const session = new Session();
session.connect();
if (alloc) {
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
} else {
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
counting = true;
const cpu0 = process.cpuUsage();
for (let i = 0; i < laps; i += 1) await lap(true);
const cpu = process.cpuUsage(cpu0);
if (alloc) {
  type Node = { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] };
  const { profile: heap } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: Node } };
  const sites = new Map<string, number>();
  let all = 0;
  const walk = (n: Node, parent = '') => {
    const own = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\/(src|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
    // A builtin's allocations are named with their caller (\`keys :0 < planFilters …\`).
    const name = n.callFrame.url === '' ? `${own} < ${parent}` : own;
    sites.set(name, (sites.get(name) ?? 0) + n.selfSize);
    all += n.selfSize;
    for (const c of n.children) walk(c, own);
  };
  walk(heap.head);
  console.log(`${row} at ${size.toLocaleString('en')}: ${times.length} requests, ${(all / times.length / 1024).toFixed(1)} KB allocated a request (sampled) | load ${load()}`);
  for (const [name, b] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(b / times.length / 1024).toFixed(2)} KB ${name}`);
  process.exit(0);
}
const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number }[] } };
const ms = times.map((t) => t[0]).sort((a, b) => a - b);
console.log(`${row} at ${size.toLocaleString('en')}: ${times.length} requests, wall ms p50 ${ms[ms.length >> 1]!.toFixed(2)} p99 ${ms[Math.floor(ms.length * 0.99)]!.toFixed(2)} max ${ms.at(-1)!.toFixed(2)}, CPU ${((cpu.user + cpu.system) / times.length).toFixed(0)} µs a request | load ${load()}`);
await new Promise((r) => setTimeout(r, 10));
// kinds: 1 scavenge (minor), 2 mark-compact (major), 4 incremental marking, 8 weak callbacks
console.log(`  collector: ${gc.n} pauses, ${gc.ms.toFixed(0)} ms (${((1000 * gc.ms) / times.length).toFixed(0)} µs a request), ${gc.over10} over 10 ms; by kind ${[...gc.byKind].map(([k, [c, m]]) => `${k}: ${c} / ${m.toFixed(0)} ms`).join(', ')}`);
for (const [t, u] of times.sort((a, b) => b[0] - a[0]).slice(0, 6)) console.log(`  ${t.toFixed(2)} ms ${u}`);
const self = new Map<string, number>();
let total = 0;
for (const n of profile.nodes) {
  const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\/(src|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  self.set(name, (self.get(name) ?? 0) + n.hitCount);
  total += n.hitCount;
}
for (const [name, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${((100 * hits) / total).toFixed(1)} % ${name}`);
process.exit(0);
