import type { Config } from '../config.ts';
import type { EventBus } from '../domain/events/event-bus.ts';
import { createClock, type Clock } from '../domain/shared/clock.ts';
import type { Logger } from '../logger.ts';
import { seedStore, type SeedSummary } from '../seed/seed-store.ts';
import type { LoadedSpecs } from '../spec/load-specs.ts';
import { servedOperations } from '../spec/served-operations.ts';
import { createStore, type Store } from '../store/store.ts';
import { createAdmin, type Admin } from './admin.ts';
import { loadAdminSpec } from './admin-spec.ts';
import { createControlClock, type ControlClock } from './control-clock.ts';
import { MockState } from './mock-state.ts';
import { DEFAULT_MAX_SESSIONS } from './sessions.ts';
import { StateFile } from './state-file.ts';
import { loadStateFile, scanStateFile, seedParamsOf } from './state-file-load.ts';
import { lockStateFile } from './state-file-lock.ts';

export interface SetUpOptions {
  logger: Logger;
  clock?: Clock;
  specs: LoadedSpecs;
  /** Where fixtures publish `cancellation_plan.created`, like the API's writes. */
  events?: EventBus;
}

export interface AdminSetup {
  /** The shared state (what requests without a session use). */
  store: Store;
  summary: SeedSummary;
  clock: ControlClock;
  admin: Admin;
}

/**
 * Seeds the base state, builds the shared state over it, loads `--state-file` when given (its
 * seed parameters win over `SEED`/`MOCK_SIZE`: the file says what its state was seeded from),
 * wraps the clock so QA can move it, and builds the admin API. A corrupt state file throws a
 * `StateFileError` with one line before anything is written.
 */
export async function setUpAdmin(config: Config, options: SetUpOptions): Promise<AdminSetup> {
  const release = config.stateFile ? lockStateFile(config.stateFile) : null;
  try {
    return await build(config, options, release);
  } catch (err) {
    release?.();
    throw err;
  }
}

async function build(
  config: Config,
  options: SetUpOptions,
  release: (() => void) | null,
): Promise<AdminSetup> {
  const { logger } = options;
  const plan = config.stateFile ? await scanStateFile(config.stateFile) : null;
  const params = (plan && seedParamsOf(plan)) ?? { seed: config.seed, size: config.size };
  if (plan && (params.seed !== config.seed || params.size !== config.size)) {
    logger.warn(
      `state file ${plan.path} was seeded with seed ${params.seed}, size ${params.size}; using those`,
    );
  }
  const base = createStore();
  let summary = seedStore(base, params);
  const clock = createControlClock(options.clock ?? createClock());
  const state = new MockState(base, params, {
    maxSessions: DEFAULT_MAX_SESSIONS,
    now: () => new Date(clock.nowMs()).toISOString(),
  });
  let stateFile: StateFile | null = null;
  if (plan) {
    const replayed = await loadStateFile(
      plan,
      (loaded) => state.loadShared(loaded),
      () => state.shared,
      (m) => logger.warn(m),
    );
    stateFile = new StateFile(plan.path, state, logger, plan, release ?? (() => undefined));
    if (!plan.header || plan.journals.length > 0) void stateFile.compact();
    summary = summarize(state.shared);
    logger.info(
      `state file ${plan.path}: ${plan.header ? 'loaded' : 'new'}${replayed ? `, ${replayed} journal lines replayed` : ''}`,
    );
  }
  const spec = await loadAdminSpec();
  const admin = createAdmin({
    config,
    logger,
    clock,
    state,
    spec,
    operations: servedOperations(options.specs),
    stateFile,
    ...(options.events && { events: options.events }),
  });
  return { store: state.shared, summary, clock, admin };
}

function summarize(store: Store): SeedSummary {
  return {
    users: store.users.size,
    channels: store.channels.size,
    customers: store.customers.size,
    products: store.products.size,
    orders: store.orders.size,
    orderItems: store.orderItems.size,
    reasons: store.reasons.size,
    plans: store.plans.size,
    requests: store.requests.size,
  };
}
