/**
 * Where retry countdowns wait. Delivery asks the scheduler, never `setTimeout`, so tests hand in
 * a manual one and move it by hand: a five-second countdown costs a test nothing, and "exactly
 * one retry after 7 s" is checked to the millisecond (STYLE.md: no sleeps, inject the clock).
 */
export interface Scheduler {
  /** Runs `task` once, `delayMs` from now; answers the function that cancels it. */
  schedule(delayMs: number, task: () => void): () => void;
}

/** Node's largest timer delay (~24.8 days): longer waits are re-armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Real time. Timers are unref'd: a pending retry never keeps a process alive by itself. */
export const realScheduler: Scheduler = {
  schedule(delayMs, task) {
    let timer: NodeJS.Timeout;
    const arm = (left: number) => {
      timer = setTimeout(
        () => (left > MAX_TIMER_MS ? arm(left - MAX_TIMER_MS) : task()),
        Math.min(Math.max(0, left), MAX_TIMER_MS),
      );
      timer.unref();
    };
    arm(delayMs);
    return () => clearTimeout(timer);
  },
};

/** A scheduler that only moves when told: `advance(ms)` runs what falls due, in time order. */
export interface ManualScheduler extends Scheduler {
  /** Moves time forward, running each task that falls due (tasks it schedules included). */
  advance(ms: number): void;
  /** Milliseconds since creation. */
  now(): number;
  /** How many tasks wait. */
  pending(): number;
  /** The delay until the next task, or null when none waits. */
  nextDelay(): number | null;
}

export function createManualScheduler(): ManualScheduler {
  let now = 0;
  let seq = 0;
  const tasks = new Map<number, { at: number; seq: number; run: () => void }>();
  const next = () => [...tasks.entries()].sort(([, a], [, b]) => a.at - b.at || a.seq - b.seq)[0];
  return {
    schedule(delayMs, run) {
      const id = ++seq;
      tasks.set(id, { at: now + Math.max(0, delayMs), seq: id, run });
      return () => void tasks.delete(id);
    },
    advance(ms) {
      const until = now + ms;
      for (let due = next(); due && due[1].at <= until; due = next()) {
        tasks.delete(due[0]);
        now = due[1].at;
        due[1].run();
      }
      now = until;
    },
    now: () => now,
    pending: () => tasks.size,
    nextDelay() {
      const n = next();
      return n ? n[1].at - now : null;
    },
  };
}
