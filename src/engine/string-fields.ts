import type { OpenAPIV3 } from 'openapi-types';
import { FIELD_MESSAGES } from '../domain/errors.ts';
import { codePoints } from '../domain/shared/drf-fields.ts';
import { pythonStr } from '../domain/shared/drf-input.ts';
import { pythonStrip } from '../common/python-text.ts';
import { isDjangoEmail } from '../common/django-email.ts';
import { formatIso, parseFilterDate } from '../common/dates.ts';
import { sentAsFloat, type FloatShadow } from './json-floats.ts';
import { pythonFloatRepr } from '../common/python-float.ts';
import { decimalLimitsOf, decimalPrecisionError, decimalText, parseDecimal } from '../common/drf-decimal.ts';

/*
 * The engine's readers of one scalar value as DRF's fields read it (`CharField`, `DecimalField`,
 * `DateTimeField`, `DateField`, `UUIDField`, `EmailField`, `URLField`) and its numeric bounds;
 * `validate-body.ts` walks a body's fields and calls them.
 */
type Schema = OpenAPIV3.SchemaObject;

/** A value read: converted as the field would convert it, or its messages. */
export type Read = { value: unknown } | { error: unknown };

export const fail = (message: string): Read => ({ error: [message] });

/** DRF's words for the formats and bounds `domain/errors.ts` does not need elsewhere. */
export const FORMAT_MESSAGES = {
  invalidNumber: 'A valid number is required.',
  minLength: (n: number) => `Ensure this field has at least ${n} characters.`,
  dateTime: 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
  dateTimeOverflow: 'Datetime value out of range.',
  maxItems: (n: number) => `Ensure this field has no more than ${n} elements.`,
  minItems: (n: number) => `Ensure this field has at least ${n} elements.`,
  date: 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.',
  uuid: 'Must be a valid UUID.',
  email: 'Enter a valid email address.',
  url: 'Enter a valid URL.',
  pattern: 'This value does not match the required pattern.',
} as const;

/** A number held to its schema's bounds: null when inside them. */
export function bounded(n: number, s: Schema): Read | null {
  if (typeof s.minimum === 'number' && n < s.minimum) return fail(FIELD_MESSAGES.minValue(s.minimum));
  if (typeof s.maximum === 'number' && n > s.maximum) return fail(FIELD_MESSAGES.maxValue(s.maximum));
  // OpenAPI 3.0's exclusive bounds (a flag beside the bound); Django's validators have no words for them.
  if (s.exclusiveMinimum === true && n === s.minimum) return fail(`Ensure this value is greater than ${s.minimum}.`);
  if (s.exclusiveMaximum === true && n === s.maximum) return fail(`Ensure this value is less than ${s.maximum}.`);
  return null;
}

/**
 * Python's `\s` in a `str` pattern (the characters `str.isspace()` takes, Python 3.11): JS's `\s`
 * also takes U+FEFF and not U+001C–U+001F, U+0085.
 */
const PY_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';

/**
 * Django's `datetime_re` (`django.utils.dateparse`), which `parse_datetime` falls back on and DRF's
 * `DateTimeField` reads ISO 8601 with: one- or two-digit fields, a fraction after `.` or `,` of
 * which the first six digits count (`.1234567` is `.123456`), Python's spaces before the zone, a zone
 * `Z`, `±HH`, `±HHMM` or `±HH:MM`, and one final `\n` (Python's `$` matches before it). Nothing
 * else before or after: the field is no `CharField`, its text is not stripped.
 */
const DATE_TIME = new RegExp(
  `^(\\d{4})-(\\d{1,2})-(\\d{1,2})[T ](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:[.,](\\d{1,6})\\d{0,6})?)?${PY_SPACE}*(Z|[+-]\\d{2}(?::?\\d{2})?)?\\n?$`,
);

/** A date-time `DATE_TIME` reads, written as `parseFilterDate` reads it (which then checks the values); null for none. */
function djangoDateTime(text: string): string | null {
  const m = DATE_TIME.exec(text);
  if (m === null) return null;
  const [, y, mo, d, h, mi, sec = '0', frac = '', zone = 'Z'] = m;
  const two = (v: string) => v.padStart(2, '0');
  const offset = zone === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return `${y}-${two(mo!)}-${two(d!)}T${two(h!)}:${two(mi!)}:${two(sec)}${frac === '' ? '' : `.${frac}`}${offset}`;
}
/**
 * Django's `date_re`, which `parse_date` falls back on (DRF's `DateField`): one- or two-digit month
 * and day (`2025-1-5` is `2025-01-05`), and one final `\n` (Python's `$`).
 */
const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})\n?$/;

/** A date `DATE` reads, as the mock writes dates (`YYYY-MM-DD`), if it is a real one; else null. */
function djangoDate(text: string): string | null {
  const m = DATE.exec(text);
  if (m === null) return null;
  // Python's dates start at year 1: `date(0, 1, 1)` is a ValueError, "Date has wrong format.".
  if (m[1] === '0000') return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return parseFilterDate(iso) !== null ? iso : null;
}
const HEX_32 = /^[0-9a-f]{32}$/;

/**
 * The 32 hex digits DRF's `UUIDField` reads as `uuid.UUID(hex=text)` does: every `urn:` and
 * `uuid:` dropped, braces stripped from both ends, every dash dropped (`{…}`, `urn:uuid:…`, no
 * dashes or dashes anywhere), lower case; null for anything else. (Python's `int(…, 16)` would
 * also take underscores, a sign or `0x` within the 32 characters: not read here.)
 */
function uuidHex(text: string): string | null {
  const hex = text.replaceAll('urn:', '').replaceAll('uuid:', '').replace(/^[{}]+|[{}]+$/g, '').replaceAll('-', '').toLowerCase();
  return HEX_32.test(hex) ? hex : null;
}
const URL_RE = /^https?:\/\/[^\s/$.?#].[^\s]*$/i;

/**
 * Python's `str()` of a number as the body wrote it: Python's json reads `5` as an `int` and `5.0`
 * or `5e0` as a `float`, and `str(5.0)` is `"5.0"` — what DRF's `CharField`, `ChoiceField` and
 * `DecimalField` read. JSON.parse answers `5` for both, so a whole number asks the body's float
 * shadow how it was written (json-floats.ts); any other number is a float to both languages.
 */
export function numberText(n: number, floats?: FloatShadow): string {
  return Number.isInteger(n) && sentAsFloat(floats) ? pythonFloatRepr(n) : pythonStr(n);
}

export function readString(raw: unknown, s: Schema, floats?: FloatShadow): Read {
  if (s.format === 'decimal') return readDecimal(raw, s, floats);
  if (s.format === 'uuid' && (typeof raw === 'number' || typeof raw === 'boolean')) {
    // `5.0` and `1e3` are Python floats, no `int`: DRF's `UUIDField` refuses them (json-floats.ts).
    return sentAsFloat(floats) ? fail(FORMAT_MESSAGES.uuid) : uuidOfInt(raw);
  }
  if (typeof raw !== 'string' && (typeof raw !== 'number' || s.format === 'date-time' || s.format === 'date')) {
    if (s.format === 'date-time') return fail(FORMAT_MESSAGES.dateTime);
    if (s.format === 'date') return fail(FORMAT_MESSAGES.date);
    // DRF's `UUIDField` is no `CharField`: a dict or a list is no valid UUID to it.
    if (s.format === 'uuid') return fail(FORMAT_MESSAGES.uuid);
    return fail(FIELD_MESSAGES.notAString);
  }
  // A `DateTimeField`, `DateField` or `UUIDField` is no `CharField`: it reads the text as sent
  // (`" 2025-01-05"` and `""` are no date to it), where it would have nothing to trim.
  if (typeof raw === 'string' && UNSTRIPPED.has(s.format ?? '')) return readUnstripped(raw, s.format!);
  // DRF's `trim_whitespace`: Python's `str.strip()`, whose spaces are not JS's (`pythonStrip`).
  const text = typeof raw === 'string' ? pythonStrip(raw) : numberText(raw as number, floats);
  if (text === '') return (s.minLength ?? 0) >= 1 ? fail(FIELD_MESSAGES.blank) : { value: '' };
  // Python's `len` and JSON Schema both count code points: "😀" is one character, not two.
  const length = typeof s.maxLength === 'number' || typeof s.minLength === 'number' ? codePoints(text) : 0;
  if (typeof s.maxLength === 'number' && length > s.maxLength) return fail(FIELD_MESSAGES.maxLength(s.maxLength));
  if (typeof s.minLength === 'number' && length < s.minLength) return fail(FORMAT_MESSAGES.minLength(s.minLength));
  switch (s.format) {
    case 'uuid': return fail(FORMAT_MESSAGES.uuid);
    case 'email': return isDjangoEmail(text) ? { value: text } : fail(FORMAT_MESSAGES.email);
    case 'uri': return URL_RE.test(text) ? { value: text } : fail(FORMAT_MESSAGES.url);
  }
  if (s.pattern && !patternOf(s.pattern).test(text)) return fail(FORMAT_MESSAGES.pattern);
  return { value: text };
}

/** The formats whose DRF fields are no `CharField` (no `trim_whitespace`, no blank). */
const UNSTRIPPED: ReadonlySet<string> = new Set(['date-time', 'date', 'uuid']);

function readUnstripped(text: string, format: string): Read {
  switch (format) {
    case 'date-time': return readDateTime(text);
    case 'date': {
      const iso = djangoDate(text);
      return iso !== null ? { value: iso } : fail(FORMAT_MESSAGES.date);
    }
    default: {
      const hex = uuidHex(text);
      return hex !== null ? { value: dashedUuid(hex) } : fail(FORMAT_MESSAGES.uuid);
    }
  }
}

/**
 * DRF's `DecimalField`: any value read as `str(value).strip()` into a `Decimal`, held to the
 * limits its pattern states (`decimalLimitsOf`: drf-spectacular's `^-?\d{0,8}(?:\.\d{0,2})?$`
 * or the project's `^-?\d+\.\d{2}$`) with DRF's words, then answered with its `decimal_places`
 * (`"5"` → `"5.00"`). A pattern of another shape is checked on that answer, so nothing is stored
 * that the document refuses.
 */
function readDecimal(raw: unknown, s: Schema, floats?: FloatShadow): Read {
  const text = pythonStrip(typeof raw === 'string' ? raw : typeof raw === 'number' ? numberText(raw, floats) : pythonStr(raw));
  if (text.length > MAX_DECIMAL_TEXT) return fail(FIELD_MESSAGES.maxStringLength);
  const value = parseDecimal(text);
  if (value === null) return fail(FORMAT_MESSAGES.invalidNumber);
  const limits = decimalLimitsOf(s.pattern);
  const precision = decimalPrecisionError(value, limits);
  if (precision !== null) return fail(precision);
  const answer = decimalText(value, limits.decimalPlaces);
  const bound = bounded(Number(answer), s);
  if (bound !== null) return bound;
  if (s.pattern && !patternOf(s.pattern).test(answer)) return fail(FORMAT_MESSAGES.pattern);
  return { value: answer };
}

/**
 * DRF's `DateTimeField` under `USE_TZ`: a real date and time (`2025-02-30T00:00:00Z` is none,
 * though `Date.parse` rolls it over to March), moved to UTC and answered as every date of the
 * mock is (DOMAIN.md §1): `2025-01-01T12:00:00+03:00` and `2025-01-01 09:00` are both
 * `2025-01-01T09:00:00.000000Z`. Stored as sent, a space or an offset failed the document's own
 * `date-time` format (a `--strict` list holding it answered 500) and ordered as text.
 */
function readDateTime(text: string): Read {
  // Year 0 is no date to Python (a ValueError, DRF's format message), whatever its offset.
  const iso = text.startsWith('0000') ? null : djangoDateTime(text);
  const micros = iso === null ? null : parseFilterDate(iso);
  if (micros === null) return fail(FORMAT_MESSAGES.dateTime);
  const ms = Math.floor(micros / 1000);
  const date = new Date(ms);
  // Moved to UTC past Python's years 1–9999: Django's `enforce_timezone` catches the OverflowError.
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) return fail(FORMAT_MESSAGES.dateTimeOverflow);
  return { value: formatIso(date, micros - ms * 1000) };
}

/**
 * DRF's `UUIDField` given a JSON integer: `uuid.UUID(int=data)` (`5` is
 * `00000000-0000-0000-0000-000000000005`; a bool is an `int` to Python, `true` is `…0001`). Read
 * exactly only up to 2^53 − 1: a larger integer has lost digits in JSON.parse, and is refused
 * rather than answered as another uuid. A negative or fractional number is no uuid to it either.
 */
function uuidOfInt(raw: number | boolean): Read {
  const n = typeof raw === 'boolean' ? Number(raw) : raw;
  if (!Number.isSafeInteger(n) || n < 0) return fail(FORMAT_MESSAGES.uuid);
  return { value: dashedUuid(n.toString(16).padStart(32, '0')) };
}

/**
 * DRF's `UUIDField` answers `str(uuid)`: lower case and dashed, whatever dashes were sent
 * (`12345678123412341234123456789abc` is `12345678-1234-1234-1234-123456789abc`); kept without
 * them, the value failed the document's own `uuid` format.
 */
function dashedUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** DRF's `DecimalField.MAX_STRING_LENGTH`. */
const MAX_DECIMAL_TEXT = 1000;

/** Each pattern compiled once (a schema's patterns are few and fixed once loaded). */
const patterns = new Map<string, RegExp>();

export function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (re === undefined) patterns.set(source, (re = new RegExp(source)));
  return re;
}
