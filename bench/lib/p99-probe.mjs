// Loaded into a mock with `node --import <this file>` by bench/p99-split.mjs: records the
// server's own collector pauses (perf_hooks 'gc' entries) and event-loop stalls (a 5 ms timer
// that fires late), each with its wall-clock start (performance.timeOrigin + startTime, the same
// clock the client uses), and appends them as NDJSON to $P99_PROBE_OUT about once a second.
// Nothing here changes an answer; it is bench-only.
import { appendFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';

const out = process.env.P99_PROBE_OUT;
if (out) {
  const KINDS = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb', 16: 'minor' };
  const lines = [];
  const origin = performance.timeOrigin;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) lines.push(JSON.stringify({ t: 'gc', at: origin + e.startTime, ms: e.duration, kind: KINDS[e.detail?.kind] ?? String(e.detail?.kind), flags: e.detail?.flags ?? 0 }));
  }).observe({ entryTypes: ['gc'] });
  const EVERY = 5;
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let flushedAt = last;
  const tick = () => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    const late = now - last - EVERY;
    // cpu: ms this process (every thread) ran between the two ticks; far under the wall time, the
    // process was waiting for a core (the box's load), not working
    if (late > 2) lines.push(JSON.stringify({ t: 'lag', at: origin + last + EVERY, ms: late, cpu: (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000, wall: now - last }));
    last = now;
    lastCpu = cpu;
    if (now - flushedAt > 1000 && lines.length) {
      appendFileSync(out, `${lines.join('\n')}\n`);
      lines.length = 0;
      flushedAt = now;
    }
  };
  setInterval(tick, EVERY).unref();
  process.on('exit', () => lines.length && appendFileSync(out, `${lines.join('\n')}\n`));
}
