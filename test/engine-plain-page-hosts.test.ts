import { describe, expect, it } from 'vitest';
import { keptPlainUrls } from '../src/engine/plain-page.ts';
import { drfLink } from './support/drf-link.ts';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { AUTH } from './support/test-mock.ts';

/**
 * A plain list URL's head (count and both links) is kept per URL text (issue 26, thirteenth
 * session): the same path and query asked on two hosts — and on a host long enough that the URL
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

  it('keep at most 2 × 1,024 URLs a table, however many list handlers (mocks) ask', async () => {
    const mocks = [await widgetMock(), await widgetMock()];
    let answered = 0;
    for (let i = 0; i < 2200; i += 1) {
      // 4,400 distinct plain URL texts, half through each mock's own handler.
      for (const [m, mock] of mocks.entries()) {
        const res = await mock.request(`${WIDGETS}?${m === 0 ? 'page=1&' : ''}limit=${i + 1}`, { headers: AUTH });
        if (res.status === 200) answered += 1;
      }
    }
    expect(answered).toBe(4400);
    // Two tables (lists that take `ordering`, lists that do not), two generations of 1,024 each.
    expect(keptPlainUrls()).toBeLessThanOrEqual(4 * 1024);
    expect(keptPlainUrls()).toBeGreaterThanOrEqual(1024);
  }, 60_000);
});
