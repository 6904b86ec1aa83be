import { beforeEach, describe, expect, it } from 'vitest';
import { REQUESTS, createBody, freeItems, send } from './support/request-helpers.ts';
import { allRows, AUTH, createTestMock, json, READONLY_TOKEN, TEST_NOW, type TestMock } from './support/test-mock.ts';

/**
 * Cancellation reasons through the vendor's paths (apidocs.akinon.com/omnitron-openapis/
 * cancellation-reasons and …/saleschannelcancellationreasons): seeded per type with Turkish
 * subjects, some inactive; retrieve, update, partial update, soft delete, and the channel view.
 */

const REASONS = '/api/v1/cancellation_reasons/';
const channelPath = (channel: number, pk: number) => `/api/v1/channel/${channel}/cancellation_reasons/${pk}/`;

let mock: TestMock;
beforeEach(async () => {
  mock = await createTestMock({ size: 20 });
});

describe('cancellation reasons', () => {
  it('are seeded per cancellation type with Turkish subjects, display order, translations, and some inactive', async () => {
    const rows = await allRows(mock, REASONS);
    expect(new Set(rows.map((r) => r.cancellation_type))).toEqual(new Set(['cancel', 'refund']));
    expect(rows.some((r) => !r.is_active)).toBe(true);
    expect(rows.some((r) => /[ışğüöçİ]/.test(r.subject))).toBe(true);
    const damaged = rows.find((r) => r.subject === 'Ürün hasarlı geldi.');
    expect(damaged).toMatchObject({
      cancellation_type: 'refund', order: 100, is_active: true, send_to_oms: false,
      translations: { 'en-us': { subject: 'The product arrived damaged.' } },
    });
    expect(Object.keys(damaged)).toEqual([
      'pk', 'cancellation_type', 'extra_information_needed', 'order', 'subject', 'is_active', 'send_to_remote',
      'send_to_oms', 'translations', 'uuid', 'created_date', 'modified_date',
    ]);
    expect((await mock.getJson(`${REASONS}${damaged.pk}/`)).uuid).toBe(damaged.uuid);
    expect((await allRows(mock, REASONS, 'cancellation_type=refund&is_active=false')).map((r) => r.subject))
      .toEqual(['Kargo paketi eksik geldi.']);
  });

  it('every seeded request names a real reason of its own type', async () => {
    const reasons = new Map((await allRows(mock, REASONS)).map((r) => [r.pk, r]));
    for (const r of await allRows(mock, REQUESTS)) {
      expect(reasons.get(r.reason)?.cancellation_type, `request ${r.id}`).toBe(r.cancellation_type);
    }
  });

  it('PUT needs type and subject, PATCH takes any field, and both answer the stored reason', async () => {
    const pk = [...mock.store.reasons.values()].find((r) => r.cancellation_type === 'cancel')!.pk;
    const missing = await send(mock, 'PUT', `${REASONS}${pk}/`, { order: 5 });
    expect(missing.status).toBe(400);
    expect(await json(missing)).toEqual({ cancellation_type: ['This field is required.'], subject: ['This field is required.'] });
    const put = await send(mock, 'PUT', `${REASONS}${pk}/`, { cancellation_type: 'cancel', subject: 'Yeni sebep', order: 5 });
    expect(put.status).toBe(200);
    expect(await json(put)).toMatchObject({ pk, subject: 'Yeni sebep', order: 5, translations: {}, modified_date: TEST_NOW.replace('.000Z', '.000000Z') });
    const long = await send(mock, 'PATCH', `${REASONS}${pk}/`, { subject: 'x'.repeat(101) });
    expect(await json(long)).toEqual({ subject: ['Ensure this field has no more than 100 characters.'] });
    const patched = await send(mock, 'PATCH', `${REASONS}${pk}/`, { send_to_oms: true });
    expect(await json(patched)).toMatchObject({ subject: 'Yeni sebep', send_to_oms: true });
    expect(await mock.getJson(`${REASONS}${pk}/`)).toMatchObject({ subject: 'Yeni sebep', send_to_oms: true });
  });

  it('DELETE is soft: 204, the reason stays inactive, and a new request may not name it', async () => {
    const reason = [...mock.store.reasons.values()].find((r) => r.is_active && r.cancellation_type === 'cancel')!;
    const res = await mock.request(`${REASONS}${reason.pk}/`, { method: 'DELETE', headers: AUTH });
    expect(res.status).toBe(204);
    expect(await mock.getJson(`${REASONS}${reason.pk}/`)).toMatchObject({ pk: reason.pk, is_active: false });
    const item = freeItems(mock.store)[0]!;
    const refused = await send(mock, 'POST', REQUESTS, { ...createBody(mock.store, item), reason: reason.pk });
    expect(await json(refused)).toEqual({ reason: [`Reason ${reason.pk} is not active.`] });
  });

  it('a reason of the other type is refused on reason', async () => {
    const refund = [...mock.store.reasons.values()].find((r) => r.is_active && r.cancellation_type === 'refund')!;
    const item = freeItems(mock.store)[0]!;
    const res = await send(mock, 'POST', REQUESTS, { ...createBody(mock.store, item), reason: refund.pk });
    expect(res.status).toBe(400);
    expect(Object.keys(await json(res))).toEqual(['reason']);
  });
});

describe('cancellation reasons through a sales channel', () => {
  it('answer the same reason on every channel, 404 on an unknown channel or reason', async () => {
    const reason = [...mock.store.reasons.values()][0]!;
    const plain = await mock.getJson(`${REASONS}${reason.pk}/`);
    for (const channel of mock.store.channels.keys()) expect(await mock.getJson(channelPath(channel, reason.pk))).toEqual(plain);
    await mock.getJson(channelPath(9999, reason.pk), 404);
    await mock.getJson(channelPath(1, 9999), 404);
  });

  it('PUT is partial, DELETE soft; the read-only token may only read', async () => {
    const reason = [...mock.store.reasons.values()].find((r) => r.is_active)!;
    const put = await send(mock, 'PUT', channelPath(1, reason.pk), { order: 7 });
    expect(put.status).toBe(200);
    expect(await json(put)).toMatchObject({ order: 7, subject: reason.subject });
    const ro = await mock.request(channelPath(1, reason.pk), { method: 'DELETE', headers: { Authorization: `Token ${READONLY_TOKEN}` } });
    expect(ro.status).toBe(403);
    const del = await mock.request(channelPath(1, reason.pk), { method: 'DELETE', headers: AUTH });
    expect(del.status).toBe(204);
    expect(mock.store.reasons.get(reason.pk)!.is_active).toBe(false);
  });

  it("PATCH (the vendor's \"Update a cancellation reason\") is the same partial write; 404 on an unknown channel", async () => {
    const reason = [...mock.store.reasons.values()].find((r) => r.is_active)!;
    const patch = await send(mock, 'PATCH', channelPath(1, reason.pk), { order: 3, send_to_oms: true });
    expect(patch.status).toBe(200);
    expect(await json(patch)).toMatchObject({ pk: reason.pk, order: 3, send_to_oms: true, subject: reason.subject });
    expect(mock.store.reasons.get(reason.pk)).toMatchObject({ order: 3, send_to_oms: true });
    expect(await json(await send(mock, 'PATCH', channelPath(1, reason.pk), { cancellation_type: 'x' }))).toEqual({ cancellation_type: ['"x" is not a valid choice.'] });
    expect((await send(mock, 'PATCH', channelPath(9999, reason.pk), { order: 4 })).status).toBe(404);
    expect(mock.store.reasons.get(reason.pk)!.order).toBe(3);
  });
});

describe('a reason that requests cite', () => {
  it('keeps the reason nested in plans and requests to its seeded keys after an update, and exports and imports it', async () => {
    const plan = (await json(await mock.request('/api/v1/cancellation_plans/?limit=1', { headers: AUTH }))).results[0];
    const reason = plan.cancellationplanorderitem_set[0].reason;
    const patched = await mock.request(`${REASONS}${reason.pk}/`, {
      method: 'PATCH',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ send_to_oms: true, subject: 'Müşteri vazgeçti.' }),
    });
    expect(patched.status).toBe(200);
    expect(await json(patched)).toMatchObject({ send_to_oms: true, subject: 'Müşteri vazgeçti.' });
    const again = await json(await mock.request(`/api/v1/cancellation_plans/${plan.pk}/`, { headers: AUTH }));
    const nested = again.cancellationplanorderitem_set[0].reason;
    expect(Object.keys(nested).sort()).toEqual(Object.keys(reason).sort());
    expect(nested.subject).toBe('Müşteri vazgeçti.');
    const exported = await (await mock.request('/__mock/state')).text();
    const imported = await mock.request('/__mock/state', {
      method: 'PUT', headers: { 'Content-Type': 'application/x-ndjson' }, body: exported,
    });
    expect(imported.status).toBe(200);
    expect(await json(await mock.request(`${REASONS}${reason.pk}/`, { headers: AUTH }))).toMatchObject({ send_to_oms: true });
  });

  it('keeps its cancellation type, so requests and plans keep a reason of their own type', async () => {
    const cited = mock.store.requests.values().next().value!.reason;
    const other = mock.store.reasons.get(cited)!.cancellation_type === 'cancel' ? 'refund' : 'cancel';
    const res = await send(mock, 'PATCH', `${REASONS}${cited}/`, { cancellation_type: other });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({
      cancellation_type: [`Reason ${cited} is named by cancellation requests or plans; its cancellation type cannot change.`],
    });
  });
});
