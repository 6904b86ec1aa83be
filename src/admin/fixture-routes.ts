import { Hono, type MiddlewareHandler } from 'hono';
import { FIELD_MESSAGES } from '../domain/errors.ts';
import { domainErrorResponse, fieldErrors } from '../http/drf-errors.ts';
import type { AppEnv } from '../http/env.ts';
import { isObject, readJsonBody } from '../http/json-body.ts';
import { TOKEN_USER_PK } from '../http/tokens.ts';
import type { AdminContext } from './admin-context.ts';
import { createOrderFixture, readOrderFixture } from '../domain/fixtures/fixture-order.ts';
import { createPlanFixture, readPlanFixture } from '../domain/fixtures/fixture-plan.ts';
import { createRequestFixture } from '../domain/fixtures/fixture-request.ts';
import { unrefused } from '../store/write-budget.ts';
import { overlayOf } from '../state/store-views.ts';

/**
 * `POST /__mock/fixtures`: objects in a given state, made through the domain rules, in the
 * caller's store (shared or session). Fixtures act as the full token's user.
 */
export function fixtureRoutes(
  ctx: AdminContext,
  op: (id: string) => MiddlewareHandler<AppEnv>,
): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: true });

  app.post('/__mock/fixtures', op('createMockFixture'), async (c) => {
    const body = await readJsonBody(c);
    if ('response' in body) return body.response;
    if (!isObject(body.value))
      return c.json({ non_field_errors: ['Invalid data. Expected a dictionary.'] }, 400);
    const store = c.get('store');
    const { kind, ...rest } = body.value;
    if (kind === undefined) return fieldErrors(c, { kind: [FIELD_MESSAGES.required] });
    if (kind === 'order') {
      const read = readOrderFixture(store, rest, '400');
      if ('errors' in read) return fieldErrors(c, read.errors);
      const { order, items } = createOrderFixture(store, ctx.clock, read.input);
      return c.json({ kind: 'order', order: order.pk, order_items: items.map((i) => i.pk) }, 201);
    }
    if (kind === 'plan') {
      const read = readPlanFixture(store, rest);
      if ('errors' in read) return fieldErrors(c, read.errors);
      const made = unrefused(() => createPlanFixture(store, ctx.clock, read.input, TOKEN_USER_PK, ctx.events));
      if ('errors' in made) return fieldErrors(c, made.errors);
      const { plan, orderItems, planItems, path } = made.fixture;
      return c.json(
        {
          kind: 'plan',
          plan: plan.pk,
          order: plan.order,
          order_items: orderItems,
          plan_items: planItems,
          status: plan.status,
          path,
        },
        201,
      );
    }
    if (kind === 'request') {
      // Counted in the write budget, never refused by it: a fixture is made whole or not at all.
      const made = unrefused(() => createRequestFixture(store, ctx.clock, rest, TOKEN_USER_PK, ctx.events, overlayOf));
      if (!made.ok) return domainErrorResponse(c, made.error);
      const { request, order, orderItem, plan, path } = made.value;
      const status = store.requests.get(request)!.status;
      return c.json(
        { kind: 'request', request, order, order_items: [orderItem], plan, status, path },
        201,
      );
    }
    return fieldErrors(c, { kind: [FIELD_MESSAGES.invalidChoice(kind)] });
  });

  return app;
}
