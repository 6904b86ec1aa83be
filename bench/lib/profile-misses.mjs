// For each missed target, the run profiles the case again (`node --cpu-prof`) and keeps the
// functions with the most CPU time, so RESULTS.md says where the time went.
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUTH, LIST_PATH } from './calls.mjs';
import { fillWidgets, HOT_ROWS, hotClients } from './hot-rows.mjs';
import { hit } from './load.mjs';
import { summariseProfile } from './profile-summary.mjs';
import { runReplay } from './replay.mjs';
import { startMock } from './servers.mjs';

const ENGINE_FIXTURE = new URL('../../test/fixtures/engine/widgets.openapi.yaml', import.meta.url).pathname;

/** The profile of the thread that did the work (tsx adds a mostly idle loader thread). */
function busiest(dir, lastMs) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  const summaries = files.map((f) => ({ file: f, size: statSync(f).size, ...summariseProfile(f, { top: 12, lastMs }) }));
  return summaries.sort((a, b) => b.ms - a.ms)[0] ?? null;
}

/** Runs `kind` under the profiler. `facts` comes from the throughput run (the detail path). */
export async function profileCase(kind, { mode, tmp, facts }) {
  const dir = join(tmp, `profile-${kind}`);
  mkdirSync(dir, { recursive: true });
  const loadS = mode.profileS;
  const loadOn = async (mock, options) => {
    await hit({ url: mock.url, connections: mode.connections, headers: AUTH, ...options, duration: 1 });
    const started = performance.now();
    await hit({ url: mock.url, connections: mode.connections, headers: AUTH, ...options, duration: loadS });
    return performance.now() - started;
  };
  let what;
  let lastMs = Infinity;
  if (kind === 'mock-detail' || kind === 'strict-detail' || kind === 'mock-list') {
    const mock = await startMock({ size: mode.size, strict: kind === 'strict-detail', cpuProfDir: dir });
    try {
      lastMs = await loadOn(mock, { path: kind === 'mock-list' ? LIST_PATH : facts.detailPath });
    } finally {
      await mock.stop();
    }
    what = `${loadS} s of ${kind === 'mock-list' ? `GET ${LIST_PATH}` : `GET ${facts.detailPath}`} at ${mode.connections} connections${kind === 'strict-detail' ? ' (--strict)' : ''}, size ${mode.size}; load phase only`;
  } else if (kind.startsWith('hot-')) {
    const row = HOT_ROWS.find((r) => kind === `hot-${r.id}-mock`);
    if (!row || !facts?.hot) return null;
    const engine = row.server === 'mock-engine';
    const mock = await startMock({ size: mode.size, cpuProfDir: dir, specs: engine ? [ENGINE_FIXTURE] : [] });
    try {
      if (engine) await fillWidgets(mock.url);
      lastMs = await loadOn(mock, { path: '/', connections: mode.hotConnections, setupClient: hotClients(row.id, facts.hot) });
    } finally {
      await mock.stop();
    }
    what = `${loadS} s of the hot row "${row.label}" (its paths in turn, one write in ten) at ${mode.hotConnections} connections, size ${mode.size}; load phase only`;
  } else if (kind === 'list-100k') {
    const mock = await startMock({ size: 100_000, cpuProfDir: dir });
    try {
      lastMs = await loadOn(mock, { path: LIST_PATH, connections: 1 });
    } finally {
      await mock.stop();
    }
    what = `${loadS} s of GET ${LIST_PATH} at one connection, 100,000 plans; load phase only`;
  } else if (kind === 'startup-100k') {
    const mock = await startMock({ size: 100_000, cpuProfDir: dir });
    await mock.stop();
    what = 'start-up of `serve --size 100000`, from process start to the first answer';
  } else if (kind === 'replay') {
    await runReplay({ mode, tmp: join(tmp, 'profile-replay-run'), log: () => {}, cpuProfDir: dir });
    what = `the \`omnitron-mock contract\` process replaying ${mode.replaySteps} steps`;
  } else return null;
  const summary = busiest(dir, lastMs);
  return summary ? { kind, what, ...summary } : null;
}
