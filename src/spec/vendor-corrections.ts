import type { OpenAPIV3 } from 'openapi-types';
import { ORDER_STATUS_NAMES } from '../domain/shared/order-statuses.ts';
import { ORDER_STATUS_CODES } from '../store/types.ts';

/**
 * The project's corrections of the vendor's wording (specs/CORRECTIONS.md), as one pass that any
 * document the resource engine serves goes through at load time, so a fragment dropped in as
 * the vendor publishes it is served as Omnitron really answers (specs/CORRECTIONS.md#any-document):
 * - money and rates (`type: number`, `format: decimal|float`) are decimal strings with two places;
 * - the currency enum's `tr` and `eu` are `try` and `eur`;
 * - codes listed as numbers under `type: string` (order statuses) are strings;
 * - the order status *names* (the vendor's `OrderStatus`) are the codes payloads carry;
 * - `nullable: true` beside a `$ref` is honoured (the dereferencer merges it into a copy of the
 *   target); where that target is composed (`allOf`/`oneOf`/`anyOf`, whose branches refuse
 *   null) the schema becomes `anyOf: [itself, NullValue]`, as the served documents write it.
 * A schema the pass has seen is not walked again (dereferenced documents share objects).
 */
export function correctVendorSchemas(operation: OpenAPIV3.OperationObject, seen: WeakSet<object>): void {
  const media = [
    ...Object.values((operation.requestBody as OpenAPIV3.RequestBodyObject | undefined)?.content ?? {}),
    ...Object.values(operation.responses ?? {}).flatMap((r) => Object.values((r as OpenAPIV3.ResponseObject).content ?? {})),
  ];
  for (const m of media) if (m.schema) correct(m.schema as OpenAPIV3.SchemaObject, seen);
}

const DECIMAL_PATTERN = '^-?\\d+\\.\\d{2}$';

/** The served `NullValue` (specs/components/omnitron.yaml): OpenAPI 3.0 has no `type: null`. */
const NULL_VALUE = { type: 'string', nullable: true, enum: [null] } as OpenAPIV3.SchemaObject;

const NAME_SET = new Set<unknown>(ORDER_STATUS_NAMES);
const CODE_BY_NAME = new Map<unknown, string>(ORDER_STATUS_NAMES.map((name, i) => [name, ORDER_STATUS_CODES[i]!]));

function correct(schema: OpenAPIV3.SchemaObject, seen: WeakSet<object>): void {
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return;
  seen.add(schema);
  const s = schema as OpenAPIV3.SchemaObject & Record<string, unknown>;
  if (s.type === 'number' && (s.format === 'decimal' || s.format === 'float')) {
    const bounds = [s.minimum !== undefined && `minimum ${s.minimum}`, s.maximum !== undefined && `maximum ${s.maximum}`].filter(Boolean);
    Object.assign(s, { type: 'string', format: 'decimal', pattern: DECIMAL_PATTERN, 'x-correction': 'a decimal string; see specs/CORRECTIONS.md#decimal-strings' });
    if (bounds.length > 0) s.description = `${s.description ?? ''} (vendor bounds: ${bounds.join(', ')})`.trim();
    delete s.minimum;
    delete s.maximum;
    if (typeof s.default === 'number') s.default = s.default.toFixed(2);
    if (typeof s.example === 'number') s.example = s.example.toFixed(2);
  }
  if (s.type === 'string' && Array.isArray(s.enum) && s.enum.some((v) => typeof v === 'number')) {
    // Order statuses: the vendor lists codes as numbers under `type: string`; they are sent as strings.
    s.enum = s.enum.map((v) => (typeof v === 'number' ? String(v) : v));
    s['x-correction'] = 'status codes are strings; see specs/CORRECTIONS.md#status-codes';
  }
  if (Array.isArray(s.enum) && s.enum.includes('tr') && s.enum.includes('eu')) {
    s.enum = s.enum.map((v) => (v === 'tr' ? 'try' : v === 'eu' ? 'eur' : v));
    s['x-correction'] = 'currency codes; see specs/CORRECTIONS.md#currency-enum';
  }
  if (isOrderStatusNames(s)) {
    // Payloads carry the codes (DOMAIN.md §2); the names stay beside them, in the same order.
    s.enum = s.enum!.map((v) => CODE_BY_NAME.get(v) ?? v);
    s['x-enum-varnames'] = [...ORDER_STATUS_NAMES];
    for (const key of ['default', 'example'] as const) if (CODE_BY_NAME.has(s[key])) s[key] = CODE_BY_NAME.get(s[key]);
    s['x-correction'] = 'order status codes, not names; see specs/CORRECTIONS.md#status-codes';
  }
  for (const sub of [s.items, ...Object.values(s.properties ?? {}), ...(s.allOf ?? []), ...(s.oneOf ?? []), ...(s.anyOf ?? [])]) {
    if (sub) correct(sub as OpenAPIV3.SchemaObject, seen);
  }
  if (typeof s.additionalProperties === 'object') correct(s.additionalProperties as OpenAPIV3.SchemaObject, seen);
  if (s.nullable === true) honourNullable(s, seen);
}

/** The vendor's `OrderStatus`: a string enum of every order status name and nothing else. */
function isOrderStatusNames(s: OpenAPIV3.SchemaObject): boolean {
  return s.type === 'string' && Array.isArray(s.enum) && s.enum.length === NAME_SET.size && s.enum.every((v) => NAME_SET.has(v));
}

/**
 * Makes a nullable composed schema accept `null`: each branch of an `allOf` refuses it whatever
 * the schema beside says, so the schema becomes a choice of itself or null. (A nullable enum or
 * plain object already accepts null: the validators read `nullable` there.)
 */
function honourNullable(s: OpenAPIV3.SchemaObject & Record<string, unknown>, seen: WeakSet<object>): void {
  if (!s.allOf && !s.oneOf && !s.anyOf) return;
  if (s.anyOf?.includes(NULL_VALUE)) return;
  const itself: Record<string, unknown> = { ...s };
  delete itself.nullable;
  delete itself.description;
  seen.add(itself);
  for (const key of Object.keys(s)) if (key !== 'description') delete s[key];
  Object.assign(s, { nullable: true, anyOf: [itself, NULL_VALUE], 'x-correction': 'nullable; see specs/CORRECTIONS.md#nullable-fields' });
}
