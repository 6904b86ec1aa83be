// Where a hot request list's microseconds go (issue 26, tenth session, req-list): the row of
// bench/lib/hot-rows.mjs (`status` + `cancellation_type` + `created_date__lte`, limit=10, its
// ~1,000 distinct queries) taken apart into the handler's stages, each cumulative (a stage runs
// the ones before it too) over every query in turn, on a mock built in this process (no sockets,
// no front door): the filter parse and bind, the candidates and the count, the page's rows, the
// links, the join; "whole handler" is the join measured again, a control for the noise, and
// "app.request" the route through Hono's `app.request`. One request PATCH in ten between lists,
// as the hot row sends them (`--no-writes`: none). Checkouts side by side
// (rounds alternate), CPU µs per list (process.cpuUsage), the load average beside each figure.
// Two checkouts in one process favour the first loaded (bench/findings.md, ninth session,
// write-cost): for a before/after, run one checkout a process, in turns.
//   node --import tsx bench/request-list-stages.ts /path/before,/path/after [--rounds 4] [--lists 5000] [--no-writes] [--size 1000] [--prof FILE]
// --size: the seed's size (default: the mock's; the HTTP rows of bench/hot-profile.mjs run at 1000).
// --prof FILE: the first checkout's whole handler, profiled alone (node:inspector), into FILE
// (a .cpuprofile: bench/lib/profile-summary.mjs or profile-groups.mjs read it).
import './lib/under-start-flags.mjs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AUTH, REQUESTS } from './lib/calls.mjs';
import { listQueries } from './lib/hot-rows.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string' }, lists: { type: 'string' }, size: { type: 'string' }, 'no-writes': { type: 'boolean' }, prof: { type: 'string' } } });
const roots = (positionals[0] ?? '.').split(',').map((r) => resolve(r));
const ROUNDS = Number(values.rounds ?? 4);
const LISTS = Number(values.lists ?? 5000);
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const STAGES = ['parse + bind', 'candidates', 'count', 'page rows + kept JSON', 'links', 'join', 'whole handler', 'app.request'] as const;
type Stage = (typeof STAGES)[number];

interface Side {
  root: string;
  run: Record<Stage, (url: string) => unknown>;
  write: (i: number) => Promise<unknown>;
  urls: string[];
}

async function sideOf(root: string): Promise<Side> {
  const m = (p: string) => import(`${root}/src/${p}`);
  const [bm, cfg, lg, rf, ri, fe, nf, pg, jt, pu] = await Promise.all([
    m('build-mock.ts'), m('config.ts'), m('logger.ts'), m('domain/requests/request-filters.ts'), m('domain/requests/request-indexes.ts'),
    m('domain/shared/filter-engine.ts'), m('http/newest-first.ts'), m('http/pagination.ts'), m('http/json-text.ts'), m('domain/requests/request-json-cache.ts'),
  ]);
  const mock = await bm.buildMock(cfg.loadConfig(['--seed', '1', ...(values.size ? ['--size', values.size] : [])], { LOG_LEVEL: 'silent' }), { logger: lg.silentLogger });
  const app = mock.app;
  const store = mock.store;
  const req = (method: string, p: string, body?: unknown) => app.request(`http://localhost${p}`, { method, headers: { ...AUTH, 'Content-Type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const all = (await (await req('GET', `${REQUESTS}?limit=1000`)).json()).results as Array<{ id: number }>;
  const urls = listQueries(all, ['status', 'cancellation_type']).map((q: string) => `http://localhost${REQUESTS}?${q}`);
  await ri.requestIndexesReady(store);
  const reserved = new Set(['page', 'limit']);
  const defs = rf.requestFiltersOf(store);
  const search = (url: string) => url.slice(url.indexOf('?') + 1);
  const compiled = (url: string) => fe.compileSearch(defs, search(url), reserved, '');
  const allKeys = () => ri.requestCandidates(store).pkWithin({});
  const rows = (url: string) => nf.newestFirst(store.requests, compiled(url), allKeys);
  const run: Record<Stage, (url: string) => unknown> = {
    'parse + bind': compiled,
    candidates: (url) => { for (const s of compiled(url).sources) s.find(); },
    count: (url) => rows(url).length,
    'page rows + kept JSON': (url) => { const r = rows(url); return r.length && r.slice(0, 10).map(pu.requestJsonBytes); },
    links: (url) => pg.paginate(rows(url), url, pu.requestJsonBytes),
    join: (url) => jt.pageJsonBytes(pg.paginate(rows(url), url, pu.requestJsonBytes)),
    'whole handler': (url) => jt.pageJsonBytes(pg.paginate(rows(url), url, pu.requestJsonBytes)),
    'app.request': (url) => app.request(url, { headers: AUTH }),
  };
  const write = (i: number) => req('PATCH', `${REQUESTS}${all[(i * 7) % all.length]!.id}/`, { description: `bench note ${i}` });
  return { root, run, write, urls };
}

const sides: Side[] = [];
for (const root of roots) sides.push(await sideOf(root));
const per = new Map<string, number[]>();
let writes = 0;
async function pass(side: Side, stage: Stage, n: number): Promise<number> {
  // Timed in runs of nine lists between writes (a call alone is too short for process.cpuUsage).
  let cpu = 0;
  let lists = 0;
  const fn = side.run[stage];
  for (let i = 0; i < n; i += 10) {
    if (!values['no-writes']) await side.write(writes++);
    const t = process.cpuUsage();
    for (let k = 0; k < 9; k += 1) {
      const out = fn(side.urls[((i + k) * 7) % side.urls.length]!);
      if (out instanceof Promise) await out;
    }
    const d = process.cpuUsage(t);
    cpu += d.user + d.system;
    lists += 9;
  }
  return cpu / lists;
}
// Same answers first: the whole handler's bytes on each side, for every query.
for (const side of sides) for (const url of side.urls.slice(0, 50)) await side.run['app.request'](url);
for (const side of sides) for (const stage of STAGES) await pass(side, stage, 1000);
if (values.prof) {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
  await pass(sides[0]!, 'whole handler', LISTS * 4);
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(values.prof, JSON.stringify(profile));
  console.log(`profile of ${LISTS * 4} lists: ${values.prof}`);
  process.exit(0);
}
for (let round = 0; round < ROUNDS; round += 1) {
  for (const stage of STAGES) {
    const order = round % 2 ? [...sides].reverse() : sides;
    for (const side of order) {
      const key = `${side.root}\u0000${stage}`;
      per.set(key, [...(per.get(key) ?? []), await pass(side, stage, LISTS)]);
    }
  }
  console.log(`round ${round + 1} done  load ${load()}`);
}
const med = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1]!;
console.log(`\n| stage (cumulative: each includes the ones above it) | ${roots.map((r) => r.split('/').pop()).join(' µs, median (least) | ')} µs, median (least) |${roots.length > 1 ? ' after ÷ before |' : ''}`);
console.log(`|---|${roots.map(() => '---:').join('|')}|${roots.length > 1 ? '---|' : ''}`);
for (const stage of STAGES) {
  const v = roots.map((r) => med(per.get(`${r}\u0000${stage}`)!));
  // The least of the rounds beside the median: on a shared box the load only ever adds.
  const least = roots.map((r) => Math.min(...per.get(`${r}\u0000${stage}`)!));
  console.log(`| ${stage} | ${v.map((x, i) => `${x.toFixed(2)} (${least[i]!.toFixed(2)})`).join(' | ')} |${roots.length > 1 ? ` ${(v.at(-1)! / v[0]!).toFixed(2)} |` : ''}`);
}
console.log(`load ${load()}`);
process.exit(0);
