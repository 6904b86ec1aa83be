import { beforeAll, describe, expect, it } from 'vitest';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { fileURLToPath } from 'node:url';
import { createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * A create that leaves optional fields out stores what DRF would: the schema's `default`, `null`
 * where the field is nullable, and otherwise the field's blank — the same on every create, never a
 * made-up value (ADR 0013, addendum of the sixteenth session).
 */
let mock: TestMock;
beforeAll(async () => {
  mock = await widgetMock({ size: 10 });
}, 60_000);

describe('a generic create that leaves optional fields out', () => {
  it('stores the default, null or the blank of each, alike on every create', async () => {
    const made: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await send(mock, 'POST', '/api/v1/widgets/', VALID);
      expect(res.status).toBe(201);
      made.push(await json(res));
    }
    for (const body of made) {
      expect(body).toMatchObject({ ...VALID, order: 100, note: null, price: '0.00', is_visible: false, released_at: null, contact: null });
      // Read back, the same object.
      expect(await json(await mock.request(`/api/v1/widgets/${body.pk}/`, { headers: { Authorization: 'Token test-token' } }))).toEqual(body);
    }
  });

  it('still refuses a required field left out', async () => {
    const { name: _name, ...noName } = VALID;
    const res = await send(mock, 'POST', '/api/v1/widgets/', noName);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ name: ['This field is required.'] });
  });
});

describe('a generic create of a document written otherwise', () => {
  const GADGETS = fileURLToPath(new URL('./fixtures/engine/blanks.openapi.yaml', import.meta.url));

  it("stores a default an allOf wrapper holds, and a decimal's blank only where its pattern takes it", async () => {
    const gadgets = await createTestMock({ size: 5, spec: [GADGETS] });
    const res = await send(gadgets, 'POST', '/api/v1/gadgets/', { name: 'x' });
    // The test mock checks every answer against the served document: a "0" here is a 500.
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.kind).toBe('premium');
    // drf-spectacular's nullable choice: the default beside a oneOf, not null.
    expect(body.tier).toBe('silver');
    expect(body.grade).toBe('silver');
    expect(body.price).toMatch(/^-?\d+(\.\d{2})$/);
    // drf-spectacular's pattern: max_digits=9, decimal_places=3.
    expect(body.cost).toBe('0.000');
  }, 60_000);
});

describe("OpenAPI 3.0's exclusive bounds (a flag beside the bound)", () => {
  const GADGETS = fileURLToPath(new URL('./fixtures/engine/blanks.openapi.yaml', import.meta.url));

  it('are checked on answers, refused at the bound on writes, and kept by drawn and blank values', async () => {
    // The response validator's Ajv refused the flag: every answer of the operation was a 500.
    const gadgets = await createTestMock({ size: 40, spec: [GADGETS] });
    const list = await gadgets.request('/api/v1/gadgets/?limit=100', { headers: { Authorization: 'Token test-token' } });
    expect(list.status).toBe(200);
    const rows = ((await json(list)) as { results: Array<Record<string, number>> }).results;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.rating).toBeGreaterThan(0);
      expect(row.rating).toBeLessThanOrEqual(5);
      expect(row.level).toBeGreaterThan(0);
      expect(row.level).toBeLessThan(10);
      expect(row.score).toBeGreaterThanOrEqual(5);
      expect(row.score).toBeLessThanOrEqual(10);
      expect(row.temp).toBeGreaterThanOrEqual(-10);
      expect(row.temp).toBeLessThanOrEqual(-5);
    }
    const atBound = await send(gadgets, 'POST', '/api/v1/gadgets/', { name: 'x', rating: 0, level: 10 });
    expect(atBound.status).toBe(400);
    expect(await json(atBound)).toEqual({ rating: ['Ensure this value is greater than 0.'], level: ['Ensure this value is less than 10.'] });
    const made = await send(gadgets, 'POST', '/api/v1/gadgets/', { name: 'x' });
    expect(made.status).toBe(201);
    const body = (await json(made)) as Record<string, number>;
    expect(body.level).toBeGreaterThan(0);
    expect(body.rating).toBeGreaterThan(0);
  }, 60_000);
});
