// What the block benches (seed-blocks, first-list-blocks, first-write-blocks) watch while a piece
// of work runs in their own process: every gap between two turns of the event loop, on the wall
// clock and in the main thread's own running time (Linux schedstat, which leaves out the waits
// for a core on a machine shared with other work); optionally `/__mock/health` asked every 10 ms
// (what counts is the longest stretch without an answer: a block delays the asking too); and
// the garbage collections, so a long gap can be told to be the collector's.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';

/** The main thread's running time so far, in ms. */
export const ranMs = (): number => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;

/** The load average, printed beside every figure. */
export const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' / ');

/** One gap between two turns: when it began (performance clock), wall ms, running ms. */
export interface Gap {
  at: number;
  ms: number;
  ran: number;
}

/** A collection: start and end on the performance clock, and its kind (`constants.NODE_PERFORMANCE_GC_*`). */
export interface Collection {
  start: number;
  end: number;
  kind: number;
}

/** Every collection from now on (one observer for the process). */
export const collections: Collection[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    collections.push({ start: e.startTime, end: e.startTime + e.duration, kind: (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0 });
  }
}).observe({ entryTypes: ['gc'] });

/** The collections that overlap `gap`. */
export const collectionsIn = (gap: Gap): Collection[] => collections.filter((c) => c.end > gap.at && c.start < gap.at + gap.ms);

export interface Watch {
  readonly gaps: Gap[];
  /** Health answers so far, and the longest stretch without one (ms). */
  readonly health: { answers: number; slowest: number };
  /** Starts the counts afresh (the work begins now). */
  restart(): void;
  /** Stops watching; `gaps` and `health` keep what was seen. */
  stop(): void;
}

/** Watches the loop (and health, when `app` is given) until `stop()`. */
export function watchLoop(app?: { request(path: string): Response | Promise<Response> }): Watch {
  const gaps: Gap[] = [];
  const health = { answers: 0, slowest: 0 };
  let done = false;
  let last = performance.now();
  let lastRan = ranMs();
  let lastAnswer = last;
  const turn = () => {
    const now = performance.now();
    const ran = ranMs();
    gaps.push({ at: last, ms: now - last, ran: ran - lastRan });
    last = now;
    lastRan = ran;
    if (!done) setImmediate(turn);
  };
  setImmediate(turn);
  const asking = app
    ? setInterval(() => {
        void Promise.resolve(app.request('/__mock/health')).then((r) => {
          if (r.status !== 200) return;
          const now = performance.now();
          health.answers += 1;
          health.slowest = Math.max(health.slowest, now - lastAnswer);
          lastAnswer = now;
        });
      }, 10)
    : null;
  return {
    gaps,
    health,
    restart() {
      gaps.length = 0;
      health.answers = 0;
      health.slowest = 0;
      lastAnswer = performance.now();
    },
    stop() {
      done = true;
      if (asking) clearInterval(asking);
    },
  };
}
