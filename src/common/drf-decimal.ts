import { pythonStrip } from './python-text.ts';

/**
 * DRF's `DecimalField` for documents the mock did not write: a decimal is a string on the wire
 * (`"13.49"`), so its limits reach a document only as drf-spectacular writes them, in the
 * pattern: `^-?\d{0,8}(?:\.\d{0,2})?$` for `max_digits=10, decimal_places=2`. The project's
 * own documents write `^-?\d+\.\d{2}$` (two places, no bound on the digits).
 */
export interface DecimalLimits {
  maxDigits: number | null;
  decimalPlaces: number | null;
  maxWholeDigits: number | null;
}

const SPECTACULAR = /^\^-\?\\d\{0,(\d+)\}\(\?:\\\.\\d\{0,(\d+)\}\)\?\$$/;
const FIXED_PLACES = /\\d\{(\d+)\}\$$/;

/** The limits a decimal field's pattern states (none that it does not). */
export function decimalLimitsOf(pattern: string | undefined): DecimalLimits {
  const spectacular = pattern ? SPECTACULAR.exec(pattern) : null;
  if (spectacular) {
    const whole = Number(spectacular[1]);
    const places = Number(spectacular[2]);
    return { maxDigits: whole + places, decimalPlaces: places, maxWholeDigits: whole };
  }
  const fixed = pattern ? FIXED_PLACES.exec(pattern) : null;
  return { maxDigits: null, decimalPlaces: fixed ? Number(fixed[1]) : null, maxWholeDigits: null };
}

/** A decimal as Python's `Decimal` holds it: sign, coefficient digits (no leading zeros) and exponent. */
export interface DecimalValue {
  negative: boolean;
  digits: string;
  exponent: number;
}

/** What `decimal.Decimal(text)` accepts, bar NaN and the infinities (DRF refuses those). */
const DECIMAL_TEXT = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;

/** DRF's `MAX_STRING_LENGTH` for a decimal's text. */
const MAX_TEXT = 1000;

/**
 * `Decimal(str(value).strip())`, or null where DRF answers "A valid number is required.".
 * Python's `Decimal` drops every underscore once the text is stripped (`Decimal('1_000')` is
 * 1000, `Decimal('_1_')` 1: CPython's `numeric_as_ascii`), so they are dropped here too.
 */
export function parseDecimal(text: string): DecimalValue | null {
  const stripped = pythonStrip(text);
  if (stripped.length > MAX_TEXT) return null;
  const t = stripped.includes('_') ? stripped.replaceAll('_', '') : stripped;
  const m = DECIMAL_TEXT.exec(t);
  if (!m) return null;
  const whole = m[2] ?? '';
  const fraction = m[3] ?? m[4] ?? '';
  const exponent = Number(m[5] ?? 0) - fraction.length;
  if (!Number.isSafeInteger(exponent)) return null;
  const digits = `${whole}${fraction}`.replace(/^0+/, '') || '0';
  return { negative: m[1] === '-', digits, exponent };
}

/** DRF's words for a decimal outside its field's limits. */
export const DECIMAL_MESSAGES = {
  maxDigits: (n: number) => `Ensure that there are no more than ${n} digits in total.`,
  maxDecimalPlaces: (n: number) => `Ensure that there are no more than ${n} decimal places.`,
  maxWholeDigits: (n: number) => `Ensure that there are no more than ${n} digits before the decimal point.`,
} as const;

/** `DecimalField.validate_precision`: the first limit the value breaks, in DRF's order, or null. */
export function decimalPrecisionError(value: DecimalValue, limits: DecimalLimits): string | null {
  const n = value.digits.length;
  let total: number;
  let whole: number;
  let places: number;
  if (value.exponent >= 0) {
    total = n + value.exponent;
    whole = total;
    places = 0;
  } else if (n > -value.exponent) {
    total = n;
    whole = n + value.exponent;
    places = -value.exponent;
  } else {
    total = -value.exponent;
    whole = 0;
    places = total;
  }
  if (limits.maxDigits !== null && total > limits.maxDigits) return DECIMAL_MESSAGES.maxDigits(limits.maxDigits);
  if (limits.decimalPlaces !== null && places > limits.decimalPlaces) return DECIMAL_MESSAGES.maxDecimalPlaces(limits.decimalPlaces);
  if (limits.maxWholeDigits !== null && whole > limits.maxWholeDigits) return DECIMAL_MESSAGES.maxWholeDigits(limits.maxWholeDigits);
  return null;
}

/**
 * The text DRF answers for a value within its limits: `'{:f}'.format(value.quantize(…))`, so
 * `"5"` is `"5.00"` with two places; with no places known, the value's own plain digits.
 */
export function decimalText(value: DecimalValue, places: number | null): string {
  const own = Math.max(0, -value.exponent);
  const target = places ?? own;
  // The coefficient scaled to `target` places (validated values never lose a digit here).
  let scaled = value.digits === '0' ? '0' : value.digits + '0'.repeat(Math.max(0, value.exponent));
  if (target > own) scaled += '0'.repeat(target - own);
  else if (target < own) scaled = scaled.slice(0, scaled.length - (own - target)) || '0';
  const padded = scaled.padStart(target + 1, '0');
  const body = target === 0 ? padded : `${padded.slice(0, -target)}.${padded.slice(-target)}`;
  return value.negative ? `-${body}` : body;
}

/**
 * Two decimal texts compared by value (as the database orders a decimal column), exactly, where
 * a comparison of the texts puts `"100.00"` before `"36.40"`; a text that is no decimal sorts
 * after every decimal.
 */
export function compareDecimalText(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
  return compareDecimals(x, y);
}

/** Two parsed decimals compared by value. */
export function compareDecimals(x: DecimalValue, y: DecimalValue): number {
  const zx = x.digits === '0';
  const zy = y.digits === '0';
  const sx = zx ? 0 : x.negative ? -1 : 1;
  const sy = zy ? 0 : y.negative ? -1 : 1;
  if (sx !== sy) return sx < sy ? -1 : 1;
  if (sx === 0) return 0;
  const magnitude = compareMagnitudes(x, y);
  return sx < 0 ? -magnitude : magnitude;
}

function compareMagnitudes(x: DecimalValue, y: DecimalValue): number {
  // The place of the leading digit decides first; then the digits, aligned.
  const lx = x.digits.length + x.exponent;
  const ly = y.digits.length + y.exponent;
  if (lx !== ly) return lx < ly ? -1 : 1;
  const width = Math.max(x.digits.length, y.digits.length);
  const dx = x.digits.padEnd(width, '0');
  const dy = y.digits.padEnd(width, '0');
  return dx === dy ? 0 : dx < dy ? -1 : 1;
}
