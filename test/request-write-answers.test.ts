import { beforeEach, describe, expect, it } from 'vitest';
import { keptRequestJson } from '../src/domain/requests/request-json-cache.ts';
import { serializeRequest } from '../src/domain/requests/serialize-request.ts';
import { REQUESTS, createBody, itemSupply, send } from './support/request-helpers.ts';
import { AUTH, createTestMock, type TestMock } from './support/test-mock.ts';

/**
 * A request write answers the written record's kept JSON (issue 26, twelfth session): the bytes
 * `c.json(serializeRequest(record))` answered before, built once and kept for the record, so the
 * read after a write answers them without serializing the record again. Each case checks the
 * answer byte for byte against the serializer, the detail read after it, and the header.
 */
let mock: TestMock;
beforeEach(async () => {
  mock = await createTestMock({ size: 12 });
});

/** The write's answer beside the detail read after it: the same status line, header and bytes. */
async function expectKeptAnswer(res: Response, status: number): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  const id = JSON.parse(text).id as number;
  const stored = mock.store.requests.get(id)!;
  expect(text, 'the serializer of the stored record').toBe(JSON.stringify(serializeRequest(stored)));
  const kept = keptRequestJson(stored);
  expect(kept, 'the written record keeps its JSON').toBeDefined();
  expect(new TextDecoder().decode(kept)).toBe(text);
  const read = await mock.request(`${REQUESTS}${id}/`, { headers: AUTH });
  expect(await read.text(), 'the detail read after the write').toBe(text);
  expect(res.headers.get('content-type')).toBe('application/json');
  expect(res.headers.get('content-type')).toBe(read.headers.get('content-type'));
  expect(res.headers.get('content-length')).toBe(read.headers.get('content-length'));
}

const waiting = () => [...mock.store.requests.values()].find((r) => r.status === 'waiting')!;

describe('request writes answer the kept JSON', () => {
  it('a PATCH answers the record it wrote', async () => {
    const { id } = waiting();
    await expectKeptAnswer(await send(mock, 'PATCH', `${REQUESTS}${id}/`, { description: 'Kargo geç geldi, iade' }), 200);
  });

  it('a PUT answers the record it wrote', async () => {
    const r = waiting();
    const body = {
      order_item: r.order_item, reason: r.reason, cancellation_type: r.cancellation_type, quantity: r.quantity,
      description: 'put again', iban: r.iban, holder_name: r.holder_name, status: r.status,
      fully_refund_as_loyalty_money: r.fully_refund_as_loyalty_money,
    };
    await expectKeptAnswer(await send(mock, 'PUT', `${REQUESTS}${r.id}/`, body), 200);
  });

  it('a PATCH that changes nothing answers the stored record', async () => {
    const r = waiting();
    await expectKeptAnswer(await send(mock, 'PATCH', `${REQUESTS}${r.id}/`, { description: r.description }), 200);
  });

  it('an approval, a rejection and a create answer theirs', async () => {
    await expectKeptAnswer(await send(mock, 'PATCH', `${REQUESTS}${waiting().id}/`, { status: 'approved' }), 200);
    await expectKeptAnswer(await send(mock, 'POST', `${REQUESTS}${waiting().id}/reject/`), 200);
    await expectKeptAnswer(await send(mock, 'POST', REQUESTS, createBody(mock.store, itemSupply(mock.store)(), 'refund')), 201);
  });
});
