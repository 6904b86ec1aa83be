// Writes RESULTS.md: machine, versions, method, the tables, the ratios, each target with its
// measured value, and what the profiles of the misses showed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIST_PATH, TAG_LIST_PATH } from './calls.mjs';
import { HOT_ROWS } from './hot-rows.mjs';
import { ROOT } from './servers.mjs';
import { ratio, roundRatios } from './targets.mjs';

const MiB = 2 ** 20;
const n0 = (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');
const n1 = (v) => (Number.isFinite(v) ? v.toFixed(1) : '—');
const ms = (v) => (Number.isFinite(v) ? `${v}` : '—');

export function renderResults({ mode, machine, loadEnd, startedAt, elapsedS, throughput, scale, replay, targets, profiles, notes }) {
  const L = [];
  L.push('# Benchmark results', '');
  L.push(`Written by \`npm run bench${mode.quick ? ' -- --quick' : ''}\` on ${startedAt.toISOString()} (the run took ${Math.round(elapsedS)} s). Do not edit by hand: run it again.`);
  if (mode.quick) L.push('', '**Quick mode: one short round, no 100,000-plan size. Not the reference numbers.**');
  L.push('', '## Machine', '');
  L.push(`- CPU: ${machine.cpu}, ${machine.cores} cores; memory ${machine.memoryGiB.toFixed(1)} GiB; ${machine.platform}; Node ${machine.node}`);
  L.push(`- Load average (1/5/15 min) at the start: ${machine.loadavg.map((v) => v.toFixed(2)).join(' / ')}; at the end: ${loadEnd.map((v) => v.toFixed(2)).join(' / ')}. Other work on the machine slows every server, not always alike: the ratios, each from one round's pair, are the numbers to trust, and a busy machine (load well above the 2 cores) makes even those noisy.`);
  L.push(`- Commit: ${machine.commit}`);
  L.push('', '## Versions', '');
  for (const [k, v] of Object.entries(machine.versions)) L.push(`- ${k} ${v ?? 'not installed'}`);
  L.push('', '## Method', '');
  L.push(`- autocannon in the bench process, ${mode.connections} connections, no pipelining; each measurement is ${mode.durationS} s after a ${mode.warmupS} s warm-up that is thrown away; ${mode.rounds} alternating round${mode.rounds > 1 ? 's' : ''} (every server started afresh each round, the order reversed every other round), medians reported. One server runs at a time; all on 127.0.0.1; \`LOG_LEVEL=silent\` for every server (Prism's output goes to /dev/null).`);
  if (throughput) {
    const f = throughput.facts;
    L.push(`- omnitron-mock: \`node bin/omnitron-mock.js serve --size ${mode.size}\` (seed 1). Plan detail: \`GET ${f.detailPath}\` (${n0(f.detailBytes)} bytes, the plan nearest 9 KB). List: \`GET ${LIST_PATH}\` (${f.listCount} matching rows, ${n0(f.listBytes)} bytes).`);
    L.push(`- The ceilings: \`bench/ceiling-server.mjs\`, a bare Hono app on the same adapter answering those two bodies, captured from the mock at the start of the run, from memory (\`c.json(object)\`).`);
    L.push(`- Request list by tag: the first 100 requests are tagged \`bench\` (bulk_add_tags), then \`GET ${TAG_LIST_PATH}\`.`);
    L.push(`- update_status round trip: each connection owns one plan and moves it \`failed\` → \`manuel_refund_need\` → \`failed\` …, one legal move per request (the only two-way move in DOMAIN.md §4's table), a connection's next request leaving only after its answer: every request is a real write, none races another.${f.updateStatus ? ` ${f.updateStatus.plans} such plans, ${f.updateStatus.connections} connections.` : ''}`);
    L.push(`- Prism: \`prism mock bench/vendor-plans.openapi.json\` (the five vendor fragments merged, \`CancellationPlanUpdateStatus\` added), static examples; same paths and query.`);
  }
  L.push(`- Scale: start-up is ${mode.startupRuns > 1 ? `the median of ${mode.startupRuns} fresh starts per size (each run in brackets), each` : 'one start per size,'} from spawning \`node bin/omnitron-mock.js serve --size N\` to the first 200 from \`/__mock/health\`; RSS from /proc (VmRSS when ready, VmHWM peak after the latency runs); latency with one connection for ${mode.latencyS} s after a ${mode.warmupS} s warm-up: the three-filter list, and a mix of common filters in turn.`);

  if (throughput) {
    L.push('', '## Throughput', '', '| call | req/s (median) | per round | server CPU µs/request | p50 ms | p99 ms | bytes/response | non-2xx or errors |', '|---|---:|---|---:|---:|---:|---:|---:|');
    for (const s of Object.values(throughput.scenarios)) {
      if (s.skipped) L.push(`| ${s.label} | ${s.skipped} | | | | | | |`);
      else L.push(`| ${s.label} | ${n0(s.rps)} | ${s.rounds.map((r) => n0(r.rps)).join(', ')} | ${n0(s.cpuUs)} | ${ms(s.p50)} | ${ms(s.p99)} | ${n0(s.bytesPerResponse)} | ${s.non2xx ? `${s.non2xx} (${JSON.stringify(s.statusCodes)})` : 0} |`);
    }
    L.push('', '### Ratios (median of per-round ratios)', '', 'Targets are judged on req/s. The server\'s CPU time per request (from /proc, autocannon excluded) is shown beside: it moves less than req/s when other work shares the machine, so where the two disagree the machine was busy.', '');
    const RATIO_LABELS = { 'detail-vs-ceiling': 'plan detail / its ceiling', 'detail-vs-prism': 'plan detail / Prism', 'list-vs-ceiling': 'plan list / its ceiling', 'strict-cost': 'what --strict costs (plan detail)' };
    for (const t of targets.filter((t) => t.id in RATIO_LABELS)) L.push(`- ${RATIO_LABELS[t.id]}: **${t.measured}**`);
  }
  if (throughput) L.push(...hotTable(mode, throughput));
  if (scale?.length) {
    L.push('', '## Scale', '', '| plans (size) | requests | start-up s | RSS ready MiB | RSS peak MiB | 3-filter list p50 / p99 ms | filter mix p50 / p99 ms | list req/s (1 conn) |', '|---:|---:|---:|---:|---:|---|---|---:|');
    for (const r of scale) {
      L.push(`| ${n0(r.plans ?? r.size)} | ${n0(r.requests)} | ${(r.startupMs / 1000).toFixed(2)}${r.startupRunsMs?.length > 1 ? ` (${r.startupRunsMs.map((v) => (v / 1000).toFixed(2)).join(', ')})` : ''} | ${n0(r.rssReady / MiB)} | ${n0(r.rssPeak / MiB)} | ${ms(r.list.p50)} / ${ms(r.list.p99)} | ${ms(r.mix.p50)} / ${ms(r.mix.p99)} | ${n0(r.list.rps)} |`);
    }
  }
  L.push('', '## Contract replay', '');
  if (!replay) L.push('Not run.');
  else if (replay.pending) L.push(`Pending: ${replay.pending}. The script picks it up once \`omnitron-mock contract --help\` answers.`);
  else {
    L.push(`${replay.steps} steps (${replay.scenarios} scenarios: the ${replay.corpusScenarios} of \`contracts/\`, ${replay.corpusSteps} steps, copied round after round) against two local mocks (\`--mock\` and \`--target\`, size ${mode.size}, \`--allow-writes\`): **${(replay.ms / 1000).toFixed(2)} s**, exit ${replay.code}.`, '');
    L.push('```', replay.summary, '```');
    if (replay.code !== 0) L.push('', `Exit ${replay.code} means drifts or failed checks between the two mocks or against the spec; the time is what this benchmark measures.`);
    const f = replay.failures;
    if (f) {
      L.push('', `Failed in the first round (the corpus as written): ${f.firstRound.length ? f.firstRound.map((id) => `\`${id}\``).join(', ') : 'none'}; in the later copies, which replay on state the earlier rounds changed: ${f.later}.`);
      if (f.findings.length) L.push('', 'First findings of the first round:', '', ...f.findings.map((x) => `- ${x.replace(/\|/g, '\\|')}`));
    }
  }
  L.push('', '## Targets', '', '| target | measured | result |', '|---|---|---|');
  for (const t of targets) L.push(`| ${t.target} | ${t.measured} | ${t.pass === null ? 'not measured' : t.pass ? 'pass' : '**miss**'} |`);
  if (profiles.length) {
    L.push('', '## What the profiles of the misses show', '', 'Each missed target was run again under `node --cpu-prof`; these are the functions with the most CPU time (idle left out; a name with `:1` is tsx-compiled source, whose line numbers are lost).');
    for (const p of profiles) {
      L.push('', `### ${p.kind}: ${p.what}`, '', `Busy ${n0(p.ms)} ms (idle ${n0(p.idleMs)} ms).`, '', '| self % | self ms | function |', '|---:|---:|---|');
      for (const r of p.self.slice(0, 10)) L.push(`| ${n1(r.pct)} | ${n0(r.ms)} | \`${r.name}\` |`);
      L.push('', '| inclusive % | function |', '|---:|---|');
      for (const r of p.total.filter((r) => !/^\(root\)|^evaluate$|^run node:|processTicksAndRejections/.test(r.name)).slice(0, 10)) L.push(`| ${n1(r.pct)} | \`${r.name}\` |`);
    }
  }
  const findings = join(ROOT, 'bench/findings.md');
  if (existsSync(findings)) L.push('', readFileSync(findings, 'utf8').trim());
  // Written by bench/browser.mjs (issue 24), carried over so a full run keeps it.
  const browser = join(ROOT, 'bench/browser-results.md');
  if (existsSync(browser)) L.push('', readFileSync(browser, 'utf8').trim());
  if (notes.length) L.push('', '## Notes from this run', '', ...notes.map((n) => `- ${n}`));
  return `${L.join('\n')}\n`;
}

/** Issue 26's rows: the mock beside two ceilings answering the same bytes, per-round ratios. */
function hotTable(mode, throughput) {
  const s = throughput.scenarios;
  const f = throughput.facts.hot?.facts;
  if (!f || !HOT_ROWS.some((r) => s[`hot-${r.id}-mock`]?.rounds.length)) return [];
  const x2 = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}` : '—');
  const L = ['', '## Hot reads against the same bytes (issue 26)', ''];
  const how = mode.hotSequential
    ? 'Each round starts every server afresh and measures them one after another; ratios are medians of per-round ratios.'
    : `All servers up at once, one loaded at a time: ${mode.alternations} alternations of ${mode.windowS} s windows per server (mock, Hono, node:http, then reversed; bench/lib/hot-side-by-side.mjs), so a drift of the host lands on both sides of each adjacent pair. Ratios are medians of the adjacent pairs' ratios, with their spread (lowest–highest) and the 1-minute load average at the row's start and end.`;
  L.push(`${mode.hotConnections} connections. Each row cycles through its paths (one cursor for all connections) and sends one write in ten: plans \`update_status\` between \`failed\` and \`manuel_refund_need\` (${f.cyclePlans} plans), requests a new \`description\`, widgets a new \`note\`. The ceilings answer, for each path, the very bytes a fresh mock answered at the start of the run (\`bench/ceiling-server.mjs\`: bare Hono \`c.body(string)\`, and plain \`node:http\` with a Buffer), and a fixed write answer. ${how} CPU is the server's own per request (from /proc).`, '');
  L.push('| read | distinct paths | bytes (mean) | mock req/s | Hono req/s | node:http req/s | mock ÷ Hono (spread) | mock ÷ Hono, CPU/req (spread) | mock ÷ node:http | CPU µs/req mock / Hono / node | load | mock non-2xx |', '|---|---:|---:|---:|---:|---:|---|---|---:|---|---|---:|');
  const spread = (v) => (v.length ? `${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)}` : '—');
  for (const r of HOT_ROWS) {
    const [m, h, n] = ['mock', 'hono', 'node'].map((side) => s[`hot-${r.id}-${side}`]);
    const load = m?.load ? `${m.load[0].toFixed(1)} → ${m.load[1].toFixed(1)}` : '—';
    L.push(`| ${r.label} | ${f.distinct[r.id]} | ${n0(f.bytes[r.id])} | ${n0(m?.rps)} | ${n0(h?.rps)} | ${n0(n?.rps)} | ${x2(ratio(s, m.id, h.id))} (${spread(roundRatios(s, m.id, h.id))}) | ${x2(ratio(s, m.id, h.id, true))} (${spread(roundRatios(s, m.id, h.id, true))}) | ${x2(ratio(s, m.id, n.id))} | ${n0(m?.cpuUs)} / ${n0(h?.cpuUs)} / ${n0(n?.cpuUs)} | ${load} | ${m?.non2xx ? `${m.non2xx} (${JSON.stringify(m.statusCodes)})` : 0} |`);
  }
  return L;
}
