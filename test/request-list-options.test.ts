import { describe, expect, it } from 'vitest';
import type { Logger } from '../src/logger.ts';
import { AUTH, createTestMock } from './support/test-mock.ts';

/**
 * The request lists' filter options are made once per route's list of extra names (issue 26,
 * eighteenth session) instead of once a request: each list must still reserve its own names,
 * name its own operation in the ignored-parameters log line, and `--strict` must still refuse.
 * The lists are asked in turns, so that a list answered with another's options would show.
 */
const LIST = '/api/v1/cancellation_requests/';
const DETAILED = '/api/v1/cancellation_requests/detailed/';

function capturing(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const none = () => {};
  return { level: 'info', error: none, warn: none, info: (m: string) => void lines.push(m), debug: none, lines };
}

/** The ignored-parameters lines (the access log writes a line a request too). */
const ignoredLines = (logger: { lines: string[] }) => logger.lines.filter((l) => l.startsWith('ignored query parameters'));

describe('request list filter options', () => {
  it('reserve each list its own names and log each list under its own operation, in turns', async () => {
    const logger = capturing();
    const mock = await createTestMock({ size: 30 }, { logger });
    for (let round = 0; round < 3; round += 1) {
      // `export_format` is the detailed list's (here: its csv export), an unknown name on the plain list.
      const plain = await mock.request(`${LIST}?export_format=csv&zz${round}=1&limit=2`, { headers: AUTH });
      expect(plain.status).toBe(200);
      expect(plain.headers.get('X-Mock-Ignored-Params')).toBe(`export_format,zz${round}`);
      expect(((await plain.json()) as { results: unknown[] }).results).toHaveLength(2);
      expect(ignoredLines(logger).at(-1)).toBe(`ignored query parameters on listCancellationRequests: export_format, zz${round}`);

      const detailed = await mock.request(`${DETAILED}?export_format=csv&yy${round}=1`, { headers: AUTH });
      expect(detailed.status).toBe(200);
      expect(detailed.headers.get('Content-Type')).toMatch(/^text\/csv/);
      expect(detailed.headers.get('X-Mock-Ignored-Params')).toBe(`yy${round}`);
      expect(ignoredLines(logger).at(-1)).toBe(`ignored query parameters on listDetailedCancellationRequests: yy${round}`);
    }
  });

  it('still refuses an unknown name under --strict, and only there', async () => {
    const strict = await createTestMock({ size: 30, strict: true });
    const lax = await createTestMock({ size: 30 });
    for (const mock of [strict, lax, strict, lax]) {
      const res = await mock.request(`${LIST}?zz=1&limit=1`, { headers: AUTH });
      if (mock === strict) {
        expect(res.status).toBe(400);
        expect(await res.json()).toEqual({ zz: ['Unknown query parameter (refused by --strict).'] });
      } else {
        expect(res.status).toBe(200);
        expect(res.headers.get('X-Mock-Ignored-Params')).toBe('zz');
      }
    }
  });
});
