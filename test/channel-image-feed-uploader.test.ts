import { beforeAll, describe, expect, it } from 'vitest';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * The sales-channel image feeds filter by `uploaded_by`, as the vendor's page lists
 * (apidocs.akinon.com/omnitron-openapis/saleschannelcancellationrequestimage: "uploaded_by …
 * Filter by user who uploaded the image"). No seeded image has an uploader.
 */

let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 60 });
});

const feed = (channel: number, query: string) => `/api/channel/${channel}/cancellation_request_images/inserts_or_updates/?limit=1000&${query}`;

describe('channel image feed by uploaded_by', () => {
  it('answers no image for an uploader none has, and names nothing ignored', async () => {
    let channel = 0;
    for (const c of mock.store.channels.keys()) if (((await mock.getJson(feed(c, ''))) as unknown[]).length > 0) channel = c;
    expect(channel).toBeGreaterThan(0);
    const res = await mock.request(feed(channel, 'uploaded_by=1'), { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-mock-ignored-params')).toBeNull();
    expect(await json(res)).toEqual([]);
  });

  it("refuses an uploader that is not a number, in django-filter's words", async () => {
    const res = await mock.request(feed(1, 'uploaded_by=me'), { headers: AUTH });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ uploaded_by: ['Enter a whole number.'] });
  });
});
