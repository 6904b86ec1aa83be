import { expect } from 'vitest';
import { buildMock, type Mock } from '../../src/build-mock.ts';
import { testConfig, type Config } from '../../src/config.ts';
import { createFixedClock } from '../../src/common/clock.ts';
import type { Violation } from '../../src/http/self-check.ts';
import { silentLogger, type Logger } from '../../src/logger.ts';
import { prepareServedSpecs } from '../../src/engine/served-specs.ts';
import { loadSpecs, type LoadedSpecs } from '../../src/spec/load-specs.ts';
import { createResponseChecker, type ResponseChecker } from '../../src/spec/response-checker.ts';
import { loadUnroutedSchema } from '../../src/spec/unrouted-schema.ts';
import type { DeliveryOptions } from '../../src/webhooks/delivery-service.ts';

export const TOKEN = 'test-token';
export const READONLY_TOKEN = 'test-readonly-token';
export const AUTH = { Authorization: `Token ${TOKEN}` };
/** The frozen "now" of every test mock. */
export const TEST_NOW = '2026-03-04T10:00:00.000Z';

const shared = new Map<string, Promise<{ specs: LoadedSpecs; checker: ResponseChecker }>>();

/**
 * Specs and validators are loaded once per test file (per set of extra documents, `--spec`):
 * they never change between tests.
 */
export function sharedSpecs(extra: readonly string[] = []): Promise<{ specs: LoadedSpecs; checker: ResponseChecker }> {
  const key = extra.join('\n');
  let found = shared.get(key);
  if (!found) {
    found = (async () => {
      const config = testConfig();
      const { specs } = prepareServedSpecs(await loadSpecs(config.specDir, extra));
      return { specs, checker: createResponseChecker(specs, await loadUnroutedSchema(config.specDir), { eager: false }) };
    })();
    shared.set(key, found);
  }
  return found;
}

export interface TestMock extends Mock {
  /**
   * `app.request()` that fails the test at once if the response does not conform to the served
   * spec (status documented, content type, body schema): the self-check is an assertion here.
   */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** GET with the full token, parsed as JSON, status asserted. */
  getJson(path: string, status?: number): Promise<any>;
  /** POST JSON with the full token. */
  postJson(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  violations: Violation[];
  config: Config;
}

/**
 * A fresh, seeded mock with a fixed clock and silent logs. Small by default, for speed.
 * `options.webhooks` passes delivery knobs (a manual scheduler); `options.logger` captures logs.
 */
export async function createTestMock(
  overrides: Partial<Config> = {},
  options: { logger?: Logger; webhooks?: DeliveryOptions } = {},
): Promise<TestMock> {
  const { specs, checker } = await sharedSpecs(overrides.spec ?? []);
  const config = testConfig({ token: TOKEN, readonlyToken: READONLY_TOKEN, size: 120, ...overrides });
  const violations: Violation[] = [];
  const mock = await buildMock(config, {
    logger: options.logger ?? silentLogger,
    clock: createFixedClock(TEST_NOW),
    ...(options.webhooks && { webhooks: options.webhooks }),
    specs,
    checker,
    onViolation: (v) => violations.push(v),
  });
  const request = async (path: string, init?: RequestInit) => {
    const res = await mock.app.request(path, init);
    expect(violations, `response to ${init?.method ?? 'GET'} ${path} failed the spec self-check`).toEqual([]);
    return res;
  };
  return {
    ...mock,
    config,
    violations,
    request,
    async getJson(path, status = 200) {
      const res = await request(path, { headers: AUTH });
      const body: any = await res.json();
      expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(status);
      return body;
    },
    postJson(path, body, headers = {}) {
      return request(path, {
        method: 'POST',
        headers: { ...AUTH, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    },
  };
}

/** Every row of a list: one page of the maximum size (tests keep stores small enough). */
export async function allRows(mock: TestMock, path: string, query = ''): Promise<any[]> {
  const sep = query ? `&${query}` : '';
  const body = await mock.getJson(`${path}?limit=1000${sep}`);
  expect(body.count).toBeLessThanOrEqual(1000);
  return body.results;
}

/** A response body as JSON, typed loosely for assertions (undici types it as `unknown`). */
export async function json(res: Response): Promise<any> {
  return res.json();
}
