import createClient from 'openapi-fetch';
import type { paths } from 'omnitron-mock/types';

/** The plans waiting for a decision: every path, parameter and field is checked by the spec. */
export async function waitingPlans(
  baseUrl = 'http://127.0.0.1:4010',
  token = 'omnitron-mock-token',
) {
  const omnitron = createClient<paths, 'application/json'>({
    baseUrl,
    headers: { Authorization: `Token ${token}` },
  });
  const { data, error } = await omnitron.GET('/api/v1/cancellation_plans/', {
    params: { query: { status: 'waiting', limit: 5 } },
  });
  if (error) throw new Error(`listing plans failed: ${JSON.stringify(error)}`);
  return data.results.map((plan) => ({
    pk: plan.pk,
    order: plan.order.number,
    refund: plan.refund_amount,
  }));
}
