import type { Decimal } from './scalars.ts';

/**
 * Money as Omnitron sends it: decimal strings with two places (`"13.49"`). Arithmetic happens on
 * whole minor units (kuruş, cents) so sums never drift the way binary floats do
 * (0.1 + 0.2 !== 0.3); strings are parsed at the edge and formatted back.
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** `"13.49"` → `1349`. Throws on anything that is not a decimal with at most two places. */
export function toCents(value: Decimal): number {
  const m = DECIMAL.exec(value);
  if (!m) throw new Error(`not a decimal amount: ${JSON.stringify(value)}`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -cents : cents;
}

/** `1349` → `"13.49"`. */
export function fromCents(cents: number): Decimal {
  if (!Number.isSafeInteger(cents)) throw new Error(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Sums decimal strings exactly. */
export function sumDecimals(values: Iterable<Decimal>): Decimal {
  let total = 0;
  for (const v of values) total += toCents(v);
  return fromCents(total);
}
