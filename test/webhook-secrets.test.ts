import { describe, expect, it } from 'vitest';
import { buildMock } from '../src/build-mock.ts';
import { ConfigError, testConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createManualScheduler } from '../src/webhooks/scheduler.ts';
import {
  createBody,
  createRequestVia,
  itemSupply,
  patchStatus,
} from './support/request-helpers.ts';
import { createTestMock, json, sharedSpecs } from './support/test-mock.ts';
import { EVENT, HOOKS, postHook as post } from './support/webhook-hooks.ts';
import { startTestReceiver } from './support/webhook-receiver.ts';

/**
 * Webhook secrets (DOMAIN.md §5, SECURITY.md): a subscription's `secret_key` is answered masked,
 * never in full, and never logged; the quick path from MOCK_WEBHOOK_URL and MOCK_WEBHOOK_SECRET
 * subscribes one signed target at start, and a target it cannot take stops start-up.
 */

describe('webhook secrets', () => {
  it('are answered masked, never in full, and never logged', async () => {
    const lines: string[] = [];
    const secret = 'super-secret-value-7731';
    const receiver = await startTestReceiver();
    const logged = await createTestMock(
      { size: 20, webhookUrl: `${receiver.url}?quick=1`, webhookSecret: 'quick-path-secret-9921' },
      {
        logger: createLogger('debug', (l) => lines.push(l)),
        webhooks: { scheduler: createManualScheduler() },
      },
    );
    try {
      const res = await post(logged, {
        event_type: EVENT,
        target_url: receiver.url,
        secret_key: secret,
        config: {
          auth: { auth_type: 'basic', username: 'u', password: 'pw-secret-1' },
          // The longest timeout: an attempt out while the machine stalls must still be delivered.
          timeout: 60,
        },
      });
      const created = await json(res);
      expect(created.secret_key).toBe('********7731');
      expect(created.config.auth).toEqual({
        auth_type: 'basic',
        username: 'u',
        password: '********',
      });
      const short = await json(
        await post(logged, {
          event_type: EVENT,
          target_url: `${receiver.url}/short`,
          secret_key: 'abc',
          config: { timeout: 60 },
        }),
      );
      expect(short.secret_key).toBe('********');
      // A delivery happens, so delivery lines are logged too. Every first attempt has ended once
      // idle; the quick path's keeps the 10 s default, so after a stall it may have timed out
      // (logged as failed, its retry waiting) before the receiver read it.
      const next = itemSupply(logged.store);
      const request = await createRequestVia(logged, createBody(logged.store, next()));
      expect((await patchStatus(logged, request.id, 'approved')).status).toBe(200);
      await logged.webhooks.idle();
      expect((await logged.getJson('/__mock/webhooks/deliveries')).counters).toMatchObject({
        deliveries: 3,
        attempts: 3,
      });
      const shown = [
        lines.join('\n'),
        await (await logged.request('/__mock/webhooks/deliveries')).text(),
        await (await logged.request('/__mock/')).text(),
      ].join('\n');
      const answered = JSON.stringify(await logged.getJson(HOOKS));
      for (const s of [secret, 'quick-path-secret-9921', 'pw-secret-1']) {
        expect(shown).not.toContain(s);
        expect(answered).not.toContain(s);
      }
      // A target's query may hold a key too: logs, the delivery log and the status page drop it.
      expect(shown).not.toContain('quick=1');
      expect(lines.join('\n')).toMatch(/webhook delivered/);
    } finally {
      await logged.webhooks.close();
      await receiver.close();
    }
  });
});

describe('the quick path (MOCK_WEBHOOK_URL, MOCK_WEBHOOK_SECRET)', () => {
  it("subscribes one signed target at start, owned by the full token's user", async () => {
    const quick = await createTestMock({
      size: 5,
      webhookUrl: 'http://127.0.0.1:9/quick',
      webhookSecret: 'quick-secret-1234',
    });
    const list = await quick.getJson(HOOKS);
    expect(list.count).toBe(1);
    expect(list.results[0]).toMatchObject({
      event_type: EVENT,
      target_url: 'http://127.0.0.1:9/quick',
      secret_key: '********1234',
      is_active: true,
    });
    expect(quick.webhooks.quickPath?.secret_key).toBe('quick-secret-1234');
  });

  const refused: Array<[string, string, RegExp]> = [
    [
      'a host outside the allow-list',
      'http://example.com/hook',
      /MOCK_WEBHOOK_URL.*MOCK_WEBHOOK_ALLOW/,
    ],
    ['a URL that is not one', 'localhost:4012', /MOCK_WEBHOOK_URL.*Enter a valid URL/],
  ];
  it.each(refused)('stops start-up with one line for %s', async (_name, url, message) => {
    const { specs, checker } = await sharedSpecs();
    const built = buildMock(testConfig({ size: 5, webhookUrl: url }), {
      logger: createLogger('silent'),
      specs,
      checker,
    });
    await expect(built).rejects.toThrow(ConfigError);
    await expect(built).rejects.toThrow(message);
  });
});
