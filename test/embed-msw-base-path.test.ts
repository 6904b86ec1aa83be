import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMock, type OmnitronMock } from 'omnitron-mock';
import { omnitronHandlers } from 'omnitron-mock/msw';

/**
 * `omnitronHandlers` with a path in its base URL: the links the mock writes (a page's
 * `next`/`previous`, an image's URL, a redirect's `Location`) stay under that path, so a client
 * that follows them is still answered by the mock and not sent beside it.
 */

const BASE = 'https://gateway.test/omnitron';
const headers = { Authorization: 'Token omnitron-mock-token' };
interface Page {
  next: string | null;
  previous: string | null;
  results: Array<{ pk: number }>;
}
let mock: OmnitronMock;
const server = setupServer();

beforeAll(async () => {
  mock = await createMock({ seed: 5, size: 15 });
  server.use(...omnitronHandlers(mock, { baseUrl: BASE }));
  // `error`: a link that leaves the base URL fails the test instead of reaching the network.
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(async () => {
  server.close();
  await mock.close();
});

describe('MSW handlers under a base path', () => {
  it("keeps a page's next and previous links under the base path, and they answer", async () => {
    const first = (await (await fetch(`${BASE}/api/v1/cancellation_plans/?limit=5&status=`, { headers })).json()) as Page;
    expect(first.next).toBe(`${BASE}/api/v1/cancellation_plans/?limit=5&page=2&status=`);
    const second = await fetch(first.next!, { headers });
    expect(second.status).toBe(200);
    const page = (await second.json()) as Page;
    expect(page.previous).toBe(`${BASE}/api/v1/cancellation_plans/?limit=5&status=`);
    expect(page.results[0]!.pk).toBe(first.results[4]!.pk - 1);
  });

  it('redirects a path without its trailing slash under the base path, and the redirect answers', async () => {
    const res = await fetch(`${BASE}/api/v1/cancellation_plans?limit=1`, { headers, redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/omnitron/api/v1/cancellation_plans/?limit=1');
    const followed = await fetch(`${BASE}/api/v1/cancellation_plans?limit=1`, { headers });
    expect(followed.status).toBe(200);
    expect(((await followed.json()) as Page).results).toHaveLength(1);
  });

  it('answers a client that asks for gzip (Node clients do by default) with JSON it can read', async () => {
    const res = await fetch(`${BASE}/docs/openapi.json`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it("serves a request image at the URL the image feed gives", async () => {
    const feed = (await (await fetch(`${BASE}/api/channel/1/cancellation_request_images/inserts_or_updates/?limit=1`, { headers })).json()) as Array<{ image: string }>;
    expect(feed[0]!.image).toMatch(/^https:\/\/gateway\.test\/omnitron\/media\/cancellation_request_images\//);
    const image = await fetch(feed[0]!.image);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
  });
});
