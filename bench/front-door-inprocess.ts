// What every request pays outside its handler (issue 26, ninth session, hot-front): the hot reads
// in one process through @hono/node-server's real request listener — a real `IncomingMessage` and
// `ServerResponse` on a socket that drops what is written — so the adapter, Hono's router and
// compose, every middleware and the gate run as they do on a server, without the kernel's share.
// Checkouts side by side (and `hono`: a bare Hono app answering the same bytes), rounds
// alternating, CPU µs per request from process.cpuUsage. Reads only: the writes are write-cost's.
//   node --import tsx bench/front-door-inprocess.ts /path/before,/path/after[,hono] [request-detail,engine-detail,engine-list,engine-list-mixed,plan-detail,request-list,request-patch]
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
import { IncomingMessage, ServerResponse } from 'node:http';
import { loadavg } from 'node:os';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { AUTH, PLANS, REQUESTS } from './lib/calls.mjs';
import { listQueries } from './lib/hot-rows.mjs';

const WIDGETS = '/api/v1/widgets/';
const ENGINE_FIXTURE = new URL('../test/fixtures/engine/widgets.openapi.yaml', import.meta.url).pathname;
const roots = process.argv[2]!.split(',').map((r) => (r === 'hono' ? r : resolve(r)));
const rows = (process.argv[3] ?? 'request-detail,engine-detail').split(',');
const N = Number(process.env.N ?? 20000);
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
type Listener = (incoming: IncomingMessage, outgoing: ServerResponse) => Promise<unknown> | unknown;

/** A socket that takes whatever the response writes and drops it. */
class Sink extends Duplex {
  override _write(_c: unknown, _e: unknown, cb: () => void): void { cb(); }
  override _writev(_c: unknown, cb: () => void): void { cb(); }
  override _read(): void {}
}
const sink = new Sink();
const RAW = ['Host', 'localhost:4010', 'Authorization', AUTH.Authorization, 'Connection', 'keep-alive', 'User-Agent', 'autocannon'];

let sent = 0;
const COLD_BYTES = Number(process.env.COLD ?? 0) * 1024;
const cold = new Uint8Array(COLD_BYTES);
/** Writes one byte in every cache line of `cold` (COLD=KiB): evicts what the last request left cached. */
function chill(): void {
  for (let i = 0; i < COLD_BYTES; i += 64) cold[i] = (cold[i]! + 1) & 0xff;
}
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One GET through `listener`, as node:http would hand it over. Every 50th first lets the event
 * loop turn: a server meets each request in a task of its own, and the response's `finish` and
 * `close` work waits in `process.nextTick`, which a loop of awaits alone never lets run (60,000
 * requests then hold ~200 MB, and the collector's figures are the harness's).
 */
async function get(listener: Listener, path: string): Promise<number> {
  if (++sent % 50 === 0) await turn();
  if (COLD_BYTES > 0) chill();
  const incoming = new IncomingMessage(sink as never);
  incoming.method = 'GET';
  incoming.url = path;
  incoming.httpVersionMajor = 1;
  incoming.httpVersionMinor = 1;
  incoming.httpVersion = '1.1';
  incoming.rawHeaders = RAW;
  incoming.headers = { host: 'localhost:4010', authorization: AUTH.Authorization, connection: 'keep-alive', 'user-agent': 'autocannon' };
  // `PATCH <path>`: a request PATCH of the description (the request rows' write), or a widget's
  // note (the engine rows' write), body in the message.
  if (path.startsWith('PATCH ')) {
    const body = path.includes(WIDGETS) ? `{"note":"bench note ${sent}"}` : `{"description":"bench note ${sent}"}`;
    incoming.method = 'PATCH';
    incoming.url = path.slice(6);
    incoming.rawHeaders = [...RAW, 'Content-Type', 'application/json', 'Content-Length', String(body.length)];
    incoming.headers = { ...incoming.headers, 'content-type': 'application/json', 'content-length': String(body.length) };
    incoming.push(body);
    incoming.push(null);
  }
  // Node sets it once the parser has read the whole message; these are whole from the start.
  incoming.complete = true;
  const outgoing = new ServerResponse(incoming);
  outgoing.assignSocket(sink as never);
  await listener(incoming, outgoing);
  outgoing.detachSocket(sink as never);
  return outgoing.statusCode;
}

/** The listener the checkout's server runs: its own `appListener` when it has one, else the old wrapper. */
async function listenerOf(root: string, fetch: (req: Request, env: unknown) => Response | Promise<Response>): Promise<Listener> {
  const serve = process.env.BUNDLE ? (await bundleOf(root)).serve : await import(`${root}/src/http/serve-app.ts`);
  if (typeof serve.appListener === 'function') return serve.appListener({ fetch });
  return getRequestListener(async (request, env) => {
    const res = await fetch(request, env);
    return (env as { incoming: IncomingMessage }).incoming.complete ? res : res;
  }, { errorHandler: () => new Response('{}', { status: 400 }) }) as Listener;
}

/**
 * BUNDLE=1: the checkout's modules as one esbuild bundle with the options of bin/omnitron-mock.js
 * (no `keepNames`, each module its own `import.meta.url`, packages left as imports), written under
 * the checkout's `node_modules/.cache` — which, for a checkout whose `node_modules` links to
 * another's, is that install's: the bundle resolves the same packages as tsx would.
 */
const bundles = new Map<string, Promise<Record<string, any>>>();
function bundleOf(root: string): Promise<Record<string, any>> {
  let b = bundles.get(root);
  if (b === undefined) bundles.set(root, (b = buildBundle(root)));
  return b;
}
async function buildBundle(root: string): Promise<Record<string, any>> {
  const { createRequire } = await import('node:module');
  const { createHash } = await import('node:crypto');
  const { mkdirSync, readFileSync, unlinkSync, writeFileSync } = await import('node:fs');
  const { pathToFileURL } = await import('node:url');
  const fromTsx = createRequire(createRequire(`${root}/package.json`).resolve('tsx'));
  const esbuild = fromTsx('esbuild');
  const dir = `${root}/node_modules/.cache/front-door-inprocess`;
  mkdirSync(dir, { recursive: true });
  const out = `${dir}/bundle-${createHash('sha256').update(root).digest('hex').slice(0, 12)}-${process.pid}.mjs`;
  const entry = [`export { buildMock } from './src/build-mock.ts';`, `export { loadConfig } from './src/config.ts';`, `export { silentLogger } from './src/logger.ts';`, `export * as serve from './src/http/serve-app.ts';`].join('\n');
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'bench-entry.ts' },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', write: false, logLevel: 'silent',
    define: { 'import.meta.url': 'import_meta_url' },
    plugins: [{
      name: 'own-import-meta-url',
      setup(b: { onLoad: (o: { filter: RegExp }, f: (a: { path: string }) => { contents: string; loader: string }) => void }) {
        b.onLoad({ filter: /\.ts$/ }, (args) => {
          const text = readFileSync(args.path, 'utf8');
          const own = `const import_meta_url = ${JSON.stringify(pathToFileURL(args.path).href)}; `;
          return { contents: text.includes('import.meta.url') ? own + text : text, loader: 'ts' };
        });
      },
    }],
  });
  await esbuild.stop?.();
  writeFileSync(out, result.outputFiles[0].contents);
  try {
    return await import(pathToFileURL(out).href);
  } finally {
    // BUNDLE=keep: left in place, for reading a profile's lines (esbuild heads each module with `// src/…`).
    if (process.env.BUNDLE !== 'keep') unlinkSync(out);
  }
}

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

// The collector's pauses, summed, so each side's share of them is printed beside its CPU.
let gcMs = 0;
// And how many of each kind: the counts do not depend on the box's load (a major one, a
// mark-compact, walks the whole old generation; twelfth session, detail-hot).
const gcCount = { minor: 0, major: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMs += e.duration;
    const kind = ((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcCount.major += 1;
    else if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gcCount.minor += 1;
  }
}).observe({ entryTypes: ['gc'] });
/**
 * ALLOC=1: bytes allocated per request by each function (V8's sampling heap profiler, one sample
 * per 64 bytes), for the first root alone — what feeds the collector, independent of the load.
 */
async function allocations(listener: Listener, paths: string[]): Promise<void> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  // KEPT=1: only what outlives a young-generation collection (promoted to the old generation,
  // where it costs a full mark to free): what a request leaves behind for later requests to pay.
  const kept = Boolean(process.env.KEPT);
  await session.post('HeapProfiler.startSampling', { samplingInterval: 64, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !kept });
  const n = 5000;
  for (let i = 0; i < n; i++) await get(listener, paths[(i * 7) % paths.length]!);
  const { profile } = await session.post('HeapProfiler.stopSampling') as { profile: { head: AllocNode } };
  const by = new Map<string, number>();
  const walk = (node: AllocNode) => {
    const f = node.callFrame;
    const self = node.selfSize;
    if (self > 0) { const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules|src|bench)\//, '$1/')}:${f.lineNumber + 1}:${f.columnNumber + 1}`; by.set(key, (by.get(key) ?? 0) + self); }
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  console.log(`${kept ? 'kept past a young collection' : 'allocated'} ≈ ${(total / n).toFixed(0)} bytes a request; by function:`);
  for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.ALLOC_TOP ?? 30))) console.log(`  ${(v / n).toFixed(0).padStart(6)} B  ${k}`);
}
type AllocNode = { callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; selfSize: number; children: AllocNode[] };

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
      const gc0 = gcMs;
      const { minor, major } = gcCount;
      for (let i = 0; i < N; i++) await get(s.listener, s.paths[(i * 7 + round) % s.paths.length]!);
      const d = process.cpuUsage(t);
      faults[k] = faults[k]! + process.resourceUsage().minorPageFault - pf0;
      // The observer runs between tasks: let it report this side's last pauses first.
      await new Promise((r) => setTimeout(r, 20));
      per[k]!.push((d.user + d.system) / N);
      gc[k]!.push(((gcMs - gc0) * 1000) / N);
      counts[k]!.minor += gcCount.minor - minor;
      counts[k]!.major += gcCount.major - major;
    }
  }
  const ratios = per.slice(1).map((side) => side.map((v, i) => (v / per[0]![i]!).toFixed(2)).join(' ')).join(' | ');
  console.log(`${row}: µs/request ${per.map((p) => med(p).toFixed(2)).join(' | ')}  (${roots.map((r) => r.split('/').pop()).join(' | ')}), of which collector pauses ${gc.map((p) => med(p).toFixed(2)).join(' | ')};  each ÷ first per round: ${ratios};  collections a 1,000 requests (minor/major) ${counts.map((c) => `${((c.minor * 1000) / (N * ROUNDS)).toFixed(2)}/${((c.major * 1000) / (N * ROUNDS)).toFixed(3)}`).join(' | ')}  page faults a request ${faults.map((f) => (f / (N * ROUNDS)).toFixed(3)).join(' | ')}  load ${load()}`);
}
process.exit(0);
