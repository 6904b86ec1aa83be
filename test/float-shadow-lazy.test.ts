import type { OpenAPIV3 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { FloatProbe, floatShadow } from '../src/engine/json-floats.ts';
import { hasUuidField } from '../src/engine/uuid-fields.ts';
import { validateBody } from '../src/engine/validate-body.ts';

/**
 * The engine's float shadow (ADR 0013, eighteenth session: a uuid sent as `5.0` is refused, which
 * JSON.parse cannot tell from `5`) is asked for only where a uuid field the client may write can
 * meet a number, and its scanner reads JSON text as JSON does (review of fix5b).
 */
type Schema = OpenAPIV3.SchemaObject;
const uuid: Schema = { type: 'string', format: 'uuid' };
const schema: Schema = { type: 'object', properties: { ref: uuid, n: { type: 'number' }, name: { type: 'string' } } };

describe('the float shadow is asked for only where a uuid can meet a number', () => {
  it('counts no read-only uuid, at the top or nested', () => {
    expect(hasUuidField({ type: 'object', properties: { uuid: { ...uuid, readOnly: true }, name: { type: 'string' } } })).toBe(false);
    expect(hasUuidField({ type: 'object', properties: { ref: { ...uuid, readOnly: true } } })).toBe(false);
    expect(hasUuidField({ type: 'object', properties: { o: { type: 'object', properties: { ref: { ...uuid, readOnly: true } } } } })).toBe(false);
    expect(hasUuidField({ type: 'object', properties: { o: { type: 'object', properties: { ref: uuid } } } })).toBe(true);
  });

  it('marks the probe only when a uuid field holds a number', () => {
    const read = (body: unknown): boolean => {
      const probe = new FloatProbe();
      validateBody(body, schema, { partial: false, idField: '', floats: probe });
      return probe.asked;
    };
    expect([read({ ref: '00000000-0000-0000-0000-000000000005', n: 1.5, name: 2 }), read({ n: 1 }), read({ ref: 5 }), read({ ref: true })]).toEqual([false, false, true, true]);
  });

  it('scans like JSON: escapes of every parity, exponents, signs', () => {
    const text = '{"a":"\\\\","b":"\\\\\\"1.5","c":[-0,0.0,1E+2,1e-0,-2.5E-3,7],"d":"\\u0022 2.0","e":1e400}';
    expect(floatShadow(text)).toEqual({ a: '\\', b: '\\"1.5', c: [-0, '', '', '', '', 7], d: '" 2.0', e: '' });
  });
});
