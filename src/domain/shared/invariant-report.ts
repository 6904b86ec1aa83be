import { toCents } from '../../common/money.ts';

/** What Omnitron serializes: an optional minus, digits, a point and exactly two decimals. */
const TWO_PLACES = /^(-?)(\d+)\.(\d{2})$/;

/**
 * The violation list `checkInvariants` fills, with the small helpers its rule files share. A
 * message names the object and both sides of the broken rule (`order 12: refund_amount 10.00 ≠
 * Σ completed plans 12.00`), because it is read after a random sequence of writes, by someone who
 * must find the write that broke it.
 */
export class InvariantReport {
  readonly violations: string[] = [];

  add(message: string): void {
    this.violations.push(message);
  }

  /**
   * Cents of a stored decimal, or null (reported) when it is not a two-place decimal string:
   * a malformed amount is itself a violation, and must not stop the rest of the check.
   */
  cents(subject: string, field: string, value: unknown): number | null {
    if (typeof value !== 'string') {
      this.add(`${subject}: ${field} ${JSON.stringify(value)} is not a decimal string`);
      return null;
    }
    const m = TWO_PLACES.exec(value);
    if (m) return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
    try {
      const cents = toCents(value);
      this.add(`${subject}: ${field} "${value}" does not have two decimal places`);
      return cents;
    } catch {
      this.add(`${subject}: ${field} "${value}" is not a decimal`);
      return null;
    }
  }
}

/** `1234` → `"12.34"` for messages (negative sums must print too). */
export function showCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
