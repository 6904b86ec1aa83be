import type { SubscriptionInput } from '../../src/webhooks/subscription-input.ts';

/** A valid subscription body for `SubscriptionRegistry.create`, its URL made distinct by `n`. */
export function subscriptionInput(n: number): SubscriptionInput {
  return {
    event_type: 'cancellation_plan.created',
    target_url: `http://127.0.0.1:9/hook-${n}`,
    secret_key: null,
    is_active: true,
    additional_headers: {},
    retry_countdown_config: { choice: 'exponential', kwargs: { base: 2, limit: 60 } },
    config: {},
  } as SubscriptionInput;
}
