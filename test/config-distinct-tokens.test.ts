import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';

/**
 * SECURITY.md: API tokens are not admin tokens, and the read-only token changes nothing. A start
 * whose admin token equals an API token made every API client an administrator, and one whose
 * read-only token equals MOCK_TOKEN made MOCK_TOKEN (the one login answers) read-only; both started
 * silently. They stop with one line naming the variables (never the values) and exit code 2.
 */
const BIN = new URL('../bin/omnitron-mock.js', import.meta.url).pathname;

function start(env: Record<string, string>): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  // A start that is not refused listens: stop it, so the test fails on its exit code, not a hang.
  child.stdout.on('data', () => child.kill('SIGTERM'));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, err })));
}

it('refuses an admin token equal to an API token, and a read-only token equal to MOCK_TOKEN', async () => {
  const [adminIsApi, adminIsReadonly, readonlyIsFull] = await Promise.all([
    start({ MOCK_ADMIN_TOKEN: 'omnitron-mock-token' }),
    start({ MOCK_TOKEN: 'full-7f3a', MOCK_READONLY_TOKEN: 'shared-key-9c1d', MOCK_ADMIN_TOKEN: 'shared-key-9c1d' }),
    start({ MOCK_TOKEN: 'same-key-4e2b', MOCK_READONLY_TOKEN: 'same-key-4e2b' }),
  ]);
  expect(adminIsApi.code).toBe(2);
  expect(adminIsApi.err.trim()).toBe('omnitron-mock: MOCK_ADMIN_TOKEN (--admin-token) must differ from MOCK_TOKEN (--token): the admin token is not an API token');
  expect(adminIsReadonly.code).toBe(2);
  expect(adminIsReadonly.err).toContain('must differ from MOCK_READONLY_TOKEN (--readonly-token)');
  expect(adminIsReadonly.err).not.toContain('shared-key-9c1d');
  expect(readonlyIsFull.code).toBe(2);
  expect(readonlyIsFull.err.trim()).toBe('omnitron-mock: MOCK_READONLY_TOKEN (--readonly-token) must differ from MOCK_TOKEN (--token): one key cannot both write and be refused writes');
}, 60_000);

it('refuses the same key as token and read-only token in an embedded mock too (createMock)', async () => {
  const { createMock } = await import('../src/embed/create-mock.ts');
  await expect(createMock({ token: 'same-key', readonlyToken: 'same-key' })).rejects.toThrow('MOCK_READONLY_TOKEN (--readonly-token) must differ from MOCK_TOKEN (--token)');
});
