import type { Admin } from './admin/admin.ts';
import { setUpAdmin } from './admin/set-up-admin.ts';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { createEventBus, type EventBus } from './domain/events/event-bus.ts';
import type { Clock } from './domain/shared/clock.ts';
import type { Violation } from './http/self-check.ts';
import type { Logger } from './logger.ts';
import type { SeedSummary } from './seed/seed-store.ts';
import { loadSpecs, type LoadedSpecs } from './spec/load-specs.ts';
import { createResponseChecker, lazyResponseChecker, type ResponseChecker } from './spec/response-checker.ts';
import { loadUnroutedSchema } from './spec/unrouted-schema.ts';
import type { Store } from './store/store.ts';

export interface Mock {
  app: ReturnType<typeof createApp>;
  store: Store;
  specs: LoadedSpecs;
  checker: ResponseChecker;
  summary: SeedSummary;
  /** The mock's clock: the given one, moved by `PUT /__mock/clock` (issue 10). */
  clock: Clock;
  /** The admin API's state: sessions, faults, request log, state file (issue 10). */
  admin: Admin;
  /** The internal event bus (`cancellation_plan.created` on approval); webhooks subscribe here. */
  events: EventBus;
}

/**
 * Everything `serve`, the tests and the contract harness's embedded target share: specs loaded
 * and checked once, a freshly seeded store, the self-check wired in. It never listens.
 */
export async function buildMock(
  config: Config,
  options: { logger: Logger; clock?: Clock; onViolation?: (v: Violation) => void; specs?: LoadedSpecs; checker?: ResponseChecker },
): Promise<Mock> {
  const specs = options.specs ?? (await loadSpecs(config.specDir));
  const unrouted = options.checker ? null : await loadUnroutedSchema(config.specDir);
  // Only --strict and callers that watch violations check answers: the others compile on demand.
  const compile = () => createResponseChecker(specs, unrouted!);
  const checker = options.checker ?? (config.strict || options.onViolation ? compile() : lazyResponseChecker(compile));
  const { store, summary, clock, admin } = await setUpAdmin(config, { logger: options.logger, specs, ...(options.clock && { clock: options.clock }) });
  const events = createEventBus({ onError: (err, e) => options.logger.error(`event ${e.event.type} ${e.event.uuid}: a listener failed: ${(err as Error)?.message ?? String(err)}`) });
  const app = createApp({ store, storeFor: admin.storeFor, clock, config, logger: options.logger, specs, checker, onViolation: options.onViolation, admin, events });
  return { app, store, specs, checker, summary, clock, admin, events };
}
