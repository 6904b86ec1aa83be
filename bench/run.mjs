#!/usr/bin/env node
// `npm run bench`: the whole benchmark of issue 12 in one run on one machine, written to
// bench/RESULTS.md. `npm run bench -- --quick` is a fast check (one short round, sizes 1,000 and
// 10,000, a 200-step replay) that writes to a temporary file instead. Never part of `npm test`.
//
//   node bench/run.mjs [--quick] [--no-profile] [--only throughput,scale,replay,filters] [--out FILE]
//                      [--servers ceiling-detail,ceiling-list,hot-hono,hot-node,mock,mock-engine,mock-strict,prism]
//                      [--rounds N] [--hot] [--alternations N] [--window S] [--hot-sequential] [--pin]
// --pin (with the hot rows): each hot row measured a second time with every server pinned to CPU 1
// and the client to CPU 0, reported as its own table after the results (bench/lib/pinned-table.mjs),
// never in place of the unpinned figures the targets read.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machineInfo } from './lib/machine.mjs';
import { profileCase } from './lib/profile-misses.mjs';
import { runReplay } from './lib/replay.mjs';
import { renderResults } from './lib/report.mjs';
import { filtersMarkdown, runFilters } from './lib/filters-100k.mjs';
import { pinnedMarkdown } from './lib/pinned-table.mjs';
import { runScale } from './lib/scale.mjs';
import { PRISM_ENTRY, ROOT } from './lib/servers.mjs';
import { evaluateTargets } from './lib/targets.mjs';
import { runThroughput } from './lib/throughput.mjs';
import { writeMergedSpec } from './merge-vendor-spec.mjs';

const FULL = {
  quick: false, rounds: 5, warmupS: 2, durationS: 4, connections: 10, hotConnections: 50, size: 1000,
  scaleSizes: [1_000, 10_000, 100_000], startupRuns: 3, latencyS: 8, replaySteps: 1000, replayTimeoutS: 180, profileS: 5,
  // Issue 26's hot rows, side by side (bench/lib/hot-side-by-side.mjs): windows per server and row.
  alternations: 5, windowS: 3,
};
const QUICK = { ...FULL, quick: true, rounds: 1, warmupS: 1, durationS: 2, scaleSizes: [1_000, 10_000], startupRuns: 1, latencyS: 2, replaySteps: 200, profileS: 2, alternations: 2, windowS: 1 };

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' }, 'no-profile': { type: 'boolean' }, only: { type: 'string' }, out: { type: 'string' },
    servers: { type: 'string' }, rounds: { type: 'string' }, hot: { type: 'boolean' },
    alternations: { type: 'string' }, window: { type: 'string' }, 'hot-sequential': { type: 'boolean' },
    pin: { type: 'boolean' },
  },
});
const mode = { ...(values.quick ? QUICK : FULL) };
// For a look at one thing (never for RESULTS.md): --servers mock,mock-strict --rounds 1
if (values.servers) mode.servers = values.servers.split(',').map((s) => s.trim());
if (values.rounds) mode.rounds = Number(values.rounds);
// Issue 26's hot rows only (their ceilings, the mock, the engine mock): --only throughput --hot
if (values.hot) mode.hotOnly = true;
// The hot rows' side-by-side windows (--alternations 5 --window 3), or the old per-round way.
if (values.alternations) mode.alternations = Number(values.alternations);
if (values.window) mode.windowS = Number(values.window);
if (values['hot-sequential']) mode.hotSequential = true;
if (values.pin) mode.pin = true;
const parts = new Set((values.only ?? 'throughput,scale,replay,filters').split(',').map((s) => s.trim()));
const partial = values.only || values.servers || values.rounds || values.hot || values.alternations || values.window || values['hot-sequential'] || values.pin;
const out = values.out ?? (mode.quick || partial ? join(tmpdir(), 'omnitron-mock-bench-RESULTS.quick.md') : join(ROOT, 'bench/RESULTS.md'));
const log = (line) => process.stdout.write(`${line}\n`);

/** Prism lives in bench/node_modules only; the first run installs it from bench/package-lock.json. */
function ensurePrism() {
  if (!existsSync(PRISM_ENTRY)) {
    log('installing Prism under bench/ (npm ci --prefix bench) …');
    const r = spawnSync('npm', ['ci', '--prefix', join(ROOT, 'bench'), '--no-audit', '--no-fund'], { stdio: 'inherit', timeout: 600_000 });
    if (r.status !== 0) return { available: false, reason: `Prism could not be installed (npm ci --prefix bench exited ${r.status})` };
  }
  return { available: true, specFile: writeMergedSpec() };
}

async function main() {
  const startedAt = new Date();
  const machine = machineInfo();
  const tmp = mkdtempSync(join(tmpdir(), 'omnitron-bench-'));
  const notes = [];
  log(`omnitron-mock bench${mode.quick ? ' (quick)' : ''}: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadavg.map((v) => v.toFixed(1)).join(' ')}`);
  try {
    // The CLI starts from a bundle of src/ that it builds when a source changed (bin/omnitron-mock.js):
    // build it now, so that no measured start-up pays for it.
    spawnSync(process.execPath, [join(ROOT, 'bin/omnitron-mock.js'), 'help'], { stdio: 'ignore', timeout: 120_000 });
    const prism = ensurePrism();
    if (!prism.available) notes.push(prism.reason);
    let throughput = null;
    let scale = null;
    let replay = null;
    if (parts.has('throughput')) {
      log('throughput (ceilings, omnitron-mock, Prism):');
      throughput = await runThroughput({ mode, tmp, prism, log });
      if (throughput.facts.tagList && !throughput.facts.tagList.served) notes.push(`request list by tag: not served yet (filter_tags answered ${throughput.facts.tagList.status}); picked up automatically once it answers 200.`);
      else if (throughput.facts.tagList && throughput.facts.tagList.tagged === 0) notes.push('request list by tag: bulk_add_tags did not tag the requests; the tag list was measured empty.');
    }
    if (parts.has('scale')) {
      log('scale (start-up, memory, filtered-list latency):');
      scale = await runScale({ mode, log });
    }
    if (parts.has('replay')) {
      log('contract replay:');
      replay = await runReplay({ mode, tmp, log });
      if (replay.pending) log(`  pending: ${replay.pending}`);
    }
    // Every filter at 100,000 (issue 26): its own section after the others (~12 min; quick: 10,000, one run).
    let filters = null;
    if (parts.has('filters')) {
      log('filters (every list filter, 8 connections, 10 % writes):');
      filters = await runFilters({ size: mode.quick ? 10_000 : 100_000, runs: mode.quick ? 1 : 3, seconds: mode.quick ? 1 : 3, log });
    }
    const targets = evaluateTargets({ throughput, scale, replay });
    const profiles = [];
    if (!values['no-profile']) {
      const kinds = [...new Set(targets.filter((t) => t.pass === false && t.profile).map((t) => t.profile))];
      for (const kind of kinds) {
        log(`profiling the miss: ${kind}`);
        try {
          const p = await profileCase(kind, { mode, tmp, facts: throughput?.facts });
          if (p) profiles.push(p);
        } catch (err) {
          notes.push(`profiling ${kind} failed: ${err.message}`);
        }
      }
    }
    const elapsedS = (Date.now() - startedAt.getTime()) / 1000;
    const filtersSection = filters ? `\n${filtersMarkdown(filters)}` : '';
    const pinnedSection = throughput && Object.keys(throughput.pinned ?? {}).length > 0 ? `\n${pinnedMarkdown(throughput.pinned, throughput.scenarios)}` : '';
    writeFileSync(out, renderResults({ mode, machine, loadEnd: loadavg(), startedAt, elapsedS, throughput, scale, replay, targets, profiles, notes }) + filtersSection + pinnedSection);
    if (pinnedSection) log(pinnedSection);
    log('\ntargets:');
    for (const t of targets) log(`  ${t.pass === null ? 'n/a ' : t.pass ? 'pass' : 'MISS'}  ${t.target}: ${t.measured}`);
    log(`\nwrote ${out} (${Math.round(elapsedS)} s)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
