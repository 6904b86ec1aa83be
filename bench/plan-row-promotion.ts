// What a many-match plan row's reads leave in old space (ninth session, heap-p99): in this
// process, through `app.request()`, a lap over the `status` row's pages (warm), then `laps` more
// under V8's sampling heap profiler. Scavenges drop what died young, so what the profile still
// holds at the end is what was promoted (or allocated old) — alive, or dead in old space until a
// full mark. Prints old-space growth a request and the allocation sites that hold the most.
//   node --import tsx bench/plan-row-promotion.ts [size] [laps]   (re-runs itself under `npm start`'s flags)
import './lib/under-start-flags.mjs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';

const [size = 20_000, laps = 2] = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
const TOKEN = 'bench-token';
const AUTH = { Authorization: `Token ${TOKEN}` };
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const STATUSES = ['completed', 'waiting', 'waiting_supplier', 'approved', 'confirmation_waiting', 'confirmed', 'cancelled', 'failed', 'rejected', 'waiting_for_payment', 'manuel_refund_need'];
const perValue = Math.max(1, Math.round(size / 1100));
const urls = STATUSES.flatMap((s) => Array.from({ length: perValue }, (_, i) => `/api/v1/cancellation_plans/?status=${s}&limit=10${i ? `&page=${i + 1}` : ''}`));

const mock = await buildMock({ ...testConfig(), token: TOKEN, size }, { logger: silentLogger, start: false });
const lap = async () => {
  for (const u of urls) await (await mock.app.request(u, { headers: AUTH })).arrayBuffer();
};
await lap();
const oldBare = () => getHeapSpaceStatistics().reduce((s, x) => s + (['old_space', 'large_object_space', 'code_space'].includes(x.space_name) ? x.space_used_size : 0), 0);
const bare0 = oldBare();
const spaces0 = Object.fromEntries(getHeapSpaceStatistics().map((x) => [x.space_name, x.space_used_size]));
await lap();
console.log(getHeapSpaceStatistics().map((x) => `${x.space_name} ${((x.space_used_size - (spaces0[x.space_name] ?? 0)) / urls.length / 1024).toFixed(2)}`).join(', '));
console.log(`a lap without the profiler: old generation grew ${((oldBare() - bare0) / urls.length / 1024).toFixed(2)} KB a request`);
const old = () => getHeapSpaceStatistics().reduce((s, x) => s + (['old_space', 'large_object_space', 'code_space'].includes(x.space_name) ? x.space_used_size : 0), 0);
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', { samplingInterval: 4096 });
let majors = 0;
const gcs = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if ((e as unknown as { detail: { kind: number } }).detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors += 1;
});
gcs.observe({ entryTypes: ['gc'] });
const old0 = old();
for (let i = 0; i < laps; i += 1) await lap();
const grew = old() - old0;
await new Promise((r) => setTimeout(r, 10));
gcs.disconnect();
const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: Node } };
interface Node { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] }
const sites = new Map<string, number>();
const walk = (n: Node, stack: string[]) => {
  const here = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\/(src|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  const path = [...stack, here].slice(-3).join(' < ');
  if (n.selfSize > 0) sites.set(path, (sites.get(path) ?? 0) + n.selfSize);
  for (const c of n.children) walk(c, [...stack, here]);
};
walk(profile.head, []);
const requests = urls.length * laps;
console.log(`status row at ${size.toLocaleString('en')}: ${requests} requests; old generation grew ${(grew / requests / 1024).toFixed(2)} KB a request (${majors} full collections in between); held by the profile at the end (KB a request), load ${load()}:`);
for (const [path, bytes] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${(bytes / requests / 1024).toFixed(2).padStart(7)}  ${path}`);
process.exit(0);
