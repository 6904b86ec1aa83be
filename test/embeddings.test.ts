import { expect, it } from 'vitest';
import { describeTargets } from './support/targets.ts';
import { AUTH, READONLY_TOKEN } from './support/test-mock.ts';

/**
 * The core of the black-box suite (plans, requests, tags, errors) once per way of reaching the
 * mock: in-process, over a socket, through MSW. An embedding that drifts fails here by name.
 */
const PLANS = '/api/v1/cancellation_plans/';
const REQUESTS = '/api/v1/cancellation_requests/';
const JSON_AUTH = { ...AUTH, 'Content-Type': 'application/json' };

describeTargets('the core API', (target) => {
  const send = (method: string, path: string, body?: unknown, headers = JSON_AUTH) =>
    target().request(path, {
      method,
      headers,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  const read = async (path: string, status = 200) => {
    const res = await send('GET', path);
    const body: any = await res.json();
    expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(status);
    return body;
  };

  it('lists waiting plans, filtered and paged, and retrieves one', async () => {
    const page = await read(`${PLANS}?status=waiting&limit=2`);
    expect(page.results.length).toBeGreaterThan(0);
    expect(page.results.every((p: any) => p.status === 'waiting')).toBe(true);
    const one = await read(`${PLANS}${page.results[0].pk}/`);
    expect(one).toEqual(page.results[0]);
  });

  it('approves a waiting request into a new waiting plan', async () => {
    const made = await send('POST', '/__mock/fixtures', { kind: 'request', status: 'waiting' });
    const { request, order } = (await made.json()) as { request: number; order: number };
    const approved = await send('PATCH', `${REQUESTS}${request}/`, { status: 'approved' });
    const body: any = await approved.json();
    expect(approved.status).toBe(200);
    expect(body.status).toBe('approved');
    // The vendor's request has no plan key: the new plan is found by its order.
    expect(body).not.toHaveProperty('cancellation_plan');
    const plans = await read(`${PLANS}?order=${order}&status=waiting`);
    expect(plans.count).toBe(1);
    expect(await read(`${PLANS}${plans.results[0].pk}/`)).toMatchObject({ status: 'waiting', order: { pk: order } });
  });

  it('tags a request and finds it by its tag', async () => {
    const [first] = (await read(`${REQUESTS}?limit=1`)).results;
    const added = await send('POST', `${REQUESTS}${first.id}/add_tag/`, { key: 'matrix-tag' });
    expect(added.status).toBe(204);
    expect(await read(`${REQUESTS}${first.id}/tags/`)).toContain('matrix-tag');
    const found = await read(`${REQUESTS}filter_tags/?key=matrix-tag`);
    expect(found.results.map((r: any) => r.id)).toEqual([first.id]);
  });

  it('answers errors in DRF shapes: 401, 403, 404, 400', async () => {
    const anonymous = await send('GET', PLANS, undefined, {} as typeof JSON_AUTH);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'not_authenticated' });
    const readonly = {
      Authorization: `Token ${READONLY_TOKEN}`,
      'Content-Type': 'application/json',
    };
    const [plan] = (await read(`${PLANS}?status=waiting&limit=1`)).results;
    const denied = await send(
      'POST',
      `${PLANS}${plan.pk}/update_status/`,
      { status: 'approved' },
      readonly as typeof JSON_AUTH,
    );
    expect(denied.status).toBe(403);
    expect(await read(`${PLANS}999999999/`, 404)).toEqual({
      detail: 'Not found.',
      code: 'not_found',
    });
    const bad = await send('POST', `${PLANS}${plan.pk}/update_status/`, { status: 'nonsense' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toHaveProperty('status');
  });
});
