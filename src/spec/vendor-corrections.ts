import type { OpenAPIV3 } from 'openapi-types';

/**
 * The project's corrections of the vendor's wording (specs/CORRECTIONS.md), as one pass that any
 * document the resource engine serves goes through at load time, so a fragment dropped in as
 * the vendor publishes it is served as Omnitron really answers (specs/CORRECTIONS.md#any-document):
 * - money and rates (`type: number`, `format: decimal|float`) are decimal strings with two places;
 * - the currency enum's `tr` and `eu` are `try` and `eur`;
 * - codes listed as numbers under `type: string` (order statuses) are strings.
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
  for (const sub of [s.items, ...Object.values(s.properties ?? {}), ...(s.allOf ?? []), ...(s.oneOf ?? []), ...(s.anyOf ?? [])]) {
    if (sub) correct(sub as OpenAPIV3.SchemaObject, seen);
  }
  if (typeof s.additionalProperties === 'object') correct(s.additionalProperties as OpenAPIV3.SchemaObject, seen);
}
