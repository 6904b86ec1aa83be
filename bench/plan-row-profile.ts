// Where a plan row's requests spend their CPU, in one process through `app.request()` (tenth
// session, plan-filters): a warm lap over the row's URLs, then `laps` more under V8's CPU profiler;
// prints each request's time (median, p99, max, the slowest URLs) and the functions with the most
// self time. Rows: `tag`, `tag__exclude` (7 tags × pages 1–143, limit 10, as filter-rows.mjs makes
// them at 100,000), `feed-status` (each channel × status, pages 1–2, limits 10–19).
//   node --import tsx bench/plan-row-profile.ts [size] [laps] [row]
import './lib/under-start-flags.mjs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';

const nums = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
const [size = 100_000, laps = 2] = nums;
const row = process.argv.slice(2).find((a) => !/^\d+$/.test(a)) ?? 'tag';
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
    : TAGS.flatMap((t) => Array.from({ length: pages }, (_, i) => `/api/v1/cancellation_plans/?${row}=${encodeURIComponent(t)}&limit=10${i ? `&page=${i + 1}` : ''}`));
const times: [number, string][] = [];
const lap = async (keep: boolean) => {
  for (const u of urls) {
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
await session.post('Profiler.enable');
await session.post('Profiler.start');
const cpu0 = process.cpuUsage();
for (let i = 0; i < laps; i += 1) await lap(true);
const cpu = process.cpuUsage(cpu0);
const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number }[] } };
const ms = times.map((t) => t[0]).sort((a, b) => a - b);
console.log(`${row} at ${size.toLocaleString('en')}: ${times.length} requests, wall ms p50 ${ms[ms.length >> 1]!.toFixed(2)} p99 ${ms[Math.floor(ms.length * 0.99)]!.toFixed(2)} max ${ms.at(-1)!.toFixed(2)}, CPU ${((cpu.user + cpu.system) / times.length).toFixed(0)} µs a request | load ${load()}`);
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
