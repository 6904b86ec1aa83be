import { createAdmin, type Admin } from './admin/admin.ts';
import { adminSpecOf, loadAdminSpec } from './admin/admin-spec.ts';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { createEventBus, type EventBus } from './domain/events/event-bus.ts';
import { heldUntilSaved } from './domain/events/held-events.ts';
import { createClock, type Clock } from './common/clock.ts';
import type { RandomIds } from './common/random-ids.ts';
import type { Violation } from './http/self-check.ts';
import { MutationJournal } from './journal/mutation-journal.ts';
import type { RaceWindow } from './journal/race-window.ts';
import type { StateFileIo } from './persist/journal-append.ts';
import type { Logger } from './logger.ts';
import type { SeedSummary } from './seed/seed-store.ts';
import { openState } from './persist/open-state.ts';
import { loadSpecs, type LoadedSpecs } from './spec/load-specs.ts';
import { createResponseChecker, lazyResponseChecker, type ResponseChecker } from './spec/response-checker.ts';
import { servedOperations, shadowedOperations } from './spec/served-operations.ts';
import { loadUnroutedSchema } from './spec/unrouted-schema.ts';
import type { Store } from './store/store.ts';
import type { DeliveryOptions } from './webhooks/delivery-service.ts';
import { checkQuickPath } from './webhooks/quick-path.ts';
import { createWebhooks, type Webhooks } from './webhooks/webhooks.ts';
import { subscribeDataset } from './webhooks/dataset-subscriptions.ts';
import { planServedEngine, prepareServedSpecs } from './engine/served-specs.ts';
import { seedEngineCollections } from './engine/seed-collections.ts';
import { hasCollection } from './engine/engine-rows.ts';

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
  /** Webhook subscriptions and delivery (issue 9); `webhooks.close()` stops delivery. */
  webhooks: Webhooks;
  /** Every accepted API mutation, numbered in write order, with its body (issue 13). */
  journal: MutationJournal;
  /**
   * A new app over its own copy-on-write view of the seeded state: no admin routes, sessions,
   * faults, self-check or webhook delivery, and nothing it writes reaches this mock or another
   * fork. The contract harness runs each scenario in one; forking costs no copy.
   */
  fork(): ReturnType<typeof createApp>;
  /**
   * Starts the mock's own work: the `--webhook-url` subscription. `buildMock` calls it unless
   * told not to (`start: false`); `serve` calls it once it listens. Calling it again does nothing.
   */
  start(): void;
  /** How many served operations the domain's handlers answer, and how many the engine (issue 20). */
  served: { domain: number; engine: number };
  /**
   * Serves `specs` from now on (`--watch`, issue 20): a new `app` over the same state, sessions,
   * journal and state file. A document the app refuses (an operation without a handler, a
   * duplicate operationId) throws and changes nothing; generic collections new to the mock are
   * seeded from their own streams (the bytes a fresh start gives), the others keep their rows.
   * Answers the collections it seeded. Callers that hold `app` must read it again.
   */
  reload(specs: LoadedSpecs): Promise<string[]>;
}

/**
 * Everything `serve`, the tests and the contract harness's embedded target share: specs loaded
 * and checked once, a freshly seeded store, the self-check wired in. It never listens.
 */
export async function buildMock(
  config: Config,
  options: {
    logger: Logger; clock?: Clock; onViolation?: (v: Violation) => void; specs?: LoadedSpecs; checker?: ResponseChecker;
    /** Delivery knobs: tests pass a manual scheduler (retry countdowns) and small queues. */
    webhooks?: DeliveryOptions;
    /** Random identifiers of new objects (default: crypto); tests seed them to replay (issue 13). */
    ids?: RandomIds;
    /** TEST-ONLY: a pause between one handler's read and write (issue 13). */
    raceWindow?: RaceWindow;
    /** False: the caller calls `mock.start()` itself (serve: once the port is listened on). */
    start?: boolean;
    /** TEST-ONLY: the state file's file layer, to simulate short writes and a full disk (issue 19). */
    stateFileIo?: StateFileIo;
    /** The admin document, loaded elsewhere (the browser build compiles it in: no files there). */
    adminSpecs?: LoadedSpecs;
    /** The unrouted error schema (`loadUnroutedSchema`), given with the specs where no files are. */
    unrouted?: object;
  },
): Promise<Mock> {
  // A bad quick-path target stops start-up before anything (a state file lock) is taken.
  checkQuickPath(config);
  // The served copy says what the engine's handlers answer (405s, the write budget's 507) before
  // any checker reads it; given documents are planned and documented too (idempotent).
  const served = options.specs ? { specs: options.specs, engine: planServedEngine(options.specs) } : prepareServedSpecs(await loadSpecs(config.specDir, config.spec));
  const specs = served.specs;
  let engine = served.engine;
  const unrouted = options.checker ? null : (options.unrouted ?? (await loadUnroutedSchema(config.specDir)));
  // Only --strict and callers that watch violations check answers: the others compile on demand.
  const compile = () => createResponseChecker(specs, unrouted!);
  const checker = options.checker ?? (config.strict || options.onViolation ? compile() : lazyResponseChecker(compile));
  const bus = createEventBus({ onError: (err, e) => options.logger.error(`event ${e.event.type} ${e.event.uuid}: a listener failed: ${(err as Error)?.message ?? String(err)}`) });
  const adminSpec = options.adminSpecs && options.unrouted ? adminSpecOf(options.adminSpecs, options.unrouted) : await loadAdminSpec();
  // Real time stamps logs (the request and delivery logs); the mock's movable clock, built over
  // it, stamps objects and events (README "Admin API").
  const realClock = options.clock ?? createClock();
  for (const { operation: op, by } of shadowedOperations(servedOperations(specs))) {
    options.logger.warn(`${op.operationId} (${op.method} ${op.path} in ${op.document}) is not served by the resource engine: the domain's ${by.operationId} (${by.method} ${by.path} in ${by.document}) answers that method and path`);
  }
  // Reads `engine` when called: a reseed after a reload seeds the reloaded documents' collections.
  const seedMore = (base: Store, params: { seed: number; size: number }) => seedEngineCollections(base, engine, params);
  const { store, summary, clock, state, stateFile } = await openState(config, { logger: options.logger, seedMore, clock: realClock, ...(options.stateFileIo && { io: options.stateFileIo }) });
  // With a state file, an event leaves once the write that made it is saved, never for a 503 write.
  const events = stateFile
    ? heldUntilSaved(bus, { get position() { return stateFile.position; }, saved: (to) => stateFile.commit(0, to).then(() => true, () => false) })
    : bus;
  const admin = createAdmin({ config, logger: options.logger, clock, state, stateFile, events, spec: adminSpec, operations: servedOperations(specs), realNowMs: () => realClock.nowMs() });
  const webhooks = createWebhooks({ config, clock, logClock: realClock, logger: options.logger, events, ...(options.webhooks && { options: options.webhooks }) });
  // The subscriptions a dataset names live beside the store: registered now and on each reseed.
  state.onDataset = (dataset, check) => subscribeDataset(webhooks.subscriptions, dataset, config.webhookAllow, check);
  if (state.dataset) for (const check of [true, false]) state.onDataset(state.dataset, check);
  const journal = new MutationJournal();
  const appOver = (served: LoadedSpecs, check: ResponseChecker) => createApp({
    store, storeFor: admin.storeFor, clock, config, logger: options.logger, specs: served, checker: check, onViolation: options.onViolation, admin, events, webhooks,
    journal, ...(stateFile && { durable: stateFile }), ...(options.ids && { ids: options.ids }), ...(options.raceWindow && { raceWindow: options.raceWindow }),
  });
  const countsOf = (served: LoadedSpecs, planned: readonly unknown[]) => ({ domain: servedOperations(served).length - planned.length, engine: planned.length });
  const start = () => webhooks.start();
  if (options.start !== false) start();
  const mock: Mock = {
    app: appOver(specs, checker), store, specs, checker, summary, clock, admin, events, webhooks, journal, start,
    served: countsOf(specs, engine),
    fork: () => createApp({ store: state.seededView(), clock: createClock(), config, logger: options.logger, specs: mock.specs }),
    async reload(next) {
      const planned = planServedEngine(next);
      const schema = unrouted ?? (await loadUnroutedSchema(config.specDir));
      const nextChecker = config.strict || options.onViolation ? createResponseChecker(next, schema) : lazyResponseChecker(() => createResponseChecker(next, schema));
      // Built first: a document the app refuses throws here, before anything is seeded or swapped.
      const app = appOver(next, nextChecker);
      // New to the mock: served by no earlier plan (a domain-held one never is) and never seeded.
      const fresh = [...new Set(planned.map((a) => a.collection))].filter((c) => !engine.some((a) => a.collection === c) && !hasCollection(state.base, c));
      if (fresh.length > 0) {
        const { seed, size } = state.header();
        await state.extendSeed((base) => seedEngineCollections(base, planned.filter((a) => fresh.includes(a.collection)), { seed, size }));
      }
      engine = planned;
      admin.useOperations(servedOperations(next));
      Object.assign(mock, { app, specs: next, checker: nextChecker, served: countsOf(next, planned) });
      return fresh;
    },
  };
  return mock;
}
