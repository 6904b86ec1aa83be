/**
 * The soak run (issue 13): one `omnitron-mock serve` child on 127.0.0.1, a long mix of reads and
 * writes from 16 keep-alive clients, and the server's RSS sampled from /proc as it goes — does
 * memory settle after warm-up, or grow with the request count? Writes `bench/SOAK.md`.
 *
 *   npx tsx bench/soak.ts                  # 200,000 requests after a 20,000-request warm-up
 *   npx tsx bench/soak.ts --requests 20000 # a quick look (writes to the temp directory instead)
 *
 * Never part of `npm test`. Bounded: the request count, and ten minutes of wall time at most;
 * the child is killed at the end, on an error and on Ctrl-C. Traffic goes to loopback only.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServeChild, type ServeChild } from './lib/serve-child.ts';

const { values } = parseArgs({ options: { requests: { type: 'string' }, warmup: { type: 'string' } } });
const REQUESTS = Number(values.requests ?? 200_000);
const WARMUP = Number(values.warmup ?? 20_000);
const CLIENTS = 16;
const SIZE = 300;
const SAMPLE_EVERY = 10_000;
const WALL_LIMIT_MS = 10 * 60_000;
const TOKEN = 'soak-token';
const OUT = values.requests ? join(tmpdir(), 'SOAK.md') : new URL('./SOAK.md', import.meta.url).pathname;

let server: ServeChild | undefined;

interface Call {
  method: string;
  path: string;
  body?: unknown;
}

/** The i-th call of the mix: mostly reads, a steady trickle of writes, some errors. */
function callFor(i: number, plans: number[], requests: number[]): Call {
  const plan = plans[i % plans.length]!;
  const request = requests[(i * 7) % requests.length]!;
  switch (i % 20) {
    case 0: case 1: case 2: case 3: case 4: case 5:
      return { method: 'GET', path: `/api/v1/cancellation_plans/?limit=10&page=${1 + (i % 5)}` };
    case 6: case 7: case 8:
      return { method: 'GET', path: `/api/v1/cancellation_plans/${plan}/` };
    case 9: case 10:
      return { method: 'GET', path: '/api/v1/cancellation_requests/detailed/?status=waiting&limit=20' };
    case 11:
      return { method: 'GET', path: `/api/v1/cancellation_plans/?status=completed&created_date__gte=2024-01-01&customer_id=${i % 50}` };
    case 12:
      return { method: 'POST', path: `/api/v1/cancellation_requests/${request}/add_tag/`, body: { key: `soak-${i % 32}` } };
    case 13:
      return { method: 'POST', path: `/api/v1/cancellation_requests/${request}/remove_tag/`, body: { key: `soak-${(i + 5) % 32}` } };
    case 14:
      return { method: 'PATCH', path: `/api/v1/cancellation_requests/${request}/`, body: { description: `soak ${i % 100}` } };
    case 15:
      return { method: 'POST', path: `/api/v1/cancellation_plans/${plan}/update_status/`, body: { status: i % 2 ? 'failed' : 'manuel_refund_need' } };
    case 16:
      return { method: 'GET', path: `/api/v1/cancellation_requests/filter_tags/?key=soak-${i % 32}` };
    case 17:
      return { method: 'GET', path: '/__mock/health' };
    case 18:
      return { method: 'GET', path: `/api/v1/no_such_route/${i}/` };
    default:
      return { method: 'POST', path: '/api/v1/cancellation_requests/bulk_add_tags/', body: { ids: [request], keys: ['bulk'] } };
  }
}

async function drive(base: string, from: number, count: number, plans: number[], requests: number[], onSample: (done: number) => void, deadline: number) {
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  let next = from;
  let done = 0;
  const end = from + count;
  const client = async () => {
    while (next < end && Date.now() < deadline) {
      const i = next++;
      const call = callFor(i, plans, requests);
      const t0 = performance.now();
      const res = await fetch(`${base}${call.path}`, {
        method: call.method,
        headers: { Authorization: `Token ${TOKEN}`, ...(call.body !== undefined && { 'Content-Type': 'application/json' }) },
        ...(call.body !== undefined && { body: JSON.stringify(call.body) }),
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      done += 1;
      if (done % SAMPLE_EVERY === 0) onSample(done);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { done, statuses, p50: pct(50), p99: pct(99), max: latencies.at(-1)! };
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = loadavg()[0]!;
  const deadline = started + WALL_LIMIT_MS;
  server = await startServeChild(['--size', String(SIZE)], { MOCK_TOKEN: TOKEN });
  const { url: base, rssMiB, cpuSeconds } = server;
  const auth = { headers: { Authorization: `Token ${TOKEN}` } };
  const plans = ((await (await fetch(`${base}/api/v1/cancellation_plans/?limit=1000`, auth)).json()) as { results: Array<{ pk: number; status: string }> }).results
    .filter((p) => p.status === 'failed' || p.status === 'manuel_refund_need').map((p) => p.pk);
  const requests = ((await (await fetch(`${base}/api/v1/cancellation_requests/?limit=1000`, auth)).json()) as { results: Array<{ id: number }> }).results.map((r) => r.id);
  const rssReady = rssMiB();

  const warm = await drive(base, 0, WARMUP, plans, requests, () => undefined, deadline);
  const rssWarm = rssMiB();
  const cpuWarm = cpuSeconds();
  const samples: Array<{ requests: number; rss: number }> = [{ requests: 0, rss: rssWarm }];
  const t0 = performance.now();
  const soak = await drive(base, WARMUP, REQUESTS, plans, requests, (done) => samples.push({ requests: done, rss: rssMiB() }), deadline);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - cpuWarm;
  const rssEnd = rssMiB();
  server.kill();

  const rss = samples.map((s) => s.rss);
  const second = samples.slice(Math.floor(samples.length / 2)).map((s) => s.rss);
  const errors = [...soak.statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  const lines = [
    '# Soak',
    '',
    `Written by \`npx tsx bench/soak.ts\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}).`,
    `One \`omnitron-mock serve --size ${SIZE}\` child on 127.0.0.1, ${CLIENTS} keep-alive clients, the mix of \`callFor\` in`,
    'soak.ts: 55 % list and detail reads, 20 % writes (tags, bulk tags, request edits, plan status moves),',
    'filter-tag lists, health, and unknown routes. RSS from /proc, sampled every 10,000 requests.',
    `Machine load (1-minute average) at the start: ${loadBefore.toFixed(1)}, at the end: ${loadavg()[0]!.toFixed(1)} — other work on the`,
    'machine lowers req/s and raises latency; RSS and CPU per request are what to compare between runs.',
    '',
    '| figure | value |',
    '|---|---|',
    `| requests after warm-up | ${soak.done.toLocaleString('en')} (${WARMUP.toLocaleString('en')} warm-up requests before) |`,
    `| answers | ${[...soak.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(', ')} |`,
    `| 5xx answers | ${errors} |`,
    `| wall time | ${seconds.toFixed(1)} s (${Math.round(soak.done / seconds)} req/s) |`,
    `| server CPU | ${cpu.toFixed(1)} s (${((cpu * 1e6) / soak.done).toFixed(0)} µs per request) |`,
    `| latency p50 / p99 / max | ${soak.p50.toFixed(1)} / ${soak.p99.toFixed(1)} / ${soak.max.toFixed(1)} ms |`,
    `| RSS when ready | ${rssReady.toFixed(0)} MiB |`,
    `| RSS after warm-up | ${rssWarm.toFixed(0)} MiB |`,
    `| RSS during the soak (min / max) | ${Math.min(...rss).toFixed(0)} / ${Math.max(...rss).toFixed(0)} MiB |`,
    `| RSS over the second half (min / max) | ${Math.min(...second).toFixed(0)} / ${Math.max(...second).toFixed(0)} MiB |`,
    `| RSS at the end | ${rssEnd.toFixed(0)} MiB |`,
    '',
    'RSS by request count after warm-up:',
    '',
    '| requests | RSS (MiB) |',
    '|---:|---:|',
    ...samples.map((s) => `| ${s.requests.toLocaleString('en')} | ${s.rss.toFixed(0)} |`),
    '',
    'What stays bounded as requests accumulate: the admin request log (a ring), the mutation journal',
    '(the newest 10,000 entries), tags (a fixed set of keys per request here), sessions (none here).',
    `Warm-up: ${warm.done.toLocaleString('en')} requests, p50 ${warm.p50.toFixed(1)} ms.`,
    '',
  ];
  writeFileSync(OUT, lines.join('\n'));
  process.stdout.write(`${lines.join('\n')}\nwritten to ${OUT}\n`);
  if (errors > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  server?.kill();
  process.stderr.write(`soak: ${(err as Error).message}\n`);
  process.exit(1);
});
