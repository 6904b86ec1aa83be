import { describe, expect, it } from 'vitest';
import { AUTH, READONLY_TOKEN, createTestMock, json } from './support/test-mock.ts';

const READONLY_AUTH = { Authorization: `Token ${READONLY_TOKEN}` };

/**
 * SECURITY.md: a request that does not authenticate takes no session slot. It is answered as
 * before (401 without a valid token), but creates, evicts and touches no session, so an anonymous
 * client on a shared QA box cannot fill the table and push other testers' sessions out.
 */
const names = async (mock: Awaited<ReturnType<typeof createTestMock>>): Promise<string[]> =>
  (await json(await mock.request('/__mock/sessions'))).sessions.map((s: { name: string }) => s.name);

describe('sessions and requests without a valid token', () => {
  it('an API request without a token, or with a wrong one, is 401 and creates no session', async () => {
    const mock = await createTestMock({ size: 5 });
    for (const headers of [{}, { Authorization: 'Token nope' }, { Authorization: 'Bearer x' }] as Record<string, string>[]) {
      const res = await mock.request('/api/v1/cancellation_plans/', { method: 'DELETE', headers: { ...headers, 'X-Mock-Session': 'evil' } });
      expect(res.status).toBe(401);
      const read = await mock.request('/api/v1/cancellation_plans/?limit=1', { headers: { ...headers, 'X-Mock-Session': 'evil-2' } });
      expect(read.status).toBe(401);
    }
    expect(await names(mock)).toEqual([]);
  });

  it('anonymous requests cannot evict a tester\'s session, nor move it in the eviction order', async () => {
    const mock = await createTestMock({ size: 5 });
    mock.admin.state.sessions.max = 2;
    const hit = (s: string, headers: Record<string, string> = AUTH) =>
      mock.request('/api/v1/cancellation_plans/?limit=1', { headers: { ...headers, 'X-Mock-Session': s } });
    await hit('tester-a');
    await hit('tester-b');
    for (let i = 0; i < 5; i += 1) expect((await hit(`flood-${i}`, {})).status).toBe(401);
    // An anonymous request naming tester-a does not make it the most recently used.
    expect((await hit('tester-a', {})).status).toBe(401);
    expect(await names(mock)).toEqual(['tester-b', 'tester-a']);
    const third = await hit('tester-c');
    expect(third.headers.get('x-mock-session-evicted')).toBe('tester-a');
  });

  it('valid tokens (full and read-only) and the admin API still create sessions as before', async () => {
    const mock = await createTestMock({ size: 5 });
    expect((await mock.request('/api/v1/cancellation_plans/?limit=1', { headers: { ...AUTH, 'X-Mock-Session': 'full' } })).status).toBe(200);
    expect((await mock.request('/api/v1/cancellation_plans/?limit=1', { headers: { ...READONLY_AUTH, 'X-Mock-Session': 'ro' } })).status).toBe(200);
    expect((await mock.request('/__mock/reset', { method: 'POST', headers: { 'X-Mock-Session': 'admin' } })).status).toBe(200);
    expect((await names(mock)).sort()).toEqual(['admin', 'full', 'ro']);
  });

  it('an admin request the guard refuses creates no session', async () => {
    const mock = await createTestMock({ size: 5, adminToken: 'admin-secret' });
    const res = await mock.request('/__mock/reset', { method: 'POST', headers: { 'X-Mock-Session': 'evil' } });
    expect(res.status).toBe(401);
    const listed = await json(await mock.request('/__mock/sessions', { headers: { Authorization: 'Token admin-secret' } }));
    expect(listed.sessions).toEqual([]);
  });
});
