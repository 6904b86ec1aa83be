// The issue's targets, each judged on the measured value. Ratios are the median of the per-round
// ratios (each round measures both sides minutes apart), which cancels drift of the machine better
// than a ratio of two medians.
import { HOT_ROWS } from './hot-rows.mjs';
import { median } from './load.mjs';

const GiB = 2 ** 30;

/** Median per-round ratio of a's to b's req/s; with `cpu`, of b's to a's CPU per request (same sense). */
export function ratio(scenarios, a, b, cpu = false) {
  const each = roundRatios(scenarios, a, b, cpu);
  return each.length === 0 ? NaN : median(each);
}

/** The per-round ratios `ratio` takes the median of (the spread of a side-by-side row). */
export function roundRatios(scenarios, a, b, cpu = false) {
  const x = scenarios[a];
  const y = scenarios[b];
  if (!x?.rounds?.length || !y?.rounds?.length) return [];
  const n = Math.min(x.rounds.length, y.rounds.length);
  const r = (i) => (cpu ? y.rounds[i].cpuUsPerRequest / x.rounds[i].cpuUsPerRequest : x.rounds[i].rps / y.rounds[i].rps);
  return Array.from({ length: n }, (_, i) => r(i)).filter((v) => Number.isFinite(v));
}

/**
 * @returns Array<{ id, target, measured (text), value, pass: boolean|null, profile?: string }>
 * `pass: null` means not measured (pending, skipped). `profile` names what to profile on a miss.
 */
export function evaluateTargets({ throughput, scale, replay }) {
  const s = throughput?.scenarios ?? {};
  const big = scale?.find((r) => r.size === 100_000);
  const out = [];
  const add = (id, target, value, pass, text, profile) =>
    out.push({ id, target, value, pass: Number.isFinite(value) ? pass(value) : null, measured: Number.isFinite(value) ? text(value) : 'not measured', profile });

  const x = (a, b) => (v) => `${v.toFixed(2)} × in req/s (${ratio(s, a, b, true).toFixed(2)} × in server CPU per request)`;
  add('detail-vs-ceiling', 'plan detail ≥ 0.7 × its ceiling', ratio(s, 'mock-detail', 'ceiling-detail'), (v) => v >= 0.7, x('mock-detail', 'ceiling-detail'), 'mock-detail');
  add('detail-vs-prism', 'plan detail ≥ 10 × Prism', ratio(s, 'mock-detail', 'prism-detail'), (v) => v >= 10, x('mock-detail', 'prism-detail'), 'mock-detail');
  add('list-vs-ceiling', 'list ≥ 0.5 × its ceiling', ratio(s, 'mock-list', 'ceiling-list'), (v) => v >= 0.5, x('mock-list', 'ceiling-list'), 'mock-list');
  const p99 = big ? Math.max(big.list.p99, big.mix.p99) : NaN;
  add('list-p99-100k', 'filtered list at 100,000 plans: p99 ≤ 25 ms', p99, (v) => v <= 25,
    (v) => `${v} ms (three filters ${big.list.p99} ms, common-filter mix ${big.mix.p99} ms)`, 'list-100k');
  const strictCost = 1 - ratio(s, 'strict-detail', 'mock-detail');
  add('strict-cost', '--strict costs ≤ 25 % of throughput (plan detail)', strictCost, (v) => v <= 0.25,
    (v) => `${(v * 100).toFixed(1)} % of req/s (${((1 - ratio(s, 'strict-detail', 'mock-detail', true)) * 100).toFixed(1)} % in server CPU per request)`, 'strict-detail');
  add('startup-100k', 'start-up with 100,000 plans + requests ≤ 5 s', big ? big.startupMs / 1000 : NaN, (v) => v <= 5,
    (v) => `${v.toFixed(2)} s (${big.plans} plans, ${big.requests} requests)`, 'startup-100k');
  add('rss-100k', 'RSS with 100,000 plans + requests ≤ 2 GiB', big ? big.rssPeak / GiB : NaN, (v) => v <= 2,
    (v) => `${(v * 1024).toFixed(0)} MiB peak (${(big.rssReady / 2 ** 20).toFixed(0)} MiB when ready)`, 'startup-100k');
  for (const r of HOT_ROWS) {
    const m = `hot-${r.id}-mock`;
    add(`hot-${r.id}`, `${r.label} ≥ 0.8 × bare Hono answering the same bytes (issue 26)`, ratio(s, m, `hot-${r.id}-hono`), (v) => v >= 0.8,
      (v) => {
        const each = roundRatios(s, m, `hot-${r.id}-hono`);
        return `${v.toFixed(2)} × in req/s (per pair ${Math.min(...each).toFixed(2)}–${Math.max(...each).toFixed(2)}; ${ratio(s, m, `hot-${r.id}-hono`, true).toFixed(2)} × in server CPU per request; ${ratio(s, m, `hot-${r.id}-node`).toFixed(2)} × node:http)`;
      }, m);
  }
  const replayS = replay && !replay.pending ? replay.ms / 1000 : NaN;
  add('replay', `replay of ${replay?.steps ?? 1000} steps against two local targets ≤ 15 s`, replayS, (v) => v <= 15,
    (v) => `${v.toFixed(2)} s (exit ${replay.code})`, 'replay');
  return out;
}
