import { formatIso } from './dates.ts';
import type { IsoDateTime } from '../../store/types.ts';

/**
 * The mock's notion of "now", injected so tests never sleep and QA can move time (issue 10).
 * `now()` answers strictly increasing timestamps: two writes in the same millisecond still
 * order by `modified_date`, as they would in Omnitron's database.
 */
export interface Clock {
  /** The current time as Omnitron would stamp it. */
  now(): IsoDateTime;
  /** The current time in epoch milliseconds (timers, delivery countdowns). */
  nowMs(): number;
}

/** A clock reading `source()` milliseconds, adding a microsecond counter within a millisecond. */
export function createClock(source: () => number = Date.now): Clock {
  let lastMs = -1;
  let micros = 0;
  return {
    nowMs: source,
    now() {
      const ms = source();
      if (ms === lastMs) micros += 1;
      else {
        lastMs = ms;
        micros = 0;
      }
      return formatIso(new Date(ms), micros);
    },
  };
}

/** A clock frozen at `iso`, advanced by hand: for tests. */
export function createFixedClock(iso: string): Clock & { advance(ms: number): void } {
  let ms = Date.parse(iso);
  const clock = createClock(() => ms);
  return { ...clock, advance: (by: number) => void (ms += by) };
}
