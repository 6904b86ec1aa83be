import type { OpenAPIV3 } from 'openapi-types';
import type { SeedRandom } from '../seed/seed-random.ts';
import type { Store } from '../store/store.ts';
import { effective } from './validate-body.ts';
import { patternOf } from './string-fields.ts';
import { decimalLimitsOf } from '../common/drf-decimal.ts';
import { formatIso } from '../common/dates.ts';

type Schema = OpenAPIV3.SchemaObject;

/**
 * Integer fields that name a resource the mock holds point at a real object of it. A schema
 * says otherwise with a `default` (`CancellationReason.order` is a display order, default 100)
 * or `x-mock-reference: false`. This is the one table of such names.
 */
export const REFERENCE_FIELDS: Readonly<Record<string, keyof Store>> = {
  order: 'orders', order_id: 'orders', order_item: 'orderItems', order_item_id: 'orderItems',
  reason: 'reasons', reason_id: 'reasons', channel: 'channels', channel_id: 'channels',
  customer: 'customers', customer_id: 'customers', product: 'products', product_id: 'products',
  user: 'users', user_id: 'users', created_by: 'users', last_updated_by: 'users',
  cancellation_plan: 'plans', plan: 'plans', price_list: 'priceLists', stock_list: 'stockLists',
};

/** How deep nested objects are drawn (a circular schema stops here). */
const MAX_DEPTH = 10;

export interface SampleContext {
  random: SeedRandom;
  /** The graph integer references point into (the seeded store). */
  store: Store;
  /** The mock's "now" for dates, as an ISO text. */
  now: string;
}

/**
 * A schema-valid value that looks real for its field name and format, in the Turkish locale of
 * the rest of the seed. Deterministic for a given random stream. An `example` or `default`
 * wins; then an enum; then name and format rules; then the type.
 */
export function sampleValue(schema: Schema, name: string, ctx: SampleContext, depth = 0): unknown {
  const s = effective(schema);
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.enum && s.enum.length > 0) {
    // The vendor lists some string enums as numbers (`status: {type: string, enum: [50, 100]}`).
    const v = ctx.random.pick(s.enum.filter((e) => e !== null));
    return s.type === 'string' ? String(v) : v;
  }
  switch (s.type) {
    case 'integer': return sampleInteger(s, name, ctx);
    case 'number': return inBounds(Math.round(ctx.random.next() * Math.min(s.maximum ?? 1000, 1000) * 100) / 100 + (s.minimum ?? 0), s);
    case 'boolean': return ctx.random.chance(0.5);
    case 'array': {
      if (depth > MAX_DEPTH) return [];
      const items = (s as OpenAPIV3.ArraySchemaObject).items as Schema;
      const n = Math.min(Math.max(s.minItems ?? 0, ctx.random.int(1, 2)), s.maxItems ?? Infinity);
      return Array.from({ length: n }, () => sampleValue(items, singular(name), ctx, depth + 1));
    }
    case 'object': return depth > MAX_DEPTH ? {} : sampleObject(s, ctx, depth + 1);
    case 'string': return sampleString(s, name, ctx);
    default: return s.properties ? sampleObject(s, ctx, depth + 1) : null;
  }
}

/**
 * What a create stores in a writable field it leaves out that has no `default` and is not
 * nullable: the field's blank, as a Django model field without a default holds one — `''` for
 * text, `false`, `0` (or the `minimum`), `[]`, `{}`, a decimal's zero at its places, the first
 * choice of an enum, the create's own time for a date. `undefined` where no blank meets the
 * schema (a pattern, an email or URL format, a `minLength`, a reference that must name an
 * object): the caller samples those, as before. ADR 0013, addendum of the sixteenth session.
 */
export function blankValue(schema: Schema, name: string, now: string): unknown {
  const s = effective(schema);
  const choices = s.enum?.filter((e) => e !== null);
  if (choices && choices.length > 0) return s.type === 'string' ? String(choices[0]) : choices[0];
  switch (s.type) {
    case 'boolean': return false;
    case 'integer':
    case 'number': {
      if (s.type === 'integer' && REFERENCE_FIELDS[name] && s['x-mock-reference' as keyof Schema] !== false) return undefined;
      const zero = Math.max(0, typeof s.minimum === 'number' ? s.minimum : 0);
      // At an exclusive bound no blank fits: drawn instead.
      if ((s.exclusiveMinimum === true && zero === s.minimum) || (s.exclusiveMaximum === true && zero === s.maximum)) return undefined;
      return typeof s.maximum === 'number' && zero > s.maximum ? s.minimum : zero;
    }
    case 'array': return (s.minItems ?? 0) > 0 ? undefined : [];
    case 'object': return (s.required ?? []).length > 0 ? undefined : {};
    case 'string': return blankString(s, now);
    default: return undefined;
  }
}

function blankString(s: Schema, now: string): string | undefined {
  switch (s.format) {
    case 'date-time': return now;
    case 'date': return now.slice(0, 10);
    case 'decimal': {
      // Zero at the field's places (drf-spectacular's pattern or the project's `\d{N}$`), and
      // only where the pattern takes it: otherwise drawn, as a pattern's other strings are.
      const zero = (0).toFixed(decimalLimitsOf(s.pattern).decimalPlaces ?? 0);
      return !s.pattern || patternOf(s.pattern).test(zero) ? zero : undefined;
    }
    case undefined: return s.pattern || (s.minLength ?? 0) > 0 ? undefined : '';
    default: return undefined;
  }
}

/** Every declared property of an object schema, sampled. */
export function sampleObject(schema: Schema, ctx: SampleContext, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const s = effective(schema);
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    out[key] = sampleValue(prop as Schema, key, ctx, depth);
  }
  // A vendor schema may require a field it never describes (`Product.barcode`): a text for it.
  for (const key of s.required ?? []) if (!(key in out)) out[key] = sampleString({ type: 'string' }, key, ctx);
  return out;
}

function sampleInteger(s: Schema, name: string, ctx: SampleContext): number {
  const target = REFERENCE_FIELDS[name];
  if (target && s['x-mock-reference' as keyof Schema] !== false) {
    const map = ctx.store[target] as Map<number, unknown>;
    if (map.size > 0) {
      const keys = [...map.keys()];
      return keys[ctx.random.int(0, Math.min(keys.length, 200) - 1)]!;
    }
  }
  const min = (s.minimum ?? (name === 'pk' || name === 'id' ? 1 : 0)) + (s.exclusiveMinimum === true ? 1 : 0);
  const max = (s.maximum ?? Math.max(min, 1000)) - (s.exclusiveMaximum === true ? 1 : 0);
  return ctx.random.int(min, max);
}

/**
 * A drawn decimal (1.00–999.99) at the places and whole digits its pattern states
 * (drf-spectacular's `max_digits`/`decimal_places`): a draw that already fits is answered as
 * before, two places and all.
 */
function decimalWithin(v: number, s: Schema): string {
  const { decimalPlaces, maxWholeDigits } = decimalLimitsOf(s.pattern);
  const places = decimalPlaces ?? 2;
  const fits = maxWholeDigits === null ? v : v % 10 ** maxWholeDigits;
  // Fewer places cut, not rounded: 99.95 at one place is 99.9, never 100.0 past the whole digits.
  return (places >= 2 ? fits : Math.floor(Math.round(fits * 100) / 10 ** (2 - places)) / 10 ** places).toFixed(places);
}

/**
 * A drawn number moved inside its bounds: the draw adds the minimum to a value up to the maximum,
 * so a field with both could be drawn past its maximum (or, the maximum negative, below its
 * minimum), and one with an exclusive bound at it.
 * A value already inside is kept as drawn (seeded rows do not change).
 */
function inBounds(v: number, s: Schema): number {
  const max = typeof s.maximum === 'number' ? s.maximum : Infinity;
  const min = typeof s.minimum === 'number' ? s.minimum : -Infinity;
  let out = Math.max(min, Math.min(v, max));
  if (s.exclusiveMaximum === true && out === max) out = Math.max(min, max - 0.01);
  if (s.exclusiveMinimum === true && out === min) out = Math.min(max, min + 0.01);
  return out === max && s.exclusiveMaximum === true ? (min + max) / 2 : out;
}

function sampleString(s: Schema, name: string, ctx: SampleContext): string {
  const text = byFormat(s, ctx) ?? byName(name, ctx) ?? ctx.random.faker.lorem.words(ctx.random.int(1, 3));
  return fit(text, s);
}

function byFormat(s: Schema, ctx: SampleContext): string | null {
  const f = ctx.random.faker;
  switch (s.format) {
    case 'date-time': return formatIso(new Date(Date.parse(ctx.now) - ctx.random.int(0, 90 * 86_400) * 1000));
    case 'date': return new Date(Date.parse(ctx.now) - ctx.random.int(0, 365) * 86_400_000).toISOString().slice(0, 10);
    case 'uuid': return ctx.random.uuid();
    case 'email': return f.internet.email().toLowerCase();
    case 'uri': case 'url': return f.internet.url();
    case 'ipv4': return f.internet.ipv4();
    case 'ipv6': return f.internet.ipv6();
    case 'decimal': return decimalWithin(ctx.random.int(100, 99_999) / 100, s);
  }
  if (s.pattern === '^-?\\d+$') return String(ctx.random.int(0, 999));
  if (s.pattern && /\\d\+\\\.\\d\{2\}/.test(s.pattern)) return (ctx.random.int(100, 99_999) / 100).toFixed(2);
  return null;
}

function byName(name: string, ctx: SampleContext): string | null {
  const f = ctx.random.faker;
  if (/first_name/.test(name)) return f.person.firstName();
  if (/last_name/.test(name)) return f.person.lastName();
  if (/(^|_)(full_)?name$/.test(name)) return f.commerce.productName();
  if (/email/.test(name)) return f.internet.email().toLowerCase();
  if (/phone/.test(name)) return f.phone.number();
  if (/city/.test(name)) return f.location.city();
  if (/address|street/.test(name)) return f.location.streetAddress();
  if (/(description|subject|text|note|comment|title)/.test(name)) return f.lorem.sentence();
  if (/(^|_)(code|sku|slug|remote_id|number)$/.test(name)) return f.string.alphanumeric({ length: 8, casing: 'lower' });
  if (/currency/.test(name)) return 'try';
  if (/url/.test(name)) return f.internet.url();
  return null;
}

function fit(text: string, s: Schema): string {
  let out = typeof s.maxLength === 'number' ? text.slice(0, s.maxLength) : text;
  if (typeof s.minLength === 'number' && out.length < s.minLength) out = out.padEnd(s.minLength, 'x');
  return out;
}

function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}
