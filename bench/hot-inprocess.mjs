// Issue 26's hot rows in one process, old and new side by side: each root's src/ is bundled as
// bin/ serves it (esbuild, names not kept), both mocks are built at the default size, and rounds
// of `app.request()` calls alternate between them (A B B A …), CPU time per call from
// process.cpuUsage. No socket, no adapter: what is left is the mock's own work per request.
//   node bench/hot-inprocess.mjs --roots /tmp/before,/work/wt [--rows request-list,request-patch] [--rounds 6] [--calls 2000]
import './lib/under-start-flags.mjs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { AUTH, REQUESTS } from './lib/calls.mjs';
import { listQueries } from './lib/hot-rows.mjs';

const { values } = parseArgs({ options: {
  roots: { type: 'string' }, rows: { type: 'string', default: 'request-list,request-detail,request-patch,engine-detail,engine-list,engine-patch' },
  rounds: { type: 'string', default: '6' }, calls: { type: 'string', default: '2000' },
} });
const roots = (values.roots ?? `${process.cwd()}`).split(',').map((r) => resolve(r));
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const ENGINE_FIXTURE = 'test/fixtures/engine/widgets.openapi.yaml';
const WIDGETS = '/api/v1/widgets/';
const JSON_HEADERS = { ...AUTH, 'Content-Type': 'application/json' };
const WIDGET_TARGET = 1000;
const ENGINE_ORDERINGS = ['pk', '-pk', 'priority', '-priority', 'name', '-name', 'created_date', '-created_date', 'modified_date', '-modified_date'];

/** The bundles' folders, removed when the run ends. */
const bundles = [];
process.on('exit', () => { for (const dir of bundles) rmSync(dir, { recursive: true, force: true }); });

async function bundle(root) {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx'));
  const esbuild = fromTsx('esbuild');
  // Beside the root's node_modules, so the bundle's package imports resolve from there.
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const out = join(mkdtempSync(join(cache, 'hot-inproc-')), 'entry.mjs');
  bundles.push(dirname(out));
  await esbuild.build({
    stdin: { contents: "export { buildMock } from './src/build-mock.ts'; export { loadConfig } from './src/config.ts'; export { silentLogger } from './src/logger.ts';", resolveDir: root, loader: 'ts' },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: out, logLevel: 'silent',
    define: { 'import.meta.url': 'import_meta_url' },
    plugins: [{ name: 'own-import-meta-url', setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        return { contents: text.includes('import.meta.url') ? `const import_meta_url = ${JSON.stringify(pathToFileURL(args.path).href)}; ${text}` : text, loader: 'ts' };
      });
    } }],
  });
  await esbuild.stop?.();
  return import(pathToFileURL(out).href);
}

async function side(root) {
  const m = await bundle(root);
  const mk = (specs) => m.buildMock(m.loadConfig(['--seed', '1', ...specs.flatMap((s) => ['--spec', join(root, s)])], {}), { logger: m.silentLogger });
  const mock = await mk([]);
  const engine = await mk([ENGINE_FIXTURE]);
  const get = async (app, path) => (await app.request(`http://localhost${path}`, { headers: AUTH })).json();
  const requests = (await get(mock.app, `${REQUESTS}?limit=1000`)).results;
  // As the HTTP rows (bench/lib/hot-rows.mjs): 1,000 widgets, ten orderings.
  const seeded = (await get(engine.app, `${WIDGETS}?limit=1000`)).results;
  for (let i = seeded.length; i < WIDGET_TARGET; i += 1) {
    const { pk, uuid, created_date, modified_date, ...fields } = seeded[0];
    const r = await engine.app.request(`http://localhost${WIDGETS}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ ...fields, name: `Bench widget ${i + 1}` }) });
    if (r.status !== 201) throw new Error(`creating widgets answered ${r.status}`);
  }
  const widgets = (await get(engine.app, `${WIDGETS}?limit=1000`)).results;
  const listPaths = listQueries(requests, ['status', 'cancellation_type']).map((q) => `${REQUESTS}?${q}`);
  const orderings = ENGINE_ORDERINGS;
  const engineList = orderings.flatMap((o) => Array.from({ length: Math.ceil(widgets.length / 10) }, (_, p) => `${WIDGETS}?limit=10&page=${p + 1}&ordering=${o}`));
  const call = (app, path, init = { headers: AUTH }) => app.request(`http://localhost${path}`, init);
  let n = 0;
  const rows = {
    'request-list': (i) => call(mock.app, listPaths[i % listPaths.length]),
    'request-detail': (i) => call(mock.app, `${REQUESTS}${requests[(i * 7) % requests.length].id}/`),
    'request-patch': (i) => call(mock.app, `${REQUESTS}${requests[(i * 7) % requests.length].id}/`, { method: 'PATCH', headers: JSON_HEADERS, body: JSON.stringify({ description: `bench note ${n++}` }) }),
    'engine-detail': (i) => call(engine.app, `${WIDGETS}${widgets[(i * 7) % widgets.length].pk}/`),
    'engine-list': (i) => call(engine.app, engineList[i % engineList.length]),
    // The HTTP row's mix: nine reads, then a widget PATCH.
    'engine-list-mixed': (i) => (i % 10 === 9 ? rows['engine-patch'](i) : rows['engine-list'](i)),
    'engine-detail-mixed': (i) => (i % 10 === 9 ? rows['engine-patch'](i) : rows['engine-detail'](i)),
    'engine-patch': (i) => call(engine.app, `${WIDGETS}${widgets[(i * 7) % widgets.length].pk}/`, { method: 'PATCH', headers: JSON_HEADERS, body: JSON.stringify({ note: `bench note ${n++}` }) }),
  };
  return { root, rows, distinct: listPaths.length };
}

const sides = [];
for (const root of roots) sides.push(await side(root));
console.log(`roots: ${roots.join(' | ')}; request-list distinct queries: ${sides.map((s) => s.distinct).join(' / ')}`);
const calls = Number(values.calls);
for (const row of values.rows.split(',')) {
  const per = sides.map(() => []);
  // Warm-up of each side.
  for (const s of sides) for (let i = 0; i < calls; i += 1) { const r = await s.rows[row](i); await r.arrayBuffer(); }
  const startLoad = load();
  for (let round = 0; round < Number(values.rounds); round += 1) {
    const order = round % 2 === 0 ? sides.map((_, k) => k) : sides.map((_, k) => sides.length - 1 - k);
    for (const k of order) {
      const t = process.cpuUsage();
      for (let i = 0; i < calls; i += 1) { const r = await sides[k].rows[row](i + round * calls); if (r.status >= 300) throw new Error(`${row}: ${r.status} ${await r.text()}`); await r.arrayBuffer(); }
      const d = process.cpuUsage(t);
      per[k].push((d.user + d.system) / calls);
    }
  }
  const med = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const ratios = per.length === 2 ? per[1].map((v, i) => (v / per[0][i]).toFixed(2)).join(' ') : '';
  console.log(`${row.padEnd(15)} CPU µs/call ${per.map((p) => med(p).toFixed(1)).join(' → ')}${ratios ? `  after÷before per round: ${ratios} (median ${med(per[1].map((v, i) => v / per[0][i])).toFixed(2)})` : ''}  load ${startLoad} → ${load()}`);
}
process.exit(0);
