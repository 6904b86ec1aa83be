// Scale: start-up time and resident memory at each size, and the filtered list's latency with one
// connection (so latency is service time, not queueing): the three-filter call alone, and a mix
// of common filters in turn. Start-up is timed over `mode.startupRuns` fresh starts per size and
// the median is reported (one start on a shared machine is one draw of its noise); the last start
// is the server whose memory and latency are measured.
import { AUTH, discover, LIST_PATH } from './calls.mjs';
import { measure, median } from './load.mjs';
import { memoryOf, startMock } from './servers.mjs';

export async function runScale({ mode, log, cpuProfDir = null }) {
  const rows = [];
  for (const size of mode.scaleSizes) {
    const startups = [];
    for (let run = 1; run < mode.startupRuns; run += 1) {
      const early = await startMock({ size });
      startups.push(early.startupMs);
      await early.stop();
    }
    const mock = await startMock({ size, cpuProfDir });
    startups.push(mock.startupMs);
    try {
      const atReady = mock.memory();
      const health = await (await fetch(`${mock.url}/__mock/health`)).json();
      const facts = await discover(mock.url);
      const run = (extra) => measure({ url: mock.url, connections: 1, headers: AUTH, ...extra }, { warmupS: mode.warmupS, durationS: mode.latencyS });
      const list = await run({ path: LIST_PATH });
      const mix = await run({ requests: facts.mix.map((path) => ({ method: 'GET', path })) });
      const after = memoryOf(mock.pid);
      const row = {
        size,
        plans: health.counts?.plans ?? null,
        requests: health.counts?.requests ?? null,
        startupMs: median(startups),
        startupRunsMs: startups,
        rssReady: atReady.rss,
        rssPeak: Math.max(after.peak, atReady.peak),
        list,
        mix,
      };
      rows.push(row);
      log(`  size ${String(size).padStart(6)}: start-up ${(row.startupMs / 1000).toFixed(2)} s (median of ${startups.map((ms) => (ms / 1000).toFixed(2)).join(', ')}), RSS ${(row.rssReady / 2 ** 20).toFixed(0)} MiB (peak ${(row.rssPeak / 2 ** 20).toFixed(0)}), list p50 ${list.p50} / p99 ${list.p99} ms, mix p50 ${mix.p50} / p99 ${mix.p99} ms${list.non2xx + mix.non2xx ? `, non-2xx ${list.non2xx + mix.non2xx}` : ''}`);
    } finally {
      await mock.stop();
    }
  }
  return rows;
}

