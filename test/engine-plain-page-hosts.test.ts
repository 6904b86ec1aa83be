import { describe, expect, it } from 'vitest';
import { keptPlainUrls } from '../src/engine/plain-page.ts';
import { drfLink } from './support/drf-link.ts';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { AUTH } from './support/test-mock.ts';

/**
 * A plain list URL's head (count and both links) is kept per URL text (issue 26, thirteenth
 * session): the same path and query asked on several hosts — and on a host long enough that the URL
 * is past the 320 characters kept — must each link to their own host. The kept URLs are one
 * bounded table for the process, however many list operations a served spec has.
 */
const WIDGETS = '/api/v1/widgets/';
const HOSTS = ['http://localhost', 'http://a.example', 'http://b.example:8080', `http://${'h'.repeat(300)}.example`, 'http://a.example'];

describe('engine plain pages on several hosts', () => {
  it('link to the host each was asked on, kept or not', async () => {
    const mock = await widgetMock();
    for (let i = 0; i < 12; i += 1) expect((await send(mock, 'POST', WIDGETS, { ...VALID, name: `n${i % 4}` })).status).toBe(201);
    for (const query of ['page=2&limit=5', 'limit=5&page=2&ordering=name']) {
      for (const host of HOSTS) {
        const href = `${host}${WIDGETS}?${query}`;
        const body = (await (await mock.request(href, { headers: AUTH })).json()) as { count: number; next: string; previous: string };
        expect({ href, next: body.next, previous: body.previous }).toEqual({ href, next: drfLink(href, 3), previous: drfLink(href, 1) });
      }
    }
  });

  it('keep plain URLs once for the process, not once per list handler (three mocks)', async () => {
    const mocks = [await widgetMock(), await widgetMock(), await widgetMock()];
    for (let i = 0; i < 1400; i += 1) {
      // 4,200 distinct plain URL texts of a list that takes `ordering`, 1,400 through each mock's
      // own handler: a table per handler would keep all 4,200; the shared table keeps ≤ 2 × 1,024.
      for (const [m, mock] of mocks.entries()) {
        const query = `${m > 0 ? 'page=1&' : ''}${m === 2 ? 'ordering=id&' : ''}limit=${i + 1}`;
        expect((await mock.request(`${WIDGETS}?${query}`, { headers: AUTH })).status).toBe(200);
      }
    }
    expect(keptPlainUrls(true)).toBeLessThanOrEqual(2 * 1024);
    expect(keptPlainUrls(true)).toBeGreaterThanOrEqual(1024);
  }, 60_000);
});
