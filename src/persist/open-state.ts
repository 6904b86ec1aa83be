import { createClock, type Clock } from '../common/clock.ts';
import { createControlClock, type ControlClock } from '../common/control-clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { readDatasetArgument } from '../seed/dataset-files.ts';
import { seedBase } from '../seed/seed-base.ts';
import type { SeedSummary } from '../seed/seed-store.ts';
import { MockState } from '../state/mock-state.ts';
import { DEFAULT_MAX_SESSIONS } from '../state/sessions.ts';
import { createStore, type Store } from '../store/store.ts';
import { StateFile } from './state-file.ts';
import type { StateFileIo } from './journal-append.ts';
import { loadStateFile, scanStateFile, seedParamsOf } from './state-file-load.ts';
import { lockStateFile } from './state-file-lock.ts';
import { resolveStateFile } from './resolve-state-file.ts';
import { assertShapesDeclared } from './check-records.ts';

export interface OpenStateOptions {
  logger: Logger;
  clock?: Clock;
  /** Seeds what the domain's seed does not, after it (the engine's generic collections, issue 20). */
  seedMore?: (store: Store, params: { seed: number; size: number }) => void;
  /** The state file's file layer (tests simulate a full disk with it); Node's by default. */
  io?: StateFileIo;
}

export interface OpenedState {
  /** The shared state (what requests without a session use). */
  store: Store;
  summary: SeedSummary;
  clock: ControlClock;
  state: MockState;
  /** The `--state-file`, loaded and locked; null without one. */
  stateFile: StateFile | null;
}

/**
 * Seeds the base state (with `--dataset` on top), builds the shared state over it, loads
 * `--state-file` when given (its seed parameters and dataset win over `SEED`/`MOCK_SIZE`/
 * `--dataset`: the file is the later state, and says what it was seeded from),
 * and wraps the clock so QA can move it. A corrupt state file throws a `StateFileError` with one
 * line before anything is written.
 */
export async function openState(config: Config, options: OpenStateOptions): Promise<OpenedState> {
  // Resolved once: a symlink's lock, journals and snapshots live beside its target.
  const path = config.stateFile ? resolveStateFile(config.stateFile) : null;
  const release = path ? lockStateFile(path) : null;
  try {
    return await build(config, path, options, release);
  } catch (err) {
    release?.();
    throw err;
  }
}

async function build(
  config: Config,
  path: string | null,
  options: OpenStateOptions,
  release: (() => void) | null,
): Promise<OpenedState> {
  const { logger } = options;
  const plan = path ? await scanStateFile(path) : null;
  const fromFile = plan && seedParamsOf(plan);
  const params = fromFile ?? { seed: config.seed, size: config.size, dataset: config.dataset ?? undefined };
  if (plan && (params.seed !== config.seed || params.size !== config.size || (params.dataset ?? null) !== config.dataset)) {
    logger.warn(
      `state file ${plan.path} was seeded with seed ${params.seed}, size ${params.size}${params.dataset ? `, dataset ${params.dataset}` : ''}; using those`,
    );
  }
  // A dataset that cannot be read or loaded throws one line (a DatasetError) before any write.
  const dataset = params.dataset ? readDatasetArgument(params.dataset) : null;
  const base = createStore();
  assertShapesDeclared(base);
  seedBase(base, { ...params, dataset });
  options.seedMore?.(base, params);
  let summary = summarize(base);
  const clock = createControlClock(options.clock ?? createClock());
  const state = new MockState(base, { ...params, dataset }, {
    maxSessions: DEFAULT_MAX_SESSIONS,
    now: () => new Date(clock.nowMs()).toISOString(),
    ...(options.seedMore && { seedMore: options.seedMore }),
  });
  let stateFile: StateFile | null = null;
  if (plan) {
    const replayed = await loadStateFile(
      plan,
      (loaded) => state.loadShared(loaded),
      () => state.shared,
      (m) => logger.warn(m),
    );
    stateFile = new StateFile(plan.path, state, logger, plan, release ?? (() => undefined), options.io);
    if (!plan.header || plan.journals.length > 0) void stateFile.compact();
    summary = summarize(state.shared);
    logger.info(
      `state file ${plan.path}: ${plan.header ? 'loaded' : 'new'}${replayed ? `, ${replayed} journal lines replayed` : ''}`,
    );
  }
  return { store: state.shared, summary, clock, state, stateFile };
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
