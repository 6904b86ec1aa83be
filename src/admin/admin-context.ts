import type { MiddlewareHandler } from 'hono';
import type { Context } from 'hono';
import type { EventBus } from '../domain/events/event-bus.ts';
import type { AppEnv } from '../http/env.ts';
import type { Logger } from '../logger.ts';
import type { AdminSpec } from './admin-spec.ts';
import type { ControlClock } from '../common/control-clock.ts';
import type { FaultRules } from '../faults/fault-rules.ts';
import type { MockState } from '../state/mock-state.ts';
import type { RequestLog } from '../http/request-log.ts';

/** Everything the admin routes work with. */
export interface AdminContext {
  state: MockState;
  faults: FaultRules;
  requests: RequestLog;
  clock: ControlClock;
  spec: AdminSpec;
  logger: Logger;
  /** The admin refusal for a request (401/403), or null. */
  guard: (c: Context) => Response | null;
  /** The mock's event bus: fixtures publish `cancellation_plan.created` like API writes. */
  events: EventBus;
}

/** Admin operations served elsewhere (`admin/health-routes.ts`, `admin/status-page.ts`), with no token needed. */
export const PUBLIC_ADMIN_OPERATIONS = ['getMockHealth', 'getMockStatusPage'];

/**
 * The first handler of every admin route, like `gate.operation` for the API: names the admin
 * operation (for the self-check and logs) and applies the admin guard. It records which
 * operations got a route, so a documented admin operation without one stops start-up.
 */
export function adminOperations(ctx: AdminContext): {
  op(operationId: string): MiddlewareHandler<AppEnv>;
  assertAllRouted(): void;
} {
  const routed = new Set<string>(PUBLIC_ADMIN_OPERATIONS);
  return {
    op(operationId) {
      const operation = ctx.spec.operations.get(operationId);
      if (!operation)
        throw new Error(
          `admin route names operation ${operationId}, which the admin document does not define`,
        );
      routed.add(operationId);
      return async (c, next) => {
        c.set('operation', operation);
        const refused = ctx.guard(c);
        if (refused) return refused;
        await next();
      };
    },
    assertAllRouted() {
      const missing = [...ctx.spec.operations.keys()].filter((id) => !routed.has(id));
      if (missing.length > 0)
        throw new Error(`admin operations without a route: ${missing.join(', ')}`);
    },
  };
}
