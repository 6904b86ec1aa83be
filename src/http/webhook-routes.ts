import { Hono } from 'hono';
import type { FilterDef } from '../domain/shared/filter-engine.ts';
import { redactUrl, serializeSubscription } from '../webhooks/serialize-subscription.ts';
import { readSubscriptionInput } from '../webhooks/subscription-input.ts';
import type { Subscription, SubscriptionRegistry } from '../webhooks/subscriptions.ts';
import { DRF, domainErrorResponse } from './drf-errors.ts';
import type { AppEnv } from './env.ts';
import { readJsonBody } from './json-body.ts';
import { applyListFilters } from './list-query.ts';
import { paginate } from './pagination.ts';
import { parseId, type RouteDeps } from './route-deps.ts';

const BASE = '/whisperer/hooks';

/** The library's `WebhookFilter`: case-insensitive exact `target_url` and `event_type`, `is_active`. */
const SUBSCRIPTION_FILTERS: FilterDef<Subscription>[] = [
  { name: 'target_url', kind: 'itext', value: (s) => s.target_url },
  { name: 'event_type', kind: 'itext', value: (s) => s.event_type },
  { name: 'is_active', kind: 'bool', value: (s) => s.is_active },
];

/**
 * Webhook subscriptions (DOMAIN.md §5), the library's own `/whisperer/hooks/` routes: list,
 * create, delete — each the token user's own, as the library's viewset filters by user. They
 * are not part of the store (see `SubscriptionRegistry`), so `c.get('store')` plays no part here.
 */
export function webhookRoutes(deps: RouteDeps & { webhooks: SubscriptionRegistry }): Hono<AppEnv> {
  const { gate, config, logger, webhooks } = deps;
  const app = new Hono<AppEnv>({ strict: true });

  app.get(`${BASE}/`, gate.operation('listWebhookSubscriptions'), (c) => {
    const outcome = applyListFilters(c, SUBSCRIPTION_FILTERS, {
      strict: config.strict,
      onIgnored: (names) =>
        logger.info(`ignored query parameters on listWebhookSubscriptions: ${names.join(', ')}`),
    });
    if ('response' in outcome) return outcome.response;
    const rows = webhooks
      .list(c.get('principal').userPk)
      .filter((s) => outcome.predicates.every((p) => p(s)));
    const page = paginate(rows, new URL(c.req.url), serializeSubscription);
    return page ? c.json(page) : c.json(DRF.invalidPage, 404);
  });

  app.post(`${BASE}/`, gate.operation('createWebhookSubscription'), async (c) => {
    const body = await readJsonBody(c);
    if ('response' in body) return body.response;
    const input = readSubscriptionInput(body.value, config.webhookAllow);
    if (!input.ok) return domainErrorResponse(c, input.error);
    const created = webhooks.create(c.get('principal').userPk, input.value);
    if (!created.ok) return domainErrorResponse(c, created.error);
    const s = created.value;
    logger.info(
      `webhook subscription ${s.id}: ${s.event_type} → ${redactUrl(s.target_url)} (${s.secret_key ? 'signed' : 'unsigned'})`,
    );
    return c.json(serializeSubscription(s), 201);
  });

  app.delete(`${BASE}/:id/`, gate.operation('deleteWebhookSubscription'), (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null || !webhooks.delete(c.get('principal').userPk, id))
      return c.json(DRF.notFound, 404);
    logger.info(`webhook subscription ${id} deleted`);
    return c.body(null, 204);
  });

  return app;
}
