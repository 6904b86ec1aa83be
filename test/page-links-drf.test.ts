import { beforeAll, describe, expect, it } from 'vitest';
import { AUTH, createTestMock, type TestMock } from './support/test-mock.ts';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';

/**
 * Every list's `next`/`previous` is the link Omnitron's DRF writes (ADR 0020): the request's query
 * decoded, `page` set (or dropped for page 1), the names sorted and written back with Python's
 * `quote_plus` — not the pairs in the order and spelling the client sent. The expected links are
 * written by hand from those rules.
 */
let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 30 });
});

async function links(m: TestMock, path: string): Promise<{ status: number; next: unknown; previous: unknown }> {
  const res = await m.request(path, { headers: AUTH });
  const body = (await res.json()) as { next: unknown; previous: unknown };
  return { status: res.status, next: body.next, previous: body.previous };
}

const at = (path: string) => `http://localhost${path}`;

describe('list page links, as DRF writes them', () => {
  it('sort a plan list\'s query by name, page in its place', async () => {
    const path = '/api/v1/cancellation_plans/';
    expect(await links(mock, `${path}?plan_type=cancel&page=2&limit=1`)).toEqual({ status: 200, next: at(`${path}?limit=1&page=3&plan_type=cancel`), previous: at(`${path}?limit=1&plan_type=cancel`) });
  });

  it('sort a request list\'s query, the quick reading and the parsed one alike', async () => {
    const path = '/api/v1/cancellation_requests/';
    expect(await links(mock, `${path}?status=waiting&limit=1`)).toEqual({ status: 200, next: at(`${path}?limit=1&page=2&status=waiting`), previous: null });
    // An escape, a `+`, a repeated name: decoded, grouped in their order, written back as Python does.
    expect(await links(mock, `${path}?status=w%61iting&limit=1&zeta=~%7e&alpha=a*b+c%2B&zeta=2&page=2`)).toEqual({
      status: 200,
      next: at(`${path}?alpha=a%2Ab+c%2B&limit=1&page=3&status=waiting&zeta=~~&zeta=2`),
      previous: at(`${path}?alpha=a%2Ab+c%2B&limit=1&status=waiting&zeta=~~&zeta=2`),
    });
  });

  it('sort a tag list\'s and the reasons\' query, keep a bare name and drop an empty pair', async () => {
    const tags = '/api/v1/cancellation_requests/exclude_tags/';
    expect(await links(mock, `${tags}?key=vip&limit=1&&flag`)).toEqual({ status: 200, next: at(`${tags}?flag=&key=vip&limit=1&page=2`), previous: null });
    const reasons = '/api/v1/cancellation_reasons/';
    expect(await links(mock, `${reasons}?page=2&limit=1&%C3%BC=%c5%9f`)).toEqual({ status: 200, next: at(`${reasons}?limit=1&page=3&%C3%BC=%C5%9F`), previous: at(`${reasons}?limit=1&%C3%BC=%C5%9F`) });
  });

  it('sort an engine list\'s query, plain or filtered', async () => {
    const widgets = await widgetMock();
    for (let i = 0; i < 4; i += 1) expect((await send(widgets, 'POST', '/api/v1/widgets/', { ...VALID, name: `W ${i}` })).status).toBe(201);
    const path = '/api/v1/widgets/';
    expect(await links(widgets, `${path}?page=2&ordering=-name&limit=1`)).toEqual({ status: 200, next: at(`${path}?limit=1&ordering=-name&page=3`), previous: at(`${path}?limit=1&ordering=-name`) });
    expect(await links(widgets, `${path}?status__in=draft,active&limit=1`)).toEqual({ status: 200, next: at(`${path}?limit=1&page=2&status__in=draft%2Cactive`), previous: null });
  });
});
