// What every request pays outside its handler (issue 26, ninth session, hot-front): the hot reads
// in one process through @hono/node-server's real request listener — a real `IncomingMessage` and
// `ServerResponse` on a socket that drops what is written — so the adapter, Hono's router and
// compose, every middleware and the gate run as they do on a server, without the kernel's share.
// Checkouts side by side (and `hono`: a bare Hono app answering the same bytes), rounds
// alternating, CPU µs per request from process.cpuUsage. Reads only: the writes are write-cost's.
//   node --import tsx bench/front-door-inprocess.ts /path/before,/path/after[,hono] [request-detail,engine-detail,engine-list,engine-list-mixed,plan-detail,plan-list,request-list,request-patch]
//   (plan-list: each plan status's first five pages of ten, the many-match plan rows' shape; nineteenth session)
//   (engine-list-mixed: the engine list with every tenth request a widget PATCH of its note, as the hot row sends;
//    request-detail-mixed, engine-detail-mixed: the detail rows so; request-patch, engine-patch: the writes alone)
//   (COLD=KiB: before each request, write one byte in every 64 of a buffer that size — caches left as a
//    socket's kernel work and the client leave them between two requests, which a loop of requests in
//    one process never does (bench/findings.md, fifteenth session, engine-http); the walk costs both sides alike;
//    N=requests per round, default 20000; ROUNDS, default 6; ALLOC=1: bytes allocated a request, by function,
//    for the first root; ALLOC=2 for the second, and so on — `hono` included; with KEPT=1 only the bytes that
//    outlive a young-generation collection, which a full mark must free later)
//   (BUNDLE=1: each checkout's src/ bundled by esbuild as bin/omnitron-mock.js bundles it for `npm start`,
//    instead of loaded through tsx, whose transform keeps function names by wrapping every arrow and
//    function expression in a `__name(fn, "…")` call — an `Object.defineProperty` each time a closure is
//    made, ~2–4 % of a request here that a running server never pays; sixteenth session, front-cut)
// Under `node --cpu-prof --cpu-prof-interval 100` with one root, bench/lib/profile-groups.mjs
// ranks the profile by room (adapter, router, compose, each middleware, auth, handler, collector).
import './lib/under-start-flags.mjs';
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { Hono } from 'hono';
import { getRequestListener } from '@hono/node-server';
import { AUTH, PLANS, REQUESTS } from './lib/calls.mjs';
import { listQueries } from './lib/hot-rows.mjs';
import { get, WIDGETS, type Listener } from './lib/in-process-get.ts';
import { bundleOf, listenerOf } from './lib/checkout-listener.ts';
import { allocations, collector } from './lib/request-costs.ts';

const ENGINE_FIXTURE = new URL('../test/fixtures/engine/widgets.openapi.yaml', import.meta.url).pathname;
const roots = process.argv[2]!.split(',').map((r) => (r === 'hono' ? r : resolve(r)));
const rows = (process.argv[3] ?? 'request-detail,engine-detail').split(',');
const N = Number(process.env.N ?? 20000);
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');

async function mockOf(root: string, engine: boolean) {
  const bundled = process.env.BUNDLE ? await bundleOf(root) : null;
  const bm = bundled ?? await import(`${root}/src/build-mock.ts`);
  const cfg = bundled ?? await import(`${root}/src/config.ts`);
  const lg = bundled ?? await import(`${root}/src/logger.ts`);
  const argv = ['--seed', '1', ...(engine ? ['--spec', ENGINE_FIXTURE] : [])];
  const mock = await bm.buildMock(cfg.loadConfig(argv, { LOG_LEVEL: 'silent' }), { logger: lg.silentLogger });
  const app = mock.app;
  const req = async (method: string, p: string, body?: unknown) => app.request(`http://localhost${p}`, { method, headers: { ...AUTH, 'Content-Type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const all = async (p: string) => (await (await req('GET', `${p}?limit=1000`)).json()).results;
  if (engine) {
    const have = await all(WIDGETS);
    const { pk, uuid, created_date, modified_date, ...fields } = have[0];
    for (let i = have.length; i < 1000; i += 1) await req('POST', WIDGETS, { ...fields, name: `Bench widget ${i + 1}` });
  }
  const paths: Record<string, string[]> = engine
    ? {
        'engine-detail': (await all(WIDGETS)).map((w: { pk: number }) => `${WIDGETS}${w.pk}/`),
        // As bench/lib/hot-rows.mjs cycles them: ten orderings × every page of ten.
        'engine-list': ['pk', '-pk', 'priority', '-priority', 'name', '-name', 'created_date', '-created_date', 'modified_date', '-modified_date']
          .flatMap((o) => Array.from({ length: 100 }, (_, p) => `${WIDGETS}?limit=10&page=${p + 1}&ordering=${o}`)),
      }
    : {
        'request-detail': (await all(REQUESTS)).map((r: { id: number }) => `${REQUESTS}${r.id}/`),
        'request-patch': (await all(REQUESTS)).map((r: { id: number }) => `PATCH ${REQUESTS}${r.id}/`),
        'request-list': listQueries(await all(REQUESTS), ['status', 'cancellation_type']).map((q: string) => `${REQUESTS}?${q}`),
        // The hot row as bench/lib/hot-rows.mjs sends it: the list with one request PATCH in ten.
        'request-list-mixed': mixedIn(
          listQueries(await all(REQUESTS), ['status', 'cancellation_type']).map((q: string) => `${REQUESTS}?${q}`),
          (await all(REQUESTS)).map((r: { id: number }) => `PATCH ${REQUESTS}${r.id}/`),
        ),
        'plan-detail': (await all(PLANS)).map((p: { pk: number }) => `${PLANS}${p.pk}/`),
        // The many-match plan rows' shape (filters-100k's `status`): each status's pages of ten.
        'plan-list': [...(await all(PLANS)).reduce((n: Map<string, number>, p: { status: string }) => n.set(p.status, (n.get(p.status) ?? 0) + 1), new Map<string, number>())]
          .flatMap(([st, n]) => Array.from({ length: Math.min(5, Math.ceil(n / 10)) }, (_, p) => `${PLANS}?status=${st}&limit=10${p ? `&page=${p + 1}` : ''}`)),
      };
  // The detail rows as the hot rows send them (one write in ten), so a mixed figure can be set
  // beside the blend of its reads and its writes measured apart (twelfth session, detail-hot).
  if (!engine) paths['request-detail-mixed'] = mixedIn(paths['request-detail']!, paths['request-patch']!);
  // The engine list with one write in ten, as the hot row mixes them (a widget's note, PATCHed).
  if (engine) {
    const pks: number[] = (await all(WIDGETS)).map((w: { pk: number }) => w.pk);
    paths['engine-list-mixed'] = paths['engine-list']!.map((p, i) => (i % 10 === 9 ? `PATCH ${WIDGETS}${pks[(i * 7) % pks.length]}/` : p));
    paths['engine-patch'] = pks.map((_, i) => `PATCH ${WIDGETS}${pks[(i * 7) % pks.length]}/`);
    paths['engine-detail-mixed'] = mixedIn(paths['engine-detail']!, paths['engine-patch']!);
  }
  return { listener: await listenerOf(root, (r, e) => app.fetch(r, e)), paths, app };
}

/** Every tenth of `reads` replaced by the next of `writes` (`PATCH <path>`), as the hot rows mix them. */
function mixedIn(reads: string[], writes: string[]): string[] {
  return reads.map((p, i) => (i % 10 === 9 ? writes[Math.floor(i / 10) % writes.length]! : p));
}

/**
 * Bare Hono answering the bytes the first mock answered, on the same adapter; a PATCH reads its
 * body and answers one fixed text, as bench/ceiling-server.mjs answers the hot rows' writes.
 */
async function honoOf(paths: string[], app: { request: (u: string, i: RequestInit) => Promise<Response> }): Promise<Listener> {
  const bodies = new Map<string, string>();
  let written = '{}';
  for (const p of paths) {
    if (p.startsWith('PATCH ')) continue;
    bodies.set(p, await (await app.request(`http://localhost${p}`, { headers: AUTH })).text());
  }
  const hono = new Hono({ strict: true });
  // The ceiling keys its paths with the query (bench/ceiling-server.mjs's `pathOf`).
  const pathOf = (url: string) => url.slice(url.indexOf('/', 8));
  hono.get('*', (c) => c.body(bodies.get(pathOf(c.req.url)) ?? bodies.get(c.req.path)!, 200, { 'Content-Type': 'application/json' }));
  hono.patch('*', async (c) => {
    await c.req.arrayBuffer();
    return c.body(written, 200, { 'Content-Type': 'application/json' });
  });
  const patch = paths.find((p) => p.startsWith('PATCH '));
  if (patch) written = await (await app.request(`http://localhost${patch.slice(6)}`, { method: 'PATCH', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: '{"description":"bench"}' })).text();
  return getRequestListener(hono.fetch) as Listener;
}

const med = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1]!;
for (const row of rows) {
  const engine = row.startsWith('engine');
  const sides: Array<{ listener: Listener; paths: string[] }> = [];
  let first: Awaited<ReturnType<typeof mockOf>> | null = null;
  for (const root of roots) {
    if (root === 'hono') { sides.push({ listener: null as never, paths: [] }); continue; }
    const m = await mockOf(root, engine);
    first ??= m;
    sides.push({ listener: m.listener, paths: m.paths[row]! });
  }
  for (const [k, root] of roots.entries()) if (root === 'hono') sides[k] = { listener: await honoOf(first!.paths[row]!, first!.app), paths: first!.paths[row]! };
  for (const s of sides) for (let i = 0; i < N; i++) { const code = await get(s.listener, s.paths[i % s.paths.length]!); if (code !== 200) throw new Error(`${row}: ${code}`); }
  // ALLOC=1: the first side; ALLOC=2: the second (`hono` too), and so on.
  if (process.env.ALLOC) { const s = sides[Math.max(0, Number(process.env.ALLOC) - 1)] ?? sides[0]!; await allocations(s.listener, s.paths); continue; }
  const per = sides.map(() => [] as number[]);
  const gc = sides.map(() => [] as number[]);
  const counts = sides.map(() => ({ minor: 0, major: 0 }));
  // Page faults taken a request (process.resourceUsage): memory the kernel had to hand over or map
  // again — what fresh slabs and their freeing cost, independent of the load.
  const faults = sides.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...sides.keys()].reverse() : [...sides.keys()];
    for (const k of order) {
      const s = sides[k]!;
      const t = process.cpuUsage();
      const pf0 = process.resourceUsage().minorPageFault;
      const gc0 = collector.ms;
      const { minor, major } = collector;
      for (let i = 0; i < N; i++) await get(s.listener, s.paths[(i * 7 + round) % s.paths.length]!);
      const d = process.cpuUsage(t);
      faults[k] = faults[k]! + process.resourceUsage().minorPageFault - pf0;
      // The observer runs between tasks: let it report this side's last pauses first.
      await new Promise((r) => setTimeout(r, 20));
      per[k]!.push((d.user + d.system) / N);
      gc[k]!.push(((collector.ms - gc0) * 1000) / N);
      counts[k]!.minor += collector.minor - minor;
      counts[k]!.major += collector.major - major;
    }
  }
  const ratios = per.slice(1).map((side) => side.map((v, i) => (v / per[0]![i]!).toFixed(2)).join(' ')).join(' | ');
  console.log(`${row}: µs/request ${per.map((p) => med(p).toFixed(2)).join(' | ')}  (${roots.map((r) => r.split('/').pop()).join(' | ')}), of which collector pauses ${gc.map((p) => med(p).toFixed(2)).join(' | ')};  each ÷ first per round: ${ratios};  collections a 1,000 requests (minor/major) ${counts.map((c) => `${((c.minor * 1000) / (N * ROUNDS)).toFixed(2)}/${((c.major * 1000) / (N * ROUNDS)).toFixed(3)}`).join(' | ')}  page faults a request ${faults.map((f) => (f / (N * ROUNDS)).toFixed(3)).join(' | ')}  load ${load()}`);
}
process.exit(0);
