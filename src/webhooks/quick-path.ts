import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { TOKEN_USER_PK } from '../http/tokens.ts';
import type { Logger } from '../logger.ts';
import { DEFAULT_COUNTDOWN } from './countdown.ts';
import { redactUrl } from './serialize-subscription.ts';
import { targetUrlProblem } from './subscription-input.ts';
import type { Subscription, SubscriptionRegistry } from './subscriptions.ts';

/**
 * The quick path (DOMAIN.md §5): `MOCK_WEBHOOK_URL` (`--webhook-url`) and, optionally,
 * `MOCK_WEBHOOK_SECRET` (`--webhook-secret`) subscribe one target to `cancellation_plan.created`
 * at start, owned by the full token's user — so it shows in that token's list and can be
 * deleted like any other. The allow-list applies: a target it does not list stops start-up
 * with one line, as any bad setting does.
 */
export function subscribeQuickPath(
  config: Config,
  registry: SubscriptionRegistry,
  logger: Logger,
): Subscription | null {
  if (config.webhookUrl === null) {
    if (config.webhookSecret !== null)
      logger.warn(
        'MOCK_WEBHOOK_SECRET is set but MOCK_WEBHOOK_URL is not: no webhook is subscribed',
      );
    return null;
  }
  checkQuickPath(config);
  const created = registry.create(TOKEN_USER_PK, {
    event_type: 'cancellation_plan.created',
    target_url: config.webhookUrl,
    secret_key: config.webhookSecret,
    is_active: true,
    retry_countdown_config: DEFAULT_COUNTDOWN,
    additional_headers: {},
    config: {},
  });
  if (!created.ok) throw new ConfigError('MOCK_WEBHOOK_URL (--webhook-url): could not subscribe');
  logger.info(
    `webhook: cancellation_plan.created → ${redactUrl(config.webhookUrl)} (${config.webhookSecret ? 'signed' : 'unsigned'}), subscription ${created.value.id}`,
  );
  return created.value;
}

/** Throws the start-up error for a quick-path target that is not a valid, allowed URL. */
export function checkQuickPath(config: Pick<Config, 'webhookUrl' | 'webhookAllow'>): void {
  if (config.webhookUrl === null) return;
  const problem = targetUrlProblem(config.webhookUrl, config.webhookAllow);
  if (problem) throw new ConfigError(`MOCK_WEBHOOK_URL (--webhook-url): ${problem}`);
}
