// What keeping a list query's parse costs against parsing it again (issue 26, seventeenth
// session, rl-cut): CPU ns a `compileSearch` call — the request list's filter set of a seeded
// store (frozen: its bindings are kept with the parse), the hot row's shape (`status` +
// `cancellation_type` + `created_date__lte` + `limit`) — for a client cycling through 500, 1,000
// and 2,000 distinct queries in turn, against `fresh`: the same queries parsed and bound per call
// with nothing kept (`compileFilters` over `formPairsOf`). Each query string is a fresh slice of
// its URL per call, as `queryTextOf` hands a request's over (its hash is not cached). One
// checkout, mode and count a process (after a process has kept parses, V8 allocates the parser's
// objects in the old generation — allocation-site pretenuring — and a fresh parse there costs
// ~5 × one in a process that never kept any), in turns, the load average beside each figure.
//   node --import tsx bench/parse-keep-cost.ts /path/before,/path/after [--rounds 4] [--cycles 6] [--set requests|plans]
//   (a child run: node --import tsx bench/parse-keep-cost.ts --child /path --mode kept|fresh --distinct D [--cycles N])
import './lib/under-start-flags.mjs';
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string' }, cycles: { type: 'string' }, child: { type: 'string' }, mode: { type: 'string' }, distinct: { type: 'string' }, set: { type: 'string', default: 'requests' } } });
const CYCLES = Number(values.cycles ?? 6);
const DISTINCT = [500, 1000, 2000];
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');

/** `count` distinct hot-row URLs, each `created_date__lte` its own instant (`offset` keeps sets apart). */
function urls(count: number, offset: number): string[] {
  const pairs = [['waiting', 'cancel'], ['approved', 'refund'], ['waiting', 'refund']];
  return Array.from({ length: count }, (_, i) => {
    const [status, type] = pairs[i % pairs.length]!;
    const at = new Date(Date.UTC(2024, 0, 1) + (offset + i) * 61_001).toISOString();
    return `/api/v1/cancellation_requests/?status=${status}&cancellation_type=${type}&created_date__lte=${encodeURIComponent(at)}&limit=10`;
  });
}

async function child(root: string, mode: string, d: number): Promise<void> {
  const { buildMock } = await import(`${root}/src/build-mock.ts`);
  const { testConfig } = await import(`${root}/src/config.ts`);
  const { silentLogger } = await import(`${root}/src/logger.ts`);
  const fe = await import(`${root}/src/domain/shared/filter-engine.ts`);
  const fp = await import(`${root}/src/domain/shared/filter-parse.ts`);
  const { requestFiltersOf } = await import(`${root}/src/domain/requests/request-filters.ts`);
  const { queryTextOf } = await import(`${root}/src/http/query-text.ts`);
  const mock = await buildMock(testConfig({ seed: 1 }), { logger: silentLogger, start: false });
  const { planFilters } = await import(`${root}/src/domain/plans/plan-filters.ts`);
  // `--set plans`: the plan list's set, built per request as its route builds it (not frozen: no
  // binding kept, 64 parses a generation), its reserved `export_format`.
  const plans = values.set === 'plans';
  const defsOf = plans ? () => planFilters(mock.store) : (() => { const kept = requestFiltersOf(mock.store); return () => kept; })();
  const reserved = new Set(plans ? ['page', 'limit', 'export_format'] : ['page', 'limit']);
  const key = plans ? 'export_format' : '';
  const list = urls(d, 0).map((u) => (plans ? u.replace('cancellation_type=cancel', 'plan_type=full').replace('cancellation_type=refund', 'plan_type=partial') : u));
  const call =
    mode === 'fresh'
      ? (i: number) => fe.compileFilters(defsOf(), fp.formPairsOf(queryTextOf(list[i % d]!))!, reserved).predicates.length
      : (i: number) => fe.compileSearch(defsOf(), queryTextOf(list[i % d]!), reserved, key).predicates.length;
  let sink = 0;
  const calls = Math.max(CYCLES * d, 200_000);
  // A warm-up first: the kept table then holds what a client on this cycle leaves in it.
  for (let i = 0; i < Math.max(2 * d, 100_000); i += 1) sink += call(i);
  const gcs = gcCount();
  const t0 = process.cpuUsage();
  for (let i = 0; i < calls; i += 1) sink += call(i);
  const t = process.cpuUsage(t0);
  if (sink === 0) throw new Error('nothing compiled');
  console.log(JSON.stringify({ ns: ((t.user + t.system) * 1000) / calls, gcPer1000: ((await gcs.done()) * 1000) / calls }));
}

/** Collections from now on (minor and major), for `done()`. */
function gcCount(): { done(): Promise<number> } {
  let n = 0;
  const obs = new PerformanceObserver((list) => (n += list.getEntries().length));
  obs.observe({ entryTypes: ['gc'] });
  // The observer hears of collections a task later.
  return { done: () => new Promise((resolve) => setTimeout(() => (obs.disconnect(), resolve(n)), 10)) };
}

if (values.child) await child(resolve(values.child), values.mode!, Number(values.distinct));
else {
  const roots = (positionals[0] ?? '.').split(',').map((r) => resolve(r));
  const ROUNDS = Number(values.rounds ?? 4);
  const self = fileURLToPath(import.meta.url);
  const figures = new Map<string, Record<string, number[]>>();
  const kinds = [...DISTINCT.map((d) => ['kept', d] as const), ...DISTINCT.map((d) => ['fresh', d] as const)];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [mode, d] of kinds) {
      for (const root of round % 2 === 0 ? roots : [...roots].reverse()) {
        const text = execFileSync(process.execPath, ['--import', 'tsx', self, '--child', root, '--mode', mode, '--distinct', String(d), '--cycles', String(CYCLES), '--set', values.set!], { encoding: 'utf8' });
        const got = JSON.parse(text.trim().split('\n').at(-1)!) as { ns: number; gcPer1000: number };
        const mine = figures.get(root) ?? {};
        (mine[`${mode}, ${d} distinct`] ??= []).push(got.ns);
        (mine[`${mode}, ${d} distinct: GCs a 1,000`] ??= []).push(got.gcPer1000);
        figures.set(root, mine);
      }
    }
    console.error(`round ${round + 1}: load ${load()}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`CPU ns a call (and collections a 1,000 calls), median of ${ROUNDS} rounds (${roots.join(' | ')}); load ${load()}`);
  for (const k of Object.keys(figures.get(roots[0]!)!)) {
    const digits = k.includes('GCs') ? 1 : 0;
    console.log(`  ${k.padEnd(36)} ${roots.map((r) => median(figures.get(r)![k]!).toFixed(digits).padStart(7)).join(' | ')}   rounds: ${roots.map((r) => figures.get(r)![k]!.map((v) => v.toFixed(digits)).join(' ')).join(' | ')}`);
  }
}
