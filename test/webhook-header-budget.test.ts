import { expect, it } from 'vitest';
import { MAX_ADDITIONAL_HEADER_BYTES } from '../src/webhooks/subscription-input.ts';
import { createTestMock, json } from './support/test-mock.ts';

/**
 * A subscription's additional headers go out with every attempt, and each attempt in flight holds
 * a copy: with no bound, ten subscriptions of 30,000 one-letter headers and a hundred approvals held
 * 1.8 GiB (a shared mock dies long before its 10,000 queued deliveries). They are held to 8 KiB
 * in all, what a receiver beside the mock's own headers can read (a Node server reads 16 KiB).
 */
const HOOKS = '/whisperer/hooks/';
const EVENT = 'cancellation_plan.created';

/** `count` headers `X-H<i>: v…`, together exactly `bytes` on the wire (`Name: value\r\n`). */
function headersOf(bytes: number): Record<string, string> {
  const out: Record<string, string> = {};
  let left = bytes;
  for (let i = 0; left > 0; i += 1) {
    const name = `X-H${i}`;
    const room = Math.min(left, 1000) - name.length - 4;
    out[name] = 'v'.repeat(Math.max(0, room));
    left -= name.length + 4 + out[name]!.length;
  }
  return out;
}

it('takes additional headers up to 8 KiB in all and refuses one byte more, storing nothing', async () => {
  const mock = await createTestMock({ size: 0 });
  const fits = headersOf(MAX_ADDITIONAL_HEADER_BYTES);
  const ok = await mock.postJson(HOOKS, { event_type: EVENT, target_url: 'http://127.0.0.1:9/a', additional_headers: fits });
  expect(ok.status).toBe(201);
  expect((await json(ok)).additional_headers).toEqual(fits);
  const over = { ...fits, Z: '' };
  const refused = await mock.postJson(HOOKS, { event_type: EVENT, target_url: 'http://127.0.0.1:9/b', additional_headers: over });
  expect(refused.status).toBe(400);
  expect(await json(refused)).toEqual({
    additional_headers: ['Ensure the headers take no more than 8192 bytes in all (a receiver reads at most 16 KiB of them).'],
  });
  const listed = await mock.getJson(HOOKS);
  expect(listed.results.map((s: { target_url: string }) => s.target_url)).toEqual(['http://127.0.0.1:9/a']);
});

it("counts basic auth's Authorization header into the same budget (every delivery of a 20,000-character password was a 431)", async () => {
  const mock = await createTestMock({ size: 0 });
  const basic = (password: string) => ({ auth: { auth_type: 'basic', username: 'u', password } });
  const refused = await mock.postJson(HOOKS, { event_type: EVENT, target_url: 'http://127.0.0.1:9/c', config: basic('p'.repeat(20_000)) });
  expect(refused.status).toBe(400);
  expect(await json(refused)).toEqual({ config: { auth: ['Ensure the headers take no more than 8192 bytes in all (a receiver reads at most 16 KiB of them).'] } });
  expect((await mock.postJson(HOOKS, { event_type: EVENT, target_url: 'http://127.0.0.1:9/d', config: basic('secret') })).status).toBe(201);
  const listed = await mock.getJson(HOOKS);
  expect(listed.results.map((s: { target_url: string }) => s.target_url)).toEqual(['http://127.0.0.1:9/d']);
});
