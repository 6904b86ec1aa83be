import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { AUTH, createTestMock } from './support/test-mock.ts';

/**
 * A client's `X-Request-Id` names its request in the access line, clipped as every echo of a
 * client's value is (100 characters and `…`): a hostile client's 6 KB header must not make every
 * line it causes 6 KB long. The mock never sends the id back.
 */
describe('the X-Request-Id in log lines', () => {
  it('is written whole up to 100 characters, clipped past them, and never echoed', async () => {
    const lines: string[] = [];
    const mock = await createTestMock({ size: 10 }, { logger: createLogger('info', (line) => lines.push(line)) });
    const short = 'req-0123456789';
    const long = `${'x'.repeat(99)}${'y'.repeat(6000)}`;
    for (const id of [short, long]) {
      const res = await mock.request('/api/v1/cancellation_plans/?limit=1', { headers: { ...AUTH, 'X-Request-Id': id } });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBeNull();
    }
    const ids = lines.filter((l) => l.includes('GET /api/v1/cancellation_plans/?limit=1 200')).map((l) => l.split(' id=')[1]);
    expect(ids).toEqual([short, `${'x'.repeat(99)}y…`]);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(400);
  });
});
