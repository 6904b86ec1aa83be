import { fileURLToPath } from 'node:url';
import { AUTH, createTestMock, type TestMock } from './test-mock.ts';
import type { Config } from '../../src/config.ts';

/** A DRF CRUD resource, the same schema on a channel-scoped path, a custom action, an array list. */
export const WIDGETS = fileURLToPath(new URL('../fixtures/engine/widgets.openapi.yaml', import.meta.url));

/** A test mock that also serves the widgets document (as `--spec` would). */
export function widgetMock(overrides: Partial<Config> = {}): Promise<TestMock> {
  return createTestMock({ spec: [WIDGETS], ...overrides });
}

/** A JSON request with the full token. */
export function send(mock: TestMock, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return mock.request(path, {
    method,
    headers: { ...AUTH, 'Content-Type': 'application/json', ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

/** A valid widget body. */
export const VALID = { name: 'Kırmızı vida', status: 'active', priority: 3, channel: 1 };
