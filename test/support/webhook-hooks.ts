import { AUTH, type TestMock } from './test-mock.ts';

/** Webhook subscriptions at `/whisperer/hooks/` (DOMAIN.md §5): what their tests post. */
export const HOOKS = '/whisperer/hooks/';
export const EVENT = 'cancellation_plan.created';
export const TARGET = 'http://127.0.0.1:9/hook';

/** POSTs `body` as JSON to the subscriptions, with the full token unless `headers` say otherwise. */
export function postHook(
  mock: TestMock,
  body: unknown,
  headers: Record<string, string> = AUTH,
): Promise<Response> {
  return mock.request(HOOKS, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}
