import { beforeAll, describe, expect, it } from 'vitest';
import { OverlayMap } from '../src/state/overlay-map.ts';
import { OverlayTagIndex } from '../src/state/overlay-tag-index.ts';
import { overlayOf } from '../src/state/store-views.ts';
import { createStore } from '../src/store/store.ts';
import { TagIndex } from '../src/store/tag-index.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

const JSON_TYPE = { 'Content-Type': 'application/json' };
let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 40 });
});

const as = (session: string | null): Record<string, string> =>
  session ? { 'X-Mock-Session': session } : {};
async function getJsonAs(path: string, session: string | null): Promise<any> {
  const res = await mock.request(path, { headers: { ...AUTH, ...as(session) } });
  expect(res.status).toBe(200);
  return res.json();
}
const planStatus = async (pk: number, session: string | null) =>
  (await getJsonAs(`/api/v1/cancellation_plans/${pk}/`, session)).status as string;
const requestTags = async (id: number, session: string | null) =>
  (await getJsonAs(`/api/v1/cancellation_requests/${id}/tags/`, session)) as string[];

describe('sessions (X-Mock-Session)', () => {
  it('keeps each session apart from the others and from the shared state under parallel writes', async () => {
    const waiting = [...mock.store.plans.values()]
      .filter((p) => p.status === 'waiting')
      .slice(0, 4);
    const requests = [...mock.store.requests.values()].slice(0, 4);
    expect(waiting.length).toBe(4);
    const sessions = ['suite-a', 'suite-b', 'suite-c', 'suite-d'];
    // Every session moves its own plan and tags its own request, all at once.
    await Promise.all(
      sessions.flatMap((s, i) => [
        mock
          .request(`/api/v1/cancellation_plans/${waiting[i]!.pk}/update_status/`, {
            method: 'POST',
            headers: { ...AUTH, ...JSON_TYPE, ...as(s) },
            body: JSON.stringify({ status: 'confirmed' }),
          })
          .then((r) => expect(r.status).toBe(200)),
        mock
          .request(`/api/v1/cancellation_requests/${requests[i]!.id}/add_tag/`, {
            method: 'POST',
            headers: { ...AUTH, ...JSON_TYPE, ...as(s) },
            body: JSON.stringify({ key: `tag-${s}` }),
          })
          .then((r) => expect(r.status).toBe(204)),
      ]),
    );
    for (const [i, s] of sessions.entries()) {
      for (const [j, other] of [...sessions, null].entries()) {
        expect(await planStatus(waiting[i]!.pk, other)).toBe(i === j ? 'confirmed' : 'waiting');
        expect((await requestTags(requests[i]!.id, other)).includes(`tag-${s}`)).toBe(i === j);
      }
    }
    expect(mock.store.plans.get(waiting[0]!.pk)!.status).toBe('waiting');
    // The list a session reads carries its own writes in place, in pk order.
    const list = await getJsonAs(
      '/api/v1/cancellation_plans/?limit=1000&status=confirmed',
      'suite-a',
    );
    expect(list.results.map((p: { pk: number }) => p.pk)).toContain(waiting[0]!.pk);
    const sharedList = await getJsonAs(
      '/api/v1/cancellation_plans/?limit=1000&status=confirmed',
      null,
    );
    expect(list.count).toBe(sharedList.count + 1);
  });

  it('resets one session alone', async () => {
    const plan = [...mock.store.plans.values()].find((p) => p.status === 'waiting')!;
    for (const s of ['reset-a', 'reset-b']) {
      await mock.request(`/api/v1/cancellation_plans/${plan.pk}/update_status/`, {
        method: 'POST',
        headers: { ...AUTH, ...JSON_TYPE, ...as(s) },
        body: JSON.stringify({ status: 'rejected' }),
      });
    }
    const res = await mock.request('/__mock/reset', { method: 'POST', headers: as('reset-a') });
    expect(await json(res)).toMatchObject({ reset: 'session', session: 'reset-a' });
    expect(await planStatus(plan.pk, 'reset-a')).toBe('waiting');
    expect(await planStatus(plan.pk, 'reset-b')).toBe('rejected');
  });

  it('drops the least recently used session past the cap and names it in X-Mock-Session-Evicted', async () => {
    const small = await createTestMock({ size: 5 });
    small.admin.state.sessions.max = 2;
    const hit = (s: string) =>
      small.request('/api/v1/cancellation_plans/?limit=1', { headers: { ...AUTH, ...as(s) } });
    expect((await hit('one')).headers.get('x-mock-session-evicted')).toBeNull();
    expect((await hit('two')).headers.get('x-mock-session-evicted')).toBeNull();
    await hit('one'); // now "two" is the least recently used
    const third = await hit('three');
    expect(third.status).toBe(200);
    expect(third.headers.get('x-mock-session-evicted')).toBe('two');
    const list = await json(await small.request('/__mock/sessions'));
    expect(list.max).toBe(2);
    expect(list.sessions.map((s: { name: string }) => s.name)).toEqual(['three', 'one']);
  });

  it('lists sessions with what they changed, and deletes one', async () => {
    await mock.request('/api/v1/cancellation_plans/?limit=1', {
      headers: { ...AUTH, ...as('listed') },
    });
    const list = await json(await mock.request('/__mock/sessions'));
    const listed = list.sessions.find((s: { name: string }) => s.name === 'listed');
    expect(listed).toMatchObject({ name: 'listed', requests: 1, changed_entries: 0 });
    expect(
      list.sessions.find((s: { name: string }) => s.name === 'suite-a').changed_entries,
    ).toBeGreaterThan(0);
    expect((await mock.request('/__mock/sessions/listed', { method: 'DELETE' })).status).toBe(204);
    expect((await mock.request('/__mock/sessions/listed', { method: 'DELETE' })).status).toBe(404);
  });

  it('starts from the shared state with X-Mock-Session-From: shared, and reset returns it there', async () => {
    const m = await createTestMock({ size: 40 });
    const [a, b] = [...m.store.plans.values()].filter((p) => p.status === 'waiting');
    const request = [...m.store.requests.values()][0]!;
    const send = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      m.request(path, {
        method: 'POST',
        headers: { ...AUTH, ...JSON_TYPE, ...headers },
        body: JSON.stringify(body),
      });
    const move = (pk: number, status: string, headers: Record<string, string> = {}) =>
      send(`/api/v1/cancellation_plans/${pk}/update_status/`, { status }, headers);
    const statusIn = async (pk: number, headers: Record<string, string>) =>
      (
        await json(
          await m.request(`/api/v1/cancellation_plans/${pk}/`, {
            headers: { ...AUTH, ...headers },
          }),
        )
      ).status;
    const tagsIn = async (headers: Record<string, string>) =>
      json(
        await m.request(`/api/v1/cancellation_requests/${request.id}/tags/`, {
          headers: { ...AUTH, ...headers },
        }),
      );
    const confirmedIn = async (headers: Record<string, string>) =>
      (
        await json(
          await m.request('/api/v1/cancellation_plans/?status=confirmed&limit=1000', {
            headers: { ...AUTH, ...headers },
          }),
        )
      ).results.map((p: any) => p.pk);
    expect((await move(a!.pk, 'confirmed')).status).toBe(200);
    expect(
      (await send(`/api/v1/cancellation_requests/${request.id}/add_tag/`, { key: 'shared-tag' }))
        .status,
    ).toBe(204);

    const qa = { 'X-Mock-Session': 'qa-from-shared', 'X-Mock-Session-From': 'shared' };
    const later = { 'X-Mock-Session': 'qa-from-shared' };
    expect(await statusIn(a!.pk, qa)).toBe('confirmed');
    expect(await tagsIn(later)).toContain('shared-tag');
    expect(await confirmedIn(later)).toContain(a!.pk);
    expect(await statusIn(a!.pk, { 'X-Mock-Session': 'qa-from-seed' })).toBe('waiting');

    // A snapshot, not a live view: later shared writes stay out, the session's own stay in.
    expect((await move(b!.pk, 'confirmed')).status).toBe(200);
    expect(await statusIn(b!.pk, later)).toBe('waiting');
    expect(await confirmedIn(later)).not.toContain(b!.pk);
    expect((await move(a!.pk, 'cancelled', later)).status).toBe(200);
    expect(await statusIn(a!.pk, later)).toBe('cancelled');
    expect(await statusIn(a!.pk, {})).toBe('confirmed');
    expect(await confirmedIn({})).toEqual(expect.arrayContaining([a!.pk, b!.pk]));

    const sessions = await json(await m.request('/__mock/sessions'));
    expect(sessions.sessions.find((x: any) => x.name === 'qa-from-shared').from).toBe('shared');
    expect(sessions.sessions.find((x: any) => x.name === 'qa-from-seed').from).toBe('seed');

    // Reset: back to where it began, even after the shared state itself was reset.
    expect((await m.request('/__mock/reset', { method: 'POST' })).status).toBe(200);
    const reset = await m.request('/__mock/reset', { method: 'POST', headers: later });
    expect(reset.status).toBe(200);
    expect(await statusIn(a!.pk, later)).toBe('confirmed');
    expect(await statusIn(b!.pk, later)).toBe('waiting');
    expect(await tagsIn(later)).toContain('shared-tag');
    expect(await statusIn(a!.pk, {})).toBe('waiting');
    expect(await tagsIn({})).not.toContain('shared-tag');
  });

  it('refuses an X-Mock-Session-From other than seed or shared', async () => {
    const res = await mock.request('/api/v1/cancellation_plans/', {
      headers: { ...AUTH, 'X-Mock-Session': 'from-where', 'X-Mock-Session-From': 'live' },
    });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ code: 'invalid_session' });
    const listed = (await json(await mock.request('/__mock/sessions'))).sessions;
    expect(listed.map((x: any) => x.name)).not.toContain('from-where');
  });

  it.each(['', 'has space', '-lead', 'x'.repeat(65), 'ümlaut'])(
    'refuses the session name %j with 400 invalid_session',
    async (name) => {
      const res = await mock.request('/api/v1/cancellation_plans/', {
        headers: { ...AUTH, 'X-Mock-Session': name },
      });
      expect(res.status).toBe(400);
      expect((await json(res)).code).toBe('invalid_session');
    },
  );
});

describe('copy-on-write views', () => {
  it('reads through to the base, keeps writes and deletes local, and iterates in the base order', () => {
    const base = new Map([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    const view = new OverlayMap(base);
    view.set(2, 'B');
    view.set(4, 'd');
    view.delete(1);
    expect([...view]).toEqual([
      [2, 'B'],
      [3, 'c'],
      [4, 'd'],
    ]);
    expect(view.size).toBe(3);
    expect(view.get(1)).toBeUndefined();
    expect(view.has(3)).toBe(true);
    view.set(1, 'A');
    expect([...view.keys()]).toEqual([1, 2, 3, 4]);
    expect(view.size).toBe(4);
    expect(base).toEqual(
      new Map([
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ]),
    );
    view.clear();
    expect(view.size).toBe(0);
    expect(base.size).toBe(3);
  });

  it("copies one object's tags on first write and answers tag lookups over both", () => {
    const base = new TagIndex();
    base.add(1, 'x');
    base.add(2, 'x');
    const view = new OverlayTagIndex(base);
    view.remove(1, 'x');
    view.add(3, 'x');
    view.add(2, 'y');
    expect([...view.idsWith('x')].sort()).toEqual([2, 3]);
    expect(view.tagsOf(2)).toEqual(['x', 'y']);
    expect(base.tagsOf(1)).toEqual(['x']);
    expect(base.has(2, 'y')).toBe(false);
  });

  it('creates a session of a large store without copying it', () => {
    const store = createStore();
    const plan = mock.store.plans.values().next().value!;
    for (let pk = 1; pk <= 300_000; pk += 1) store.plans.set(pk, plan);
    // Copying would read 300,000 entries each (seconds for 50); a view reads none. Counted, not
    // timed: a collection or a loaded machine can pause any 250 ms.
    let reads = 0;
    const plans = store.plans as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>;
    for (const name of ['entries', 'keys', 'values', 'forEach', Symbol.iterator]) {
      const own = plans[name]!.bind(store.plans);
      plans[name] = (...a: unknown[]) => ((reads += 1), own(...a));
    }
    const views = Array.from({ length: 50 }, () => overlayOf(store));
    expect(reads).toBe(0);
    for (const view of views) expect((view.plans as OverlayMap<number, unknown>).ownSize).toBe(0);
    expect(views[0]!.plans.size).toBe(300_000);
    views[0]!.plans.set(7, { ...plan, status: 'failed' });
    expect((views[0]!.plans as OverlayMap<number, unknown>).ownSize).toBe(1);
    expect(store.plans.get(7)).toBe(plan);
  });
});
