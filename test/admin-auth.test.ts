import { describe, expect, it } from 'vitest';
import { isLoopback } from '../src/admin/admin-guard.ts';
import { loadAdminSpec } from '../src/admin/admin-spec.ts';
import { AUTH, createTestMock, json } from './support/test-mock.ts';

const ADMIN_ROUTES: Array<[string, string]> = [
  ['POST', '/__mock/reset'],
  ['GET', '/__mock/state'],
  ['GET', '/__mock/requests'],
  ['GET', '/__mock/sessions'],
  ['GET', '/__mock/faults'],
  ['DELETE', '/__mock/faults'],
  ['GET', '/__mock/clock'],
  ['DELETE', '/__mock/clock'],
];

describe('admin auth without MOCK_ADMIN_TOKEN', () => {
  it.each(ADMIN_ROUTES)(
    'refuses %s %s from a non-loopback address with DRF 403',
    async (method, path) => {
      const mock = await createTestMock({ size: 3 });
      mock.admin.hooks.remoteAddress = () => '10.1.2.3';
      const res = await mock.request(path, { method });
      expect(res.status).toBe(403);
      expect(await json(res)).toEqual({
        detail: 'You do not have permission to perform this action.',
        code: 'permission_denied',
      });
    },
  );

  it.each(['127.0.0.1', '127.8.0.1', '::1', '::ffff:127.0.0.1'])(
    'answers loopback %s',
    async (address) => {
      const mock = await createTestMock({ size: 3 });
      mock.admin.hooks.remoteAddress = () => address;
      expect((await mock.request('/__mock/clock')).status).toBe(200);
    },
  );

  it('treats an in-process call (no socket) as loopback', async () => {
    const mock = await createTestMock({ size: 3 });
    expect((await mock.request('/__mock/sessions')).status).toBe(200);
  });

  it('needs no token for health from anywhere', async () => {
    const mock = await createTestMock({ size: 3 });
    mock.admin.hooks.remoteAddress = () => '192.168.1.9';
    expect((await mock.request('/__mock/health')).status).toBe(200);
  });

  it('tells loopback addresses apart', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::ffff:10.0.0.1')).toBe(false);
    expect(isLoopback('1.27.0.0')).toBe(false);
  });
});

describe('admin auth with MOCK_ADMIN_TOKEN', () => {
  it('needs Authorization: Token <admin token> from anywhere, loopback included', async () => {
    const mock = await createTestMock({ size: 3, adminToken: 'admin-secret' });
    const none = await mock.request('/__mock/clock');
    expect(none.status).toBe(401);
    expect(await json(none)).toEqual({
      detail: 'Authentication credentials were not provided.',
      code: 'not_authenticated',
    });
    const api = await mock.request('/__mock/clock', { headers: AUTH });
    expect(api.status).toBe(401);
    expect(await json(api)).toEqual({ detail: 'Invalid token.', code: 'authentication_failed' });
    const admin = { Authorization: 'Token admin-secret' };
    expect((await mock.request('/__mock/clock', { headers: admin })).status).toBe(200);
    mock.admin.hooks.remoteAddress = () => '203.0.113.7';
    expect((await mock.request('/__mock/clock', { headers: admin })).status).toBe(200);
    expect((await mock.request('/__mock/reset', { method: 'POST', headers: admin })).status).toBe(
      200,
    );
    expect((await mock.request('/__mock/health')).status).toBe(200);
  });

  it('does not let the admin token into the API', async () => {
    const mock = await createTestMock({ size: 3, adminToken: 'admin-secret' });
    expect(
      (
        await mock.request('/api/v1/cancellation_plans/', {
          headers: { Authorization: 'Token admin-secret' },
        })
      ).status,
    ).toBe(401);
  });
});

describe('the admin document', () => {
  it('describes every admin answer: a body off its schema is a violation, not silently passed', async () => {
    const mock = await createTestMock({ size: 3 });
    mock.admin.requests.query = () => ({ count: -1, results: [{ nonsense: true }] as never });
    const res = await mock.app.request('/__mock/requests');
    expect(res.status).toBe(200);
    expect(mock.violations).toHaveLength(1);
    expect(mock.violations[0]).toMatchObject({
      operationId: 'listMockRequests',
      path: '/__mock/requests',
    });
  });

  it('replaces a violating admin answer with a 500 under --strict', async () => {
    const mock = await createTestMock({ size: 3, strict: true });
    mock.admin.requests.query = () => ({ count: 'x' as never, results: [] });
    const res = await mock.app.request('/__mock/requests');
    expect(res.status).toBe(500);
    expect((await json(res)).code).toBe('mock_self_check_failed');
  });

  it('is its own OpenAPI 3.0 document, apart from the served ones', async () => {
    const { specs } = await loadAdminSpec();
    expect(Object.keys(specs.documents)).toEqual(['admin.openapi.yaml']);
    expect(specs.operations.every((op) => op.path.startsWith('/__mock/'))).toBe(true);
    const mock = await createTestMock({ size: 3 });
    expect(mock.specs.operations.some((op) => op.path.startsWith('/__mock'))).toBe(false);
  });
});
