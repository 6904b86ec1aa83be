import { createClock, type Clock } from './clock.ts';
import { parseFilterDate } from './dates.ts';

/**
 * The mock's clock with an offset QA can move (`PUT /__mock/clock`), so "a plan created
 * yesterday" can be shown without waiting a day. Every write stamps dates from `deps.clock`, and
 * `build-mock.ts` hands out this clock as that, so moving it moves every new stamp.
 *
 * Time keeps running from wherever it is set (an offset, not a freeze): two writes a second
 * apart still look a second apart. The offset is global — one clock per mock, not per session.
 */
export interface ControlClock extends Clock {
  /** Milliseconds added to the underlying clock; 0 is real time. */
  offsetMs(): number;
  /**
   * Sets the time to `ms` (epoch milliseconds) from now on. False, and the clock unchanged, when
   * the result would leave `CLOCK_RANGE`.
   */
  setNow(ms: number): boolean;
  /**
   * Moves the time by `ms` (negative goes back). False, and the clock unchanged, when the result
   * would leave `CLOCK_RANGE`: the bound holds for where the clock ends up, however many moves.
   */
  advance(ms: number): boolean;
  /** Back to the underlying clock. */
  reset(): void;
}

/**
 * Where the clock may be moved to (epoch milliseconds, both ends included). Stamps are written as
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ` and read back by the date filters: a year past 9999 (`+010000-…`)
 * or before 1970 (negative microseconds) would store dates that no filter or sort can read. The
 * upper end leaves a year for the clock to keep running from wherever it was set.
 */
export const CLOCK_RANGE = {
  min: Date.UTC(1970, 0, 1),
  max: Date.UTC(9999, 0, 1),
  text: 'between 1970-01-01T00:00:00Z and 9999-01-01T00:00:00Z',
} as const;

export function createControlClock(base: Clock): ControlClock {
  let offset = 0;
  const clock = createClock(() => base.nowMs() + offset);
  const moveTo = (next: number): boolean => {
    const at = base.nowMs() + next;
    if (!Number.isFinite(at) || at < CLOCK_RANGE.min || at > CLOCK_RANGE.max) return false;
    offset = next;
    return true;
  };
  return {
    now: clock.now,
    nowMs: clock.nowMs,
    offsetMs: () => offset,
    setNow: (ms) => moveTo(ms - base.nowMs()),
    advance: (ms) => moveTo(offset + ms),
    reset: () => void (offset = 0),
  };
}

/** Parses `now`: an ISO 8601 date or date-time (a zone-less time is UTC). Null when it is not one. */
export function parseClockInstant(text: string): number | null {
  const micros = parseFilterDate(text.trim());
  return micros === null ? null : Math.floor(micros / 1000);
}

const DURATION = /^(-)?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
/** A century: far enough for any demo, near enough that dates stay four-digit years. */
const MAX_SHIFT_MS = 100 * 365 * 86_400_000;

/**
 * Parses `advance`: an ISO 8601 duration (`PT24H`, `P1D`, `-P2DT3H`, `PT0.5S`) or a number of
 * seconds (negative goes back). Null when it is neither or moves more than a century.
 */
export function parseClockShift(value: unknown): number | null {
  let ms: number;
  if (typeof value === 'number') ms = value * 1000;
  else if (typeof value === 'string') {
    const m = DURATION.exec(value.trim());
    if (!m || value.trim().replace(/^-/, '') === 'P' || value.trim().endsWith('T')) return null;
    const [, sign, w = '0', d = '0', h = '0', mi = '0', s = '0'] = m;
    ms =
      ((Number(w) * 7 + Number(d)) * 86_400 + Number(h) * 3_600 + Number(mi) * 60 + Number(s)) *
      1000;
    if (sign) ms = -ms;
  } else return null;
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_SHIFT_MS) return null;
  return Math.round(ms);
}
