import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenAPIV3 } from 'openapi-types';
import { validateBody } from '../src/engine/validate-body.ts';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { AUTH, type TestMock } from './support/test-mock.ts';

/**
 * The hot writes keep what they need between writes (issue 26, write-cost): the request body
 * readers per store and write mode, a schema's writable fields per id field, its patterns, and
 * the update_status answer. Each case writes more than once, in different modes, so a cache keyed
 * too loosely answers the second write with the first one's rules.
 */

let mock: TestMock;
beforeAll(async () => {
  mock = await widgetMock({ size: 4 });
});
afterAll(async () => {
  await mock?.webhooks.close();
});

const REQUESTS = '/api/v1/cancellation_requests/';

describe('request writes after the readers are kept', () => {
  it('create, PATCH and PUT each keep their own required fields, in any order', async () => {
    const request = [...mock.store.requests.values()][0]!;
    const created = await send(mock, 'POST', REQUESTS, {});
    expect(created.status).toBe(400);
    expect(await created.json()).toEqual({
      order_item: ['This field is required.'],
      reason: ['This field is required.'],
      cancellation_type: ['This field is required.'],
    });
    // PATCH requires nothing: an empty body is no change (a create's rules would answer 400).
    const patched = await send(mock, 'PATCH', `${REQUESTS}${request.id}/`, {});
    expect(patched.status).toBe(200);
    // PUT requires every writable field (a PATCH's rules would answer 200).
    const put = await send(mock, 'PUT', `${REQUESTS}${request.id}/`, {});
    expect(put.status).toBe(400);
    expect(Object.keys((await put.json()) as object)).toEqual([
      'order_item', 'reason', 'description', 'cancellation_type', 'status', 'iban', 'holder_name', 'quantity', 'fully_refund_as_loyalty_money',
    ]);
    const again = await send(mock, 'POST', REQUESTS, {});
    expect(Object.keys((await again.json()) as object)).toEqual(['order_item', 'reason', 'cancellation_type']);
  });

  it('a PATCH is answered, read back, listed and journaled alike; an unknown reason is still refused', async () => {
    const request = [...mock.store.requests.values()].find((r) => r.status === 'waiting') ?? [...mock.store.requests.values()][0]!;
    const seq = mock.journal.lastSeq;
    const res = await send(mock, 'PATCH', `${REQUESTS}${request.id}/`, { description: 'kept readers' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const answered = await res.text();
    expect(JSON.parse(answered)).toMatchObject({ id: request.id, description: 'kept readers' });
    const read = await mock.request(`${REQUESTS}${request.id}/`, { headers: AUTH });
    expect(await read.text()).toBe(answered);
    const listed = (await (await mock.request(`${REQUESTS}?limit=100`, { headers: AUTH })).json()) as { results: { id: number }[] };
    expect(listed.results.find((r: { id: number }) => r.id === request.id)).toEqual(JSON.parse(answered));
    expect(mock.journal.lastSeq).toBe(seq + 1);
    expect(mock.journal.entries().at(-1)).toEqual({
      seq: seq + 1, operationId: 'partialUpdateCancellationRequest', method: 'PATCH', path: `${REQUESTS}${request.id}/`,
      session: null, userPk: expect.any(Number), status: 200, contentType: 'application/json', body: { description: 'kept readers' },
    });
    const unknown = await send(mock, 'PATCH', `${REQUESTS}${request.id}/`, { reason: 999_999 });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ reason: ['Invalid pk "999999" - object does not exist.'] });
  });
});

describe('update_status answers its fixed text', () => {
  it('answers the message as c.json did, and the move is read back and journaled', async () => {
    const plan = [...mock.store.plans.values()].find((p) => p.status === 'waiting')!;
    const seq = mock.journal.lastSeq;
    const res = await send(mock, 'POST', `/api/v1/cancellation_plans/${plan.pk}/update_status/`, { status: 'waiting_supplier' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.text()).toBe('{"message":"Status updated successfully"}');
    const read = (await (await mock.request(`/api/v1/cancellation_plans/${plan.pk}/`, { headers: AUTH })).json()) as { status: string };
    expect(read.status).toBe('waiting_supplier');
    expect(mock.journal.entries().at(-1)).toMatchObject({ seq: seq + 1, body: { status: 'waiting_supplier' } });
  });
});

describe('engine writes after the schema is read once', () => {
  it('a widget PATCH, a bad one and a PUT missing fields answer as before, twice over', async () => {
    const made = await send(mock, 'POST', '/api/v1/widgets/', VALID);
    expect(made.status).toBe(201);
    const { pk } = (await made.json()) as { pk: number };
    for (let round = 0; round < 2; round += 1) {
      const ok = await send(mock, 'PATCH', `/api/v1/widgets/${pk}/`, { note: `round ${round}`, price: '2.50' });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ pk, note: `round ${round}`, price: '2.50' });
      const bad = await send(mock, 'PATCH', `/api/v1/widgets/${pk}/`, { priority: 11, status: 'gone', pk: 5 });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ status: ['"gone" is not a valid choice.'], priority: ['Ensure this value is less than or equal to 10.'] });
      const put = await send(mock, 'PUT', `/api/v1/widgets/${pk}/`, {});
      expect(await put.json()).toEqual({ name: ['This field is required.'], status: ['This field is required.'], priority: ['This field is required.'], channel: ['This field is required.'] });
    }
    const read = await (await mock.request(`/api/v1/widgets/${pk}/`, { headers: AUTH })).json();
    expect(read).toMatchObject({ note: 'round 1', priority: VALID.priority });
  });

  it('keeps a schema’s fields apart per id field, and a pattern is tested on every write', () => {
    type Schema = OpenAPIV3.SchemaObject;
    const code: Schema = { type: 'string', pattern: '^[a-z]+\\d$' };
    const schema: Schema = { type: 'object', required: ['code'], properties: { code, ref: { type: 'string', pattern: '^R-\\d+$' }, label: { allOf: [{ type: 'string', maxLength: 3 }] } as Schema } };
    // `code` is the identity: read-only where it is the id field, writable where the client gives it.
    expect(validateBody({ code: 'ab1' }, schema, { partial: false, idField: 'code' })).toEqual({ values: {} });
    expect(validateBody({ code: 'ab1' }, schema, { partial: false, idField: '' })).toEqual({ values: { code: 'ab1' } });
    expect(validateBody({}, schema, { partial: false, idField: 'code' })).toEqual({ values: {} });
    expect(validateBody({}, schema, { partial: false, idField: '' })).toEqual({ errors: { code: ['This field is required.'] } });
    for (let i = 0; i < 2; i += 1) {
      expect(validateBody({ code: 'AB1', ref: 'ab1', label: 'long' }, schema, { partial: true, idField: '' })).toEqual({
        errors: { code: ['This value does not match the required pattern.'], ref: ['This value does not match the required pattern.'], label: ['Ensure this field has no more than 3 characters.'] },
      });
      expect(validateBody({ code: 'xy9', ref: 'R-12', label: 'ok' }, schema, { partial: true, idField: '' })).toEqual({ values: { code: 'xy9', ref: 'R-12', label: 'ok' } });
    }
  });
});
