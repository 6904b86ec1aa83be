import { formatIso } from '../common/dates.ts';
import { fromCents } from '../common/money.ts';
import type { Decimal, IsoDateTime } from '../store/types.ts';

/**
 * The strings the seed stores by the hundred thousand — dates, amounts, codes — made cheaply and
 * shared where they repeat. At 100,000 plans the graph holds some two million strings, and their
 * cost in time and heap decides whether the mock starts in seconds.
 */

const DAY_MS = 86_400_000;
/**
 * The char codes of `YYYY-MM-DD` per epoch day, indexed by the day (days 0–65,535: 1970–2149);
 * a pure cache (a day always formats the same).
 */
const DAYS_CACHED = 65_536;
const dayCodes = new Array<number[] | undefined>(DAYS_CACHED);
const charCodes = String.fromCharCode;
/** The dates `isoFromMicros` made last, by the low bits of their µs (a pure cache). */
const RECENT = 64;
const recentUs = new Float64Array(RECENT).fill(Number.NaN);
const recentIso = new Array<IsoDateTime>(RECENT).fill('');
const digit = (n: number) => 48 + n;

/**
 * Epoch microseconds → Omnitron's ISO form, keeping all six fractional digits. Byte for byte what
 * `formatIso(new Date(ms), micros)` answers (the calendar day comes from it, once per day; a test
 * compares the two), but the 100,000-plan seed stamps about two million dates: `Date#toISOString`
 * and the rope of slices and concatenations cost ~2 µs and ~150 bytes a date, while one
 * `String.fromCharCode` call writes the 27 characters straight into a flat string.
 */
export function isoFromMicros(us: number): IsoDateTime {
  // A story's dates repeat (an order's modified date is its last plan's or request's, a plan made
  // from a request begins as the request's modified date…), and stamped together they meet here
  // within a few calls: one string serves them all (a tenth fewer date strings in the graph).
  const slot = us & (RECENT - 1);
  if (recentUs[slot] === us) return recentIso[slot]!;
  const ms = Math.floor(us / 1000);
  const day = Math.floor(ms / DAY_MS);
  const cached = day >= 0 && day < DAYS_CACHED;
  let d = cached ? dayCodes[day] : undefined;
  if (d === undefined) {
    d = Array.from(formatIso(new Date(day * DAY_MS)).slice(0, 10), (c) => c.charCodeAt(0));
    if (cached) dayCodes[day] = d;
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  rest -= s * 1000;
  const u = us - ms * 1000;
  const iso = charCodes(
    d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, 84, // YYYY-MM-DD T
    digit(Math.floor(h / 10)), digit(h % 10), 58, digit(Math.floor(m / 10)), digit(m % 10), 58, // HH:MM:
    digit(Math.floor(s / 10)), digit(s % 10), 46, // SS.
    digit(Math.floor(rest / 100)), digit(Math.floor(rest / 10) % 10), digit(rest % 10), // milliseconds
    digit(Math.floor(u / 100)), digit(Math.floor(u / 10) % 10), digit(u % 10), 90, // microseconds Z
  );
  recentUs[slot] = us;
  recentIso[slot] = iso;
  return iso;
}

/**
 * Returns `text` as one flat string. V8 keeps a concatenation as a tree of its parts (a "rope")
 * until something reads it by index; the seed stores hundreds of thousands of such strings, and
 * flattening them once roughly halves what each costs the heap.
 */
export function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/**
 * Amounts from 0 to 2²⁰ − 1 cents are cached, in chunks of 64 made on first use (small chunks:
 * the amounts are sparse, and an empty slot still costs its pointer).
 */
const AMOUNT_CHUNK = 64;
const AMOUNT_CHUNKS = 16_384;
const amounts = new Array<Decimal[] | undefined>(AMOUNT_CHUNKS);

/**
 * `fromCents`, answered from a cache: prices repeat across items (a product sells at a handful of
 * campaign prices), and one shared string per amount saves a string per field. The 100,000-plan
 * seed asks a million times for some 30,000 amounts, all below 2²⁰ cents; arrays indexed by the
 * cents answer several times faster than a `Map` of that size did.
 */
export function money(cents: number): Decimal {
  const hi = Math.floor(cents / AMOUNT_CHUNK);
  if (!(hi >= 0 && hi < AMOUNT_CHUNKS && Number.isInteger(cents))) return fromCents(cents);
  const chunk = (amounts[hi] ??= new Array<Decimal>(AMOUNT_CHUNK));
  const lo = cents - hi * AMOUNT_CHUNK;
  let text = chunk[lo];
  if (text === undefined) chunk[lo] = text = fromCents(cents);
  return text;
}

/**
 * One frozen `{}` / `[]` for the JSON fields the seed leaves empty on hundreds of thousands of
 * records (`attributes`, `extra_field`, `fundstransfertransaction_set`, …). The store's writers
 * replace records rather than edit them (`store.x.set(pk, {...old, ...})`), so sharing is safe;
 * were a writer ever to edit one in place, the freeze makes it throw instead of silently editing
 * every seeded record at once.
 */
export const EMPTY_OBJECT: Record<string, never> = Object.freeze({}) as Record<string, never>;
/** The shared, frozen `[]` (see `EMPTY_OBJECT`). */
export const EMPTY_LIST: never[] = Object.freeze([]) as unknown as never[];
