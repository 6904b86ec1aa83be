// What a list's page links cost (eleventh session, links): the writers of `next`/`previous` over
// the hot rows' own queries (bench/lib/hot-rows.mjs: the request and plan lists' ~1,000 distinct
// `status` + type + `created_date__lte` + `limit=10` queries, the engine list's 1,000 page ×
// ordering queries), each checkout's writers imported side by side in one process, rounds
// alternating, the order of the checkouts swapped every round. Per row, ns per list:
//   - request/plan list: the link to page 2 of page 1 (the hot rows' only link), as `paginate`
//     writes it (`pageLink`, and before it, its `URL` fallback where `pageLink` did not answer);
//   - engine list: `plainListQuery` and both links of its page (`plainPageLink`).
// CPU time (process.cpuUsage), the median of the rounds, the load average beside each figure.
//   node --import tsx bench/page-link-cost.ts /path/before,/path/after [--rounds 7] [--reps 200]
import './lib/under-start-flags.mjs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AUTH, PLANS, REQUESTS } from './lib/calls.mjs';
import { listQueries } from './lib/hot-rows.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string' }, reps: { type: 'string' } } });
const roots = (positionals[0] ?? '.').split(',').map((r) => resolve(r));
const ROUNDS = Number(values.rounds ?? 7);
const REPS = Number(values.reps ?? 200);
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');

type Row = 'request list' | 'plan list' | 'engine list';
const ROWS: Row[] = ['request list', 'plan list', 'engine list'];

/** The hot rows' hrefs, from a mock of the first checkout (the queries are the same for every checkout). */
async function hrefs(): Promise<Record<Row, string[]>> {
  const m = (p: string) => import(`${roots[0]}/src/${p}`);
  const [bm, cfg, lg] = await Promise.all([m('build-mock.ts'), m('config.ts'), m('logger.ts')]);
  const mock = await bm.buildMock(cfg.loadConfig(['--seed', '1'], { LOG_LEVEL: 'silent' }), { logger: lg.silentLogger });
  const all = async (path: string) => ((await (await mock.app.request(`http://localhost${path}?limit=1000`, { headers: AUTH })).json()) as { results: Record<string, string>[] }).results;
  const orderings = ['pk', '-pk', 'priority', '-priority', 'name', '-name', 'created_date', '-created_date', 'modified_date', '-modified_date'];
  return {
    'request list': listQueries(await all(REQUESTS), ['status', 'cancellation_type']).map((q: string) => `http://localhost${REQUESTS}?${q}`),
    'plan list': listQueries(await all(PLANS), ['status', 'plan_type']).map((q: string) => `http://localhost${PLANS}?${q}`),
    'engine list': orderings.flatMap((o) => Array.from({ length: 100 }, (_, p) => `http://localhost/api/v1/widgets/?limit=10&page=${p + 1}&ordering=${o}`)),
  };
}

interface Side { root: string; run: Record<Row, (href: string) => number> }

async function sideOf(root: string): Promise<Side> {
  const pu = await import(`${root}/src/http/page-url.ts`);
  const plq = await import(`${root}/src/engine/plain-list-query.ts`);
  const viaUrl = (href: string, page: number) => {
    const u = new URL(href);
    if (page === 1) u.searchParams.delete('page');
    else u.searchParams.set('page', String(page));
    return u.toString();
  };
  const listLink = (href: string) => ((pu.pageLink(href, 2) as string | null) ?? viaUrl(href, 2)).length;
  return {
    root,
    run: {
      'request list': listLink,
      'plan list': listLink,
      'engine list': (href) => {
        const q = plq.plainListQuery(href, true);
        const page = Number(q.page);
        return plq.plainPageLink(q, page + 1).length + (page > 1 ? plq.plainPageLink(q, page - 1).length : 0);
      },
    },
  };
}

const rows = await hrefs();
const sides = await Promise.all(roots.map(sideOf));
const ns: Record<string, number[]> = {};
let sink = 0;
for (let round = 0; round < ROUNDS; round += 1) {
  const order = round % 2 === 0 ? sides : [...sides].reverse();
  for (const row of ROWS) {
    for (const side of order) {
      const fn = side.run[row];
      const list = rows[row];
      const t0 = process.cpuUsage();
      for (let r = 0; r < REPS; r += 1) for (const href of list) sink += fn(href);
      const t = process.cpuUsage(t0);
      (ns[`${side.root}\u0000${row}`] ??= []).push(((t.user + t.system) * 1000) / (REPS * list.length));
    }
  }
  console.log(`round ${round + 1}/${ROUNDS} done, load ${load()}`);
}
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const row of ROWS) {
  const cells = sides.map((s) => {
    const xs = ns[`${s.root}\u0000${row}`]!;
    return `${s.root.split('/').pop()}: ${median(xs).toFixed(0)} ns (${xs.map((x) => x.toFixed(0)).join(' ')})`;
  });
  const first = ns[`${sides[0]!.root}\u0000${row}`]!;
  const last = ns[`${sides.at(-1)!.root}\u0000${row}`]!;
  const ratios = last.map((x, i) => x / first[i]!);
  const ratio = sides.length > 1 ? `  last ÷ first per round ${ratios.map((r) => r.toFixed(2)).join(' ')} (median ${median(ratios).toFixed(2)})` : '';
  console.log(`${row.padEnd(13)} ${cells.join(' | ')}${ratio}  load ${load()}`);
}
if (sink === 0) console.log('');
