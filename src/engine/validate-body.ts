import type { OpenAPIV3 } from 'openapi-types';
import { FIELD_MESSAGES } from '../domain/errors.ts';
import { booleanField, codePoints, drfInteger } from '../domain/shared/drf-fields.ts';
import { pythonStr, pythonTypeName } from '../domain/shared/drf-input.ts';
import { pythonStrip } from '../common/python-text.ts';
import { isDjangoEmail } from '../common/django-email.ts';
import { formatIso, parseFilterDate } from '../common/dates.ts';
import { decimalLimitsOf, decimalPrecisionError, decimalText, parseDecimal } from '../common/drf-decimal.ts';

type Schema = OpenAPIV3.SchemaObject;
type Errors = Record<string, unknown>;

/** DRF's words for the formats and bounds `domain/errors.ts` does not need elsewhere. */
export const FORMAT_MESSAGES = {
  invalidNumber: 'A valid number is required.',
  minLength: (n: number) => `Ensure this field has at least ${n} characters.`,
  dateTime: 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
  date: 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.',
  uuid: 'Must be a valid UUID.',
  email: 'Enter a valid email address.',
  url: 'Enter a valid URL.',
  pattern: 'This value does not match the required pattern.',
} as const;

/** The fields the mock fills whatever the client sends (DRF's read-only fields). */
export function isReadOnly(name: string, schema: Schema, idField: string): boolean {
  return schema.readOnly === true || name === idField || name === 'created_date' || name === 'modified_date' || name === 'uuid';
}

/**
 * Reads a posted body as a DRF `ModelSerializer` built from `schema` would: every writable field
 * is read and all errors are answered together in DRF's words; read-only and undeclared keys are
 * dropped; `partial` (PATCH) requires nothing. Answers the accepted values, or the error body.
 */
export function validateBody(
  body: unknown,
  schema: Schema,
  options: { partial: boolean; idField: string },
): { values: Record<string, unknown> } | { errors: Errors } {
  if (body === null) return { errors: { non_field_errors: [FIELD_MESSAGES.noData] } };
  if (typeof body !== 'object' || Array.isArray(body)) {
    return { errors: { non_field_errors: [FIELD_MESSAGES.notADict(pythonTypeName(body))] } };
  }
  const data = body as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  let errors: Errors | null = null;
  const { fields, required } = writableFieldsOf(schema, options.idField);
  for (const [name, field] of fields) {
    const value = data[name];
    if (value === undefined) {
      if (required.has(name) && !options.partial) (errors ??= {})[name] = [FIELD_MESSAGES.required];
      continue;
    }
    const read = readValue(value, field);
    if ('error' in read) (errors ??= {})[name] = read.error;
    else values[name] = read.value;
  }
  return errors !== null ? { errors } : { values };
}

/** A schema's writable fields (in its order) and its required names: what every write reads. */
interface WritableFields {
  fields: ReadonlyArray<readonly [string, Schema]>;
  required: ReadonlySet<string>;
}

/** Per schema object and id field: found on a route's first write, not on each (specs are not edited once loaded). */
const writable = new WeakMap<Schema, Map<string, WritableFields>>();

function writableFieldsOf(schema: Schema, idField: string): WritableFields {
  let byId = writable.get(schema);
  if (byId === undefined) writable.set(schema, (byId = new Map()));
  let found = byId.get(idField);
  if (found === undefined) {
    const fields = Object.entries(schema.properties ?? {})
      .map(([name, raw]) => [name, raw as Schema] as const)
      .filter(([name, field]) => !isReadOnly(name, field, idField));
    found = { fields, required: new Set(schema.required ?? []) };
    byId.set(idField, found);
  }
  return found;
}

type Read = { value: unknown } | { error: unknown };
const fail = (message: string): Read => ({ error: [message] });

/** One present value against its schema: converted as DRF's field would, or its messages. */
export function readValue(raw: unknown, schema: Schema): Read {
  const s = effectiveKept(schema);
  if (raw === null) return s.nullable ? { value: null } : fail(FIELD_MESSAGES.null);
  if (s.enum) {
    const hit = s.enum.find((c) => c !== null && String(c) === (typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined));
    return hit !== undefined ? { value: hit } : fail(FIELD_MESSAGES.invalidChoice(pythonStr(raw)));
  }
  switch (s.type) {
    case 'integer': return readInteger(raw, s);
    case 'number': return readNumber(raw, s);
    case 'boolean': return booleanField(raw);
    case 'array': return readArray(raw, s as OpenAPIV3.ArraySchemaObject);
    case 'object': {
      const nested = validateBody(raw, s, { partial: false, idField: '' });
      return 'errors' in nested ? { error: nested.errors } : { value: nested.values };
    }
    case 'string': return readString(raw, s);
    default: return { value: raw };
  }
}

function readInteger(raw: unknown, s: Schema): Read {
  const n = drfInteger(raw);
  if (typeof n === 'string') return fail(n);
  return bounded(n, s) ?? { value: n };
}

function readNumber(raw: unknown, s: Schema): Read {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (typeof raw === 'boolean' || !Number.isFinite(n)) return fail(FORMAT_MESSAGES.invalidNumber);
  return bounded(n, s) ?? { value: n };
}

function bounded(n: number, s: Schema): Read | null {
  if (typeof s.minimum === 'number' && n < s.minimum) return fail(FIELD_MESSAGES.minValue(s.minimum));
  if (typeof s.maximum === 'number' && n > s.maximum) return fail(FIELD_MESSAGES.maxValue(s.maximum));
  // OpenAPI 3.0's exclusive bounds (a flag beside the bound); Django's validators have no words for them.
  if (s.exclusiveMinimum === true && n === s.minimum) return fail(`Ensure this value is greater than ${s.minimum}.`);
  if (s.exclusiveMaximum === true && n === s.maximum) return fail(`Ensure this value is less than ${s.maximum}.`);
  return null;
}

function readArray(raw: unknown, s: OpenAPIV3.ArraySchemaObject): Read {
  const items = s.items as Schema | undefined;
  if (items && isObjectSchema(items)) return readNestedList(raw, s, items);
  if (!Array.isArray(raw)) return fail(FIELD_MESSAGES.notAList(pythonTypeName(raw)));
  if ((s.minItems ?? 0) > 0 && raw.length === 0) return fail(FIELD_MESSAGES.emptyList);
  if (!items) return { value: raw };
  const out: unknown[] = [];
  const errors: Record<string, unknown> = {};
  raw.forEach((item, i) => {
    const read = readValue(item, items);
    if ('error' in read) errors[String(i)] = read.error;
    else out.push(read.value);
  });
  return Object.keys(errors).length > 0 ? { error: errors } : { value: out };
}

/** An array item that is an object: a nested serializer (`many=True`), not a `ListField`. */
function isObjectSchema(items: Schema): boolean {
  const e = effectiveKept(items);
  return e.type === 'object' || (e.type === undefined && e.properties !== undefined);
}

/**
 * DRF's `ListSerializer` (a nested serializer with `many=True`): its own errors under
 * `non_field_errors` (`{"lines": {"non_field_errors": ["Expected a list of items but got type
 * \"str\"."]}}`), and an item's errors as a list with one entry per item, `{}` for each valid one
 * (`{"lines": [{}, {"sku": ["This field is required."]}]}`), where a `ListField` of plain values
 * keys them by index.
 */
function readNestedList(raw: unknown, s: OpenAPIV3.ArraySchemaObject, items: Schema): Read {
  if (!Array.isArray(raw)) return { error: { non_field_errors: [FIELD_MESSAGES.notAList(pythonTypeName(raw))] } };
  if ((s.minItems ?? 0) > 0 && raw.length === 0) return { error: { non_field_errors: [FIELD_MESSAGES.emptyList] } };
  const out: unknown[] = [];
  const errors: unknown[] = [];
  let failed = false;
  for (const item of raw) {
    const read = readValue(item, items);
    if ('error' in read) {
      failed = true;
      errors.push(read.error);
    } else {
      out.push(read.value);
      errors.push({});
    }
  }
  return failed ? { error: errors } : { value: out };
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const URL_RE = /^https?:\/\/[^\s/$.?#].[^\s]*$/i;

function readString(raw: unknown, s: Schema): Read {
  if (s.format === 'decimal') return readDecimal(raw, s);
  if (typeof raw !== 'string' && (typeof raw !== 'number' || s.format === 'date-time' || s.format === 'date')) {
    if (s.format === 'date-time') return fail(FORMAT_MESSAGES.dateTime);
    if (s.format === 'date') return fail(FORMAT_MESSAGES.date);
    return fail(FIELD_MESSAGES.notAString);
  }
  // DRF's `trim_whitespace`: Python's `str.strip()`, whose spaces are not JS's (`pythonStrip`).
  const text = typeof raw === 'string' ? pythonStrip(raw) : pythonStr(raw);
  if (text === '') return (s.minLength ?? 0) >= 1 ? fail(FIELD_MESSAGES.blank) : { value: '' };
  // Python's `len` and JSON Schema both count code points: "😀" is one character, not two.
  const length = typeof s.maxLength === 'number' || typeof s.minLength === 'number' ? codePoints(text) : 0;
  if (typeof s.maxLength === 'number' && length > s.maxLength) return fail(FIELD_MESSAGES.maxLength(s.maxLength));
  if (typeof s.minLength === 'number' && length < s.minLength) return fail(FORMAT_MESSAGES.minLength(s.minLength));
  switch (s.format) {
    case 'date-time': return readDateTime(text);
    case 'date': return DATE.test(text) && parseFilterDate(text) !== null ? { value: text } : fail(FORMAT_MESSAGES.date);
    case 'uuid': return UUID.test(text) ? { value: dashedUuid(text) } : fail(FORMAT_MESSAGES.uuid);
    case 'email': return isDjangoEmail(text) ? { value: text } : fail(FORMAT_MESSAGES.email);
    case 'uri': return URL_RE.test(text) ? { value: text } : fail(FORMAT_MESSAGES.url);
  }
  if (s.pattern && !patternOf(s.pattern).test(text)) return fail(FORMAT_MESSAGES.pattern);
  return { value: text };
}

/**
 * DRF's `DecimalField`: any value read as `str(value).strip()` into a `Decimal`, held to the
 * limits its pattern states (`decimalLimitsOf`: drf-spectacular's `^-?\d{0,8}(?:\.\d{0,2})?$`
 * or the project's `^-?\d+\.\d{2}$`) with DRF's words, then answered with its `decimal_places`
 * (`"5"` → `"5.00"`). A pattern of another shape is checked on that answer, so nothing is stored
 * that the document refuses.
 */
function readDecimal(raw: unknown, s: Schema): Read {
  const text = pythonStrip(typeof raw === 'string' ? raw : pythonStr(raw));
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
  const micros = DATE_TIME.test(text) ? parseFilterDate(text) : null;
  if (micros === null) return fail(FORMAT_MESSAGES.dateTime);
  const ms = Math.floor(micros / 1000);
  return { value: formatIso(new Date(ms), micros - ms * 1000) };
}

/**
 * DRF's `UUIDField` answers `str(uuid)`: lower case and dashed, whatever dashes were sent
 * (`12345678123412341234123456789abc` is `12345678-1234-1234-1234-123456789abc`); kept without
 * them, the value failed the document's own `uuid` format.
 */
function dashedUuid(text: string): string {
  const hex = text.replaceAll('-', '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** DRF's `DecimalField.MAX_STRING_LENGTH`. */
const MAX_DECIMAL_TEXT = 1000;

/** Each pattern compiled once (a schema's patterns are few and fixed once loaded). */
const patterns = new Map<string, RegExp>();

function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (re === undefined) patterns.set(source, (re = new RegExp(source)));
  return re;
}

/** `effective(schema)` made once per field schema for the write path (read only here, never edited). */
const effectives = new WeakMap<Schema, Schema>();

function effectiveKept(schema: Schema): Schema {
  let s = effectives.get(schema);
  if (s === undefined) effectives.set(schema, (s = effective(schema)));
  return s;
}

/** `allOf` merged, the first `oneOf`/`anyOf` branch taken: what a DRF field's schema means. */
export function effective(schema: Schema): Schema {
  if (schema.allOf) {
    const merged: Schema = { ...schema };
    delete merged.allOf;
    for (const raw of schema.allOf as Schema[]) {
      const part = effective(raw);
      const properties = { ...part.properties, ...merged.properties };
      const required = [...new Set([...(part.required ?? []), ...(merged.required ?? [])])];
      Object.assign(merged, { ...part, ...merged }, { properties, required, nullable: merged.nullable || part.nullable });
      if (required.length === 0) delete merged.required;
      if (Object.keys(properties).length === 0) delete merged.properties;
    }
    return merged;
  }
  const branch = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (branch?.[0]) return { ...effective(branch[0]), nullable: schema.nullable || branch.some((b) => b.nullable) };
  return schema;
}
