// What the seed and the first lists keep and leave as garbage at 100,000 (issue 26's RSS ≤ 1 GiB;
// seventeenth session, rss helper). In one process per checkout, under `npm start`'s flags and
// `--expose-gc`: builds the mock, then the heap at ready before and after a forced full collection,
// then each filters-100k row's first read (requests written by bench/first-lists-urls.mjs) with
// the heap after a forced full collection after each — bytes, so the load does not move them.
//   node --expose-gc --import tsx bench/first-lists-heap.ts ROOT URLS.json
//   (HASH=1: instead, every recorded read of every row — after the discovery's requests, tags
//    included — hashed (status, headers, body), one digest a row and one for all: compare two
//    checkouts' answers at 100,000; SNAP=DIR: heap snapshots at ready and after the steps named in
//    SNAP_AT, comma-separated row names; DISCOVERY=1: replay the discovery first, as a served run does;
//    READY_ONLY=1: stop after the figures at ready)
import './lib/under-start-flags.mjs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

type Call = { method: string; path: string; headers: Record<string, string>; body: string | null };
const root = resolve(process.argv[2]!);
const file = JSON.parse(readFileSync(process.argv[3]!, 'utf8')) as { size: number; discovery: Call[]; rows: Array<{ list: string; name: string; reads: Call[] }> };
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const MB = (n: number) => (n / 1e6).toFixed(1);
const full = () => {
  gc();
  gc();
  return process.memoryUsage();
};
const bm = await import(`${root}/src/build-mock.ts`);
const cfg = await import(`${root}/src/config.ts`);
const lg = await import(`${root}/src/logger.ts`);
const t0 = performance.now();
const mock = await bm.buildMock(cfg.loadConfig(['--seed', '1', '--size', String(file.size)], { LOG_LEVEL: 'silent' }), { logger: lg.silentLogger, start: false });
const readyMs = performance.now() - t0;
const call = async (c: Call) => mock.app.request(`http://localhost${c.path}`, { method: c.method, headers: c.headers, ...(c.body !== null && { body: c.body }) }) as Promise<Response>;
const at = process.memoryUsage();
const old = () => getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!.space_used_size;
console.log(`${root}: ready in ${(readyMs / 1000).toFixed(1)} s (load ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
console.log(`  at ready: heap ${MB(at.heapUsed)} MB, RSS ${MB(at.rss)} MB`);
const r0 = full();
console.log(`  forced full collection at ready: heap ${MB(r0.heapUsed)} MB (old space ${MB(old())}), arrayBuffers ${MB(r0.arrayBuffers)} MB, RSS ${MB(r0.rss)} MB`);
const snapAt = new Set((process.env.SNAP_AT ?? '').split(',').filter(Boolean));
if (process.env.SNAP) writeHeapSnapshot(`${process.env.SNAP}/ready.heapsnapshot`);
if (process.env.READY_ONLY) process.exit(0);

if (process.env.HASH) {
  for (const c of file.discovery) await (await call(c)).arrayBuffer();
  const all = createHash('sha256');
  for (const row of file.rows) {
    const h = createHash('sha256');
    for (const c of row.reads) {
      const res = await call(c);
      h.update(`${res.status}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n`);
      h.update(new Uint8Array(await res.arrayBuffer()));
      // The recorded row's writes are left out: reads only, so both sides see the same state.
    }
    const d = h.digest('hex');
    all.update(d);
    console.log(`  ${row.list.padEnd(8)} ${row.name.padEnd(40)} ${row.reads.length} reads ${d.slice(0, 16)}`);
  }
  console.log(`  all rows: ${all.digest('hex')}`);
  process.exit(0);
}

let prev = r0.heapUsed + r0.arrayBuffers;
let peakBefore = 0;
const step = async (label: string, calls: Call[]) => {
  const before = process.memoryUsage();
  for (const c of calls) {
    const res = await call(c);
    if (res.status >= 400) console.log(`    ${c.method} ${c.path} → ${res.status}`);
    await res.arrayBuffer();
  }
  const grown = process.memoryUsage().heapUsed - before.heapUsed;
  peakBefore = Math.max(peakBefore, process.memoryUsage().heapUsed);
  const m = full();
  const kept = m.heapUsed + m.arrayBuffers - prev;
  prev = m.heapUsed + m.arrayBuffers;
  if (Math.abs(kept) > 0.5e6 || grown > 5e6) console.log(`  ${label.padEnd(50)} kept ${MB(kept).padStart(6)} MB, allocated-and-left ≥ ${MB(grown).padStart(6)} MB; heap ${MB(m.heapUsed)} + buffers ${MB(m.arrayBuffers)}`);
  if (process.env.SNAP && snapAt.has(label)) writeHeapSnapshot(`${process.env.SNAP}/${label.replace(/\W+/g, '_')}.heapsnapshot`);
};
if (process.env.DISCOVERY) await step('discovery (every request)', file.discovery);
else await step('tags (bulk_add_tags of the discovery)', file.discovery.filter((c) => c.method === 'POST'));
for (const row of file.rows) await step(`${row.list} ${row.name}`, row.reads.slice(0, 1));
const end = full();
console.log(`  after every first list: heap ${MB(end.heapUsed)} MB (+${MB(end.heapUsed - r0.heapUsed)} over ready), arrayBuffers ${MB(end.arrayBuffers)} MB, RSS ${MB(end.rss)} MB`);
process.exit(0);
