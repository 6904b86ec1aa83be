import { formatIso } from './dates.ts';
import type { IsoDateTime } from './scalars.ts';

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

/**
 * A clock reading `source()` milliseconds. While the reading stays the same, stamps count up in
 * microseconds, carrying into the next millisecond rather than wrapping; when the reading
 * changes — forward, or back when QA sets the clock to yesterday — stamps follow it.
 */
export function createClock(source: () => number = Date.now): Clock {
  let lastReading = Number.NaN;
  let last = 0; // epoch microseconds of the last stamp
  return {
    nowMs: source,
    now() {
      const reading = source();
      last = reading === lastReading ? last + 1 : reading * 1000;
      lastReading = reading;
      return formatIso(new Date(Math.floor(last / 1000)), last % 1000);
    },
  };
}

/** A clock frozen at `iso`, advanced by hand: for tests. */
export function createFixedClock(iso: string): Clock & { advance(ms: number): void } {
  let ms = Date.parse(iso);
  const clock = createClock(() => ms);
  return { ...clock, advance: (by: number) => void (ms += by) };
}
