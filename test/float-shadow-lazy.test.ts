import type { OpenAPIV3 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { FloatProbe, floatShadow } from '../src/engine/json-floats.ts';
import { readsNumberForm } from '../src/engine/number-form-fields.ts';
import { validateBody } from '../src/engine/validate-body.ts';

/**
 * The engine's float shadow (ADR 0013, eighteenth session: a uuid sent as `5.0` is refused, which
 * JSON.parse cannot tell from `5`; nineteenth: a text, decimal or choice field sent `5.0` reads
 * `"5.0"`) is asked for only where such a field the client may write can meet a number — a whole
 * one, for all but a uuid — and its scanner reads JSON text as JSON does (review of fix5b).
 */
type Schema = OpenAPIV3.SchemaObject;
const uuid: Schema = { type: 'string', format: 'uuid' };
const schema: Schema = { type: 'object', properties: { ref: uuid, n: { type: 'number' }, name: { type: 'string' } } };

describe('the float shadow is asked for only where a field reads how a number was written', () => {
  it('counts no read-only field, at the top or nested, and no number, flag or date', () => {
    const plain: Schema = { type: 'object', properties: { n: { type: 'integer' }, f: { type: 'boolean' }, x: { type: 'number' } } };
    expect(readsNumberForm(plain)).toBe(false);
    expect(readsNumberForm({ type: 'object', properties: { ref: { ...uuid, readOnly: true }, n: { type: 'integer' } } })).toBe(false);
    expect(readsNumberForm({ type: 'object', properties: { o: { type: 'object', properties: { ref: { ...uuid, readOnly: true } } } } })).toBe(false);
    expect(readsNumberForm({ type: 'object', properties: { o: { type: 'object', properties: { ref: uuid } } } })).toBe(true);
    expect(readsNumberForm({ type: 'object', properties: { name: { type: 'string' } } })).toBe(true);
    expect(readsNumberForm({ type: 'object', properties: { kind: { type: 'integer', enum: [1, 2] } } })).toBe(true);
  });

  it('marks the probe when a uuid field holds a number or a text field a whole number, and not for a fraction', () => {
    const read = (body: unknown): boolean => {
      const probe = new FloatProbe();
      validateBody(body, schema, { partial: false, idField: '', floats: probe });
      return probe.asked;
    };
    expect([read({ ref: '00000000-0000-0000-0000-000000000005', n: 1.5, name: 2.5 }), read({ n: 1 }), read({ ref: 5 }), read({ ref: true }), read({ name: 2 })]).toEqual([false, false, true, true, true]);
  });

  it('scans like JSON: escapes of every parity, exponents, signs', () => {
    const text = '{"a":"\\\\","b":"\\\\\\"1.5","c":[-0,0.0,1E+2,1e-0,-2.5E-3,7],"d":"\\u0022 2.0","e":1e400}';
    expect(floatShadow(text)).toEqual({ a: '\\', b: '\\"1.5', c: [-0, '', '', '', '', 7], d: '" 2.0', e: '' });
  });
});
