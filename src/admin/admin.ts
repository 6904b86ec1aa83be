import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import { createEventBus, type EventBus } from '../domain/events/event-bus.ts';
import type { AppEnv } from '../http/env.ts';
import type { StoreProvider } from '../http/route-deps.ts';
import type { Violation } from '../http/self-check.ts';
import type { Logger } from '../logger.ts';
import type { Operation } from '../spec/load-specs.ts';
import { handlerStatusesOf } from '../engine/resource-plan.ts';
import { adminOperations, type AdminContext } from './admin-context.ts';
import { requestHostAllowed } from '../http/allowed-hosts.ts';
import { adminAdmits, createAdminGuard, socketAddress } from './admin-guard.ts';
import { isAdminPath } from '../http/admin-path.ts';
import { gateAdmits, presentsToken } from '../http/operation-gate.ts';
import { createTokenTable, type TokenTable } from '../http/tokens.ts';
import { faultInjection } from '../faults/fault-middleware.ts';
import { apiPrefixesOf, requestLogger } from '../http/request-log-middleware.ts';
import { sessionGuard, sessionStoreFor } from '../http/session-middleware.ts';
import { adminSelfCheck, type AdminSpec } from './admin-spec.ts';
import type { ControlClock } from '../common/control-clock.ts';
import { controlRoutes } from './control-routes.ts';
import { FaultRules } from '../faults/fault-rules.ts';
import { fixtureRoutes } from './fixture-routes.ts';
import type { MockState } from '../state/mock-state.ts';
import { RequestLog } from '../http/request-log.ts';
import type { StateFile } from '../persist/state-file.ts';
import { stateRoutes } from './state-routes.ts';

/**
 * Seams tests (and an embedding harness) may replace at run time: where probabilities come from,
 * how latency waits, and what address a request comes from (an in-process request has none).
 */
export interface AdminHooks {
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  remoteAddress: (c: Context) => string | undefined;
}

/** Admin routes served by another module: given the admin operation guard, answers its routes. */
export type AdminRouteFactory = (
  op: (operationId: string) => MiddlewareHandler<AppEnv>,
) => Hono<AppEnv>;

/**
 * The admin API and the per-request machinery it needs, as `createApp` wires them in:
 * `storeFor` (sessions), `requestLog` (outermost), `selfCheck` (for `/__mock/` answers, against
 * the admin document), `inner` (session names, evictions, faults) and `routes`.
 */
export interface Admin {
  state: MockState;
  faults: FaultRules;
  requests: RequestLog;
  clock: ControlClock;
  hooks: AdminHooks;
  stateFile: StateFile | null;
  storeFor: StoreProvider;
  requestLog: MiddlewareHandler<AppEnv>;
  selfCheck(options: {
    replace: boolean;
    onViolation: (v: Violation) => void;
  }): MiddlewareHandler<AppEnv>;
  inner: MiddlewareHandler<AppEnv>[];
  /**
   * The admin routes; `extra` adds routes another part of the mock serves under `/__mock/`
   * (webhook deliveries, issue 9), built with the same operation guard and routed-check.
   */
  routes(extra?: readonly AdminRouteFactory[]): Hono<AppEnv>;
  /** Writes what the state file has pending and stops its timer (SIGTERM). */
  close(): Promise<void>;
  /** The served operations changed (`--watch` reloaded the documents): faults and the request log follow. */
  useOperations(operations: readonly Operation[]): void;
}

export interface AdminOptions {
  config: Config;
  logger: Logger;
  clock: ControlClock;
  state: MockState;
  spec: AdminSpec;
  /**
   * The served API operations (for `Prefer: example=`). `Prefer: code=` compares with the status
   * each engine operation's handler answers, planned from these as `createApp` plans its routes
   * (`handlerStatusesOf`); a domain operation's is its one documented 2xx.
   */
  operations: readonly Operation[];
  stateFile: StateFile | null;
  requestLogSize?: number;
  /** Where fixtures publish events; none given: a bus nobody listens to. */
  events?: EventBus;
  /**
   * Real time for the request log (default `Date.now`): `clock` is the mock's, which QA moves,
   * and a log stamped by it would go back in time. Tests pass their fixed clock.
   */
  realNowMs?: () => number;
}

/**
 * Who may use a session (SECURITY.md): on `/__mock/`, a request the admin guard admits; elsewhere,
 * one that presents either API token. Asked only for requests that carry `X-Mock-Session`.
 */
function sessionAuthenticated(config: Config, tokens: TokenTable, remoteAddress: (c: Context) => string | undefined): (c: Context) => boolean {
  const admitted = adminAdmits({ adminToken: config.adminToken, origins: config.corsOrigins, remoteAddress });
  // The store is resolved before ALLOWED_HOSTS answers: a host it refuses (DNS rebinding) gets none.
  const hostAllowed = requestHostAllowed({ allowedHosts: config.allowedHosts, listenHost: config.host }) ?? (() => true);
  return (c) => hostAllowed(c) && (isAdminPath(c.req.path) ? admitted(c) : presentsToken(c, tokens));
}

export function createAdmin(options: AdminOptions): Admin {
  const hooks: AdminHooks = {
    random: Math.random,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    remoteAddress: socketAddress,
  };
  const faults = new FaultRules(() => hooks.random());
  const requests = new RequestLog(options.requestLogSize);
  const guard = createAdminGuard({
    adminToken: options.config.adminToken,
    origins: options.config.corsOrigins,
    remoteAddress: (c) => hooks.remoteAddress(c),
  });
  // Who may use the session a request names: its store, and its fault rules.
  // The API tokens as the gate reads them, for sessions and for `Prefer` (read only for requests
  // that name a session or carry a preference: the gate keeps its own table for the rest).
  const tokens = createTokenTable(options.config);
  const authenticated = sessionAuthenticated(options.config, tokens, (c) => hooks.remoteAddress(c));
  // Kept in place (the middlewares hold these arrays), replaced on a spec reload.
  const operations = [...options.operations];
  const prefixes = apiPrefixesOf(operations.map((op) => op.path));
  const statuses = handlerStatusesOf(operations);
  const ctx: AdminContext = {
    state: options.state,
    faults,
    requests,
    clock: options.clock,
    spec: options.spec,
    logger: options.logger,
    guard,
    events: options.events ?? createEventBus(),
  };
  return {
    state: options.state,
    faults,
    requests,
    clock: options.clock,
    hooks,
    stateFile: options.stateFile,
    storeFor: sessionStoreFor(options.state, authenticated),
    requestLog: requestLogger(
      requests,
      options.realNowMs ?? Date.now,
      prefixes,
    ),
    selfCheck: (check) => adminSelfCheck(options.spec, check),
    inner: [
      sessionGuard(),
      faultInjection({ faults, operations, handlerStatuses: statuses, sleep: (ms) => hooks.sleep(ms), sessionAdmits: authenticated, gateAdmits: (c, served, here) => gateAdmits(c, tokens, served, here) }),
    ],
    routes(extra = []) {
      const ops = adminOperations(ctx);
      const app = new Hono<AppEnv>({ strict: true });
      app.route('/', stateRoutes(ctx, ops.op));
      app.route('/', controlRoutes(ctx, ops.op));
      app.route('/', fixtureRoutes(ctx, ops.op));
      for (const make of extra) app.route('/', make(ops.op));
      ops.assertAllRouted();
      return app;
    },
    close: async () => {
      await options.stateFile?.close();
    },
    useOperations(next) {
      operations.splice(0, operations.length, ...next);
      statuses.clear();
      for (const [id, status] of handlerStatusesOf(next)) statuses.set(id, status);
      prefixes.splice(0, prefixes.length, ...apiPrefixesOf(next.map((op) => op.path)));
    },
  };
}
