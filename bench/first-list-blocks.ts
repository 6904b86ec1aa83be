/**
 * Issue 19's "never block the event loop for more than 50 ms", for the first list of each kind
 * after a start (and after a reset) at 100,000: in this process, through `app.request()`, the
 * longest gap between two turns of the event loop while that list is answered — on the wall
 * clock and in the main thread's own running time (Linux schedstat, which leaves out the waits
 * for a core on a shared machine) — how long the list took, and how many `/__mock/health`
 * answers (asked every 10 ms) came meanwhile. The load average is printed beside every row.
 *
 *   node --import tsx bench/first-list-blocks.ts [size]   (re-runs itself under `npm start`'s node flags)
 *
 * Never part of `npm test`: it takes a minute and its figures are times.
 */
import './lib/under-start-flags.mjs';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { collectionsIn, load, watchLoop } from './lib/loop-watch.ts';

const size = Number(process.argv[2] ?? 100_000);
const TOKEN = 'bench-token';
const AUTH = { Authorization: `Token ${TOKEN}` };

const mock = await buildMock({ ...testConfig(), token: TOKEN, size }, { logger: silentLogger, start: false });
// The router's matcher and each route's validator are built by their first request: not the list's doing.
await mock.app.request('/__mock/health');

async function firstList(label: string, path: string, init: RequestInit = { headers: AUTH }): Promise<void> {
  const watch = watchLoop(mock.app);
  const before = load();
  const started = performance.now();
  watch.restart();
  const res = await mock.app.request(path, init);
  await res.arrayBuffer();
  const answeredAt = performance.now();
  const took = answeredAt - started;
  watch.stop();
  await new Promise((r) => setImmediate(r));
  const { gaps, health } = watch;
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  const maxWall = Math.max(...gaps.map((g) => g.ms));
  const maxRan = Math.max(...gaps.map((g) => g.ran));
  const over = gaps.filter((g) => g.ran > 50).length;
  const longest = gaps.reduce((a, b) => (b.ran > a.ran ? b : a));
  const gcMs = collectionsIn(longest).reduce((n, c) => n + (c.end - c.start), 0);
  console.log(
    `| ${label} | ${took.toFixed(0)} | ${maxRan.toFixed(0)} (GC ${gcMs.toFixed(0)}, ended ${(answeredAt - longest.at - longest.ms).toFixed(0)} ms before the answer) | ${maxWall.toFixed(0)} | ${over} | ${health.answers} | ${health.slowest.toFixed(0)} | ${before} → ${load()} |`,
  );
}

const reset = () => mock.app.request('/__mock/reset', { method: 'POST', headers: AUTH });

console.log(`size ${size.toLocaleString('en')} (load ${load()})`);
console.log('| first list | answered in ms | longest block, ms ran (GC within it; when) | longest block, ms wall | blocks > 50 ms ran | health answers meanwhile | longest without health, ms | load average |');
console.log('|---|---|---|---|---|---|---|---|');
await firstList('plan list `status=waiting`', '/api/v1/cancellation_plans/?status=waiting&limit=10');
await firstList('request list `status=waiting`', '/api/v1/cancellation_requests/?status=waiting&limit=10');
await reset();
await firstList('after a reset: request `exclude_tags`', '/api/v1/cancellation_requests/exclude_tags/?key=vip&limit=10');
await firstList('after a reset: channel plan feed', '/api/channel/1/cancellation_plans/inserts_or_updates/?limit=10');
await reset();
await firstList('after a reset: channel image feed', '/api/channel/1/cancellation_request_images/inserts_or_updates/?limit=10');
await firstList('after a reset: plan list `created_date__gte`', '/api/v1/cancellation_plans/?created_date__gte=2024-01-01T00:00:00Z&limit=10');
await mock.webhooks.close();
process.exit(0);
