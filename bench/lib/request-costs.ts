// What a request costs beyond its CPU time, for front-door-inprocess.ts: the collector's pauses and
// collections, counted as they happen, and (ALLOC=1) the bytes it allocates, by function.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { get, type Listener } from './in-process-get.ts';

// The collector's pauses, summed, so each side's share of them is printed beside its CPU.
// And how many of each kind: the counts do not depend on the box's load (a major one, a
// mark-compact, walks the whole old generation; twelfth session, detail-hot).
export const collector = { ms: 0, minor: 0, major: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    collector.ms += e.duration;
    const kind = ((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) collector.major += 1;
    else if (kind === constants.NODE_PERFORMANCE_GC_MINOR) collector.minor += 1;
  }
}).observe({ entryTypes: ['gc'] });
/**
 * ALLOC=1: bytes allocated per request by each function (V8's sampling heap profiler, one sample
 * per 64 bytes), for the first root alone — what feeds the collector, independent of the load.
 */
export async function allocations(listener: Listener, paths: string[]): Promise<void> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  // KEPT=1: only what outlives a young-generation collection (promoted to the old generation,
  // where it costs a full mark to free): what a request leaves behind for later requests to pay.
  const kept = Boolean(process.env.KEPT);
  await session.post('HeapProfiler.startSampling', { samplingInterval: 64, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !kept });
  const n = 5000;
  for (let i = 0; i < n; i++) await get(listener, paths[(i * 7) % paths.length]!);
  const { profile } = await session.post('HeapProfiler.stopSampling') as { profile: { head: AllocNode } };
  const by = new Map<string, number>();
  const walk = (node: AllocNode) => {
    const f = node.callFrame;
    const self = node.selfSize;
    if (self > 0) { const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules|src|bench)\//, '$1/')}:${f.lineNumber + 1}:${f.columnNumber + 1}`; by.set(key, (by.get(key) ?? 0) + self); }
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  console.log(`${kept ? 'kept past a young collection' : 'allocated'} ≈ ${(total / n).toFixed(0)} bytes a request; by function:`);
  for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.ALLOC_TOP ?? 30))) console.log(`  ${(v / n).toFixed(0).padStart(6)} B  ${k}`);
}
type AllocNode = { callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; selfSize: number; children: AllocNode[] };

