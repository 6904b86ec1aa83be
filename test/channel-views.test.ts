import { beforeEach, describe, expect, it } from 'vitest';
import { channelOfRequest } from '../src/domain/channels/channel-scope.ts';
import { serializePlan } from '../src/domain/plans/serialize-plan.ts';
import { REQUESTS, createBody, createRequestVia, freeItems, patchStatus, send } from './support/request-helpers.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * The sales-channel endpoints (apidocs.akinon.com/omnitron-openapis/saleschannelcancellationplans,
 * …/saleschannelcancellationrequests, …/saleschannelcancellationrequestimage): views of the same
 * store scoped to the path's channel, exact vendor paths.
 */

let mock: TestMock;
beforeEach(async () => {
  mock = await createTestMock({ size: 60 });
});

const channelOfItem = (itemPk: number) => mock.store.orders.get(mock.store.orderItems.get(itemPk)!.order)!.channel;
const otherChannel = (channel: number) => [...mock.store.channels.keys()].find((c) => c !== channel)!;

describe('sales-channel requests', () => {
  it("answer the channel's own request, 404 for another channel's, and write the same domain write", async () => {
    const item = freeItems(mock.store)[0]!;
    const created = await createRequestVia(mock, createBody(mock.store, item));
    const channel = channelOfItem(item.pk);
    const path = `/api/channel/${channel}/cancellation_requests/${created.id}/`;
    expect(await mock.getJson(path)).toEqual(await mock.getJson(`${REQUESTS}${created.id}/`));
    await mock.getJson(`/api/channel/${otherChannel(channel)}/cancellation_requests/${created.id}/`, 404);
    const confirmed = await send(mock, 'PATCH', path, { status: 'confirmed' });
    expect(await json(confirmed)).toMatchObject({ status: 'confirmed' });
    expect(mock.store.orderItems.get(item.pk)!.cancel_status).toBe('confirmed');
    const illegal = await send(mock, 'PATCH', path, { status: 'completed' });
    expect(illegal.status).toBe(400);
    expect((await json(illegal)).code).toBe('request_status_transition_not_allowed');
    const rejected = await send(mock, 'POST', `${path}reject/`);
    expect(await json(rejected)).toMatchObject({ status: 'rejected' });
  });

  it('DELETE withdraws a waiting request: the item back as a reject puts it, the request gone', async () => {
    const item = freeItems(mock.store)[0]!;
    const created = await createRequestVia(mock, createBody(mock.store, item));
    const path = `/api/channel/${channelOfItem(item.pk)}/cancellation_requests/${created.id}/`;
    const res = await mock.request(path, { method: 'DELETE', headers: AUTH });
    expect(res.status).toBe(204);
    await mock.getJson(path, 404);
    await mock.getJson(`${REQUESTS}${created.id}/`, 404);
    expect(mock.store.orderItems.get(item.pk)).toMatchObject({ status: item.status, cancel_status: 'rejected' });
    expect((await createRequestVia(mock, createBody(mock.store, item))).status).toBe('waiting');
  });

  it('DELETE of a request that is no longer waiting answers 400 and changes nothing', async () => {
    const item = freeItems(mock.store)[0]!;
    const created = await createRequestVia(mock, createBody(mock.store, item));
    await patchStatus(mock, created.id, 'confirmed');
    const path = `/api/channel/${channelOfItem(item.pk)}/cancellation_requests/${created.id}/`;
    const res = await mock.request(path, { method: 'DELETE', headers: AUTH });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({
      non_field_errors: ['Cancellation request in status confirmed cannot be deleted; only a waiting request can be withdrawn.'],
      code: 'request_not_withdrawable',
    });
    expect((await mock.getJson(path)).status).toBe('confirmed');
  });
});

describe('sales-channel plans', () => {
  const text = async (path: string) => {
    const res = await mock.request(path, { headers: AUTH });
    expect(res.status).toBe(200);
    return res.text();
  };
  const current = (pk: number) => JSON.stringify(serializePlan(mock.store, mock.store.plans.get(pk)!));

  it('plan, plan detail, feed and channel detail answer one current body after writes through either route (one kept JSON: plan-bodies.ts)', async () => {
    const plan = [...mock.store.plans.values()].find((p) => p.status === 'waiting')!;
    const channel = mock.store.orders.get(plan.order)!.channel;
    const feed = `/api/channel/${channel}/cancellation_plans/inserts_or_updates/?limit=1000`;
    const detail = `/api/v1/cancellation_plans/${plan.pk}/`;
    const channelDetail = `/api/channel/${channel}/cancellation_plans/${plan.pk}/`;
    // The feed's plans as each one's JSON, and the whole answer: exactly the array of them.
    const inFeed = async () => {
      const raw = await text(feed);
      const plans = (JSON.parse(raw) as Array<{ pk: number }>).map((p) => JSON.stringify(p));
      expect(raw).toBe(`[${plans.join(',')}]`);
      return plans;
    };
    // Read every way first, so each route's answer is kept before the writes.
    const before = await inFeed();
    expect(before).toContain(current(plan.pk));
    expect(await text(detail)).toBe(current(plan.pk));
    expect(await text(channelDetail)).toBe(current(plan.pk));
    // A write through the channel route shows on the /api/v1/ routes…
    const line = mock.store.orderItems.get(mock.store.planItems.get(mock.store.planItemsByPlan.get(plan.pk)![0]!)!.order_item)!.pk;
    const paid = await send(mock, 'POST', `/api/channel/${channel}/cancellation_plans/${plan.pk}/create_payment_plan`, { payment_plan: [{ transaction_type: 'refund', order_items: [line] }] });
    expect(paid.status).toBe(200);
    expect(JSON.parse(await text(detail)).payment_plan).toEqual({ payment_plan: [{ transaction_type: 'refund', order_items: [line] }] });
    expect(await text(detail)).toBe(current(plan.pk));
    // …and one through /api/v1/ on the channel feed and detail.
    const moved = await mock.postJson(`/api/v1/cancellation_plans/${plan.pk}/update_status/`, { status: 'cancelled' });
    expect(moved.status).toBe(200);
    expect(JSON.parse(await text(channelDetail)).status).toBe('cancelled');
    expect(await text(channelDetail)).toBe(current(plan.pk));
    const after = await inFeed();
    expect(after).toContain(current(plan.pk));
    expect(after).not.toContain(before.find((p) => JSON.parse(p).pk === plan.pk));
  });

  it("retrieve the channel's plan, 404 for another's; create_payment_plan without a slash answers {}", async () => {
    const plan = [...mock.store.plans.values()].find((p) => p.status === 'waiting')!;
    const channel = mock.store.orders.get(plan.order)!.channel;
    const body = await mock.getJson(`/api/channel/${channel}/cancellation_plans/${plan.pk}/`);
    expect(body).toEqual(await mock.getJson(`/api/v1/cancellation_plans/${plan.pk}/`));
    await mock.getJson(`/api/channel/${otherChannel(channel)}/cancellation_plans/${plan.pk}/`, 404);
    const line = body.cancellationplanorderitem_set[0].order_item.pk;
    const res = await send(mock, 'POST', `/api/channel/${channel}/cancellation_plans/${plan.pk}/create_payment_plan`, {
      payment_plan: [{ transaction_type: 'refund', order_items: [line] }],
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({});
    expect(mock.store.plans.get(plan.pk)!.payment_plan).toEqual({ payment_plan: [{ transaction_type: 'refund', order_items: [line] }] });
  });

  it('inserts_or_updates/ answers a plain array of the channel, oldest change first, resumable by modified_date__gt', async () => {
    const channel = mock.store.orders.get(mock.store.plans.values().next().value!.order)!.channel;
    const feed = `/api/channel/${channel}/cancellation_plans/inserts_or_updates/`;
    const all = await mock.getJson(`${feed}?limit=1000`);
    expect(Array.isArray(all)).toBe(true);
    expect(all.length).toBeGreaterThan(2);
    expect(all.every((p: any) => p.order.channel === channel)).toBe(true);
    const dates = all.map((p: any) => p.modified_date);
    expect(dates).toEqual([...dates].sort());
    const first = await mock.getJson(`${feed}?limit=2`);
    expect(first.map((p: any) => p.pk)).toEqual(all.slice(0, 2).map((p: any) => p.pk));
    const next = await mock.getJson(`${feed}?limit=1000&modified_date__gt=${encodeURIComponent(first[1].modified_date)}`);
    expect(next.map((p: any) => p.pk)).toEqual(all.filter((p: any) => p.modified_date > first[1].modified_date).map((p: any) => p.pk));
    expect(await mock.getJson(`${feed}?limit=1000`), 'a GET changes nothing').toEqual(all);
  });
});

describe('sales-channel request images', () => {
  it('are seeded for some requests, served one by one and as feeds, and their image URLs answer a PNG', async () => {
    const withImages = [...mock.store.requests.values()].find((r) => r.cancellation_type === 'refund' && r.id % 3 === 0)!;
    const channel = channelOfRequest(mock.store, withImages)!;
    const feed = await mock.getJson(`/api/channel/${channel}/cancellation_request_images/inserts_or_updates/?limit=1000`);
    const mine = feed.filter((i: any) => i.cancellation_request === withImages.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(Object.keys(mine[0])).toEqual(['id', 'cancellation_request', 'image', 'description', 'attributes', 'uploaded_by', 'created_date', 'modified_date']);
    expect(await mock.getJson(`/api/channel/${channel}/cancellation_request_images/${mine[0].id}/`)).toEqual(mine[0]);
    await mock.getJson(`/api/channel/${otherChannel(channel)}/cancellation_request_images/${mine[0].id}/`, 404);
    expect(await mock.getJson(`/api/channel/${channel}/cancellation_request_images/updates/`)).toEqual([]);
    const picture = await mock.request(new URL(mine[0].image).pathname);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await picture.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect((await mock.request('/media/cancellation_request_images/1.png')).status).toBe(404);
  });
});
