import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { Admin } from './admin/admin.ts';
import type { Config } from './config.ts';
import { createEventBus, type EventBus } from './domain/events/event-bus.ts';
import type { Clock } from './domain/shared/clock.ts';
import { authRoutes } from './http/auth-routes.ts';
import { DRF } from './http/drf-errors.ts';
import type { AppEnv } from './http/env.ts';
import { unroutedResponse } from './http/fallback.ts';
import { mockRoutes } from './http/mock-routes.ts';
import { createOperationGate, type OperationGate } from './http/operation-gate.ts';
import { planRoutes } from './http/plan-routes.ts';
import { requestRoutes } from './http/request-routes.ts';
import { requestTagRoutes } from './http/request-tag-routes.ts';
import type { RouteDeps, StoreProvider } from './http/route-deps.ts';
import { selfCheck, type Violation } from './http/self-check.ts';
import { createTokenTable } from './http/tokens.ts';
import { logs, type Logger } from './logger.ts';
import type { LoadedSpecs, Operation } from './spec/load-specs.ts';
import type { ResponseChecker } from './spec/response-checker.ts';
import { servedOperations } from './spec/served-operations.ts';
import type { Store } from './store/store.ts';

export interface AppDeps {
  /** The shared state; `storeFor` may hand some requests another (sessions, issue #10). */
  store: Store;
  storeFor?: StoreProvider;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** The loaded served specs (`loadSpecs()`), read once at start-up. */
  specs: LoadedSpecs;
  /** The response self-check; every response passes through it when given. */
  checker?: ResponseChecker;
  /** Called for each response that fails the self-check (tests fail loudly on it). */
  onViolation?: (violation: Violation) => void;
  /** The admin API (`/__mock/`): request log, sessions, faults, its routes (issue #10). */
  admin?: Admin;
  /** The internal event bus writes publish on (issue 5); a fresh one when not given. */
  events?: EventBus;
}

/**
 * Every resource's sub-app; the spec must be served by exactly these routes. Order matters: Hono
 * runs the first matching route across sub-apps, so request tags (literal `filter_tags/`, …)
 * come before the request reads (`{id}/`).
 */
const RESOURCES = [authRoutes, planRoutes, requestTagRoutes, requestRoutes];

/**
 * Builds the mock as a Hono app and never listens (tests call `app.request()`; the CLI serves
 * it). Routes are checked against the served specs here, so a served operation without a
 * handler — or a handler on a path the spec does not give — stops start-up naming it.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const operations = servedOperations(deps.specs);
  const gate = createOperationGate(operations, createTokenTable(deps.config));
  const storeFor = deps.storeFor ?? (() => deps.store);
  const events = deps.events ?? createEventBus();
  const routeDeps: RouteDeps = { storeFor, clock: deps.clock, config: deps.config, logger: deps.logger, gate, events };
  const app = new Hono<AppEnv>({ strict: true });

  // The access line is built only when it is written: a silent server pays nothing for it.
  const accessLog = logs(deps.logger, 'info');
  app.use('*', async (c, next) => {
    const started = performance.now();
    c.set('requestId', c.req.header('x-request-id') ?? randomUUID());
    c.set('store', storeFor(c));
    await next();
    if (!accessLog) return;
    const op = c.get('operation')?.operationId ?? '-';
    const url = new URL(c.req.url);
    deps.logger.info(`${c.req.method} ${url.pathname}${url.search} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms op=${op} id=${c.get('requestId')}`);
  });
  // Outside the self-check, so the log shows what the client got (a --strict 500 included).
  if (deps.admin) app.use('*', deps.admin.requestLog);

  // A running server checks its answers under --strict only (README: "with --strict, on a running
  // server"); tests and the harness pass `onViolation` and so check every answer. Unchecked, a
  // response is never cloned and re-parsed, which is most of what a plain `serve` would pay per call.
  if (deps.checker && (deps.config.strict || deps.onViolation)) {
    const check = selfCheck(deps.checker, {
      replace: deps.config.strict,
      onViolation: (v) => {
        deps.logger.error(`self-check: ${v.method} ${v.path} ${v.status} op=${v.operationId ?? '-'}: ${v.findings.map((f) => `${f.path} ${f.message}`).join('; ')}`);
        deps.onViolation?.(v);
      },
    });
    // `/__mock/` is described by the admin document (specs/admin/), and checked against it.
    const adminCheck = deps.admin?.selfCheck({ replace: deps.config.strict, onViolation: (v) => {
      deps.logger.error(`admin self-check: ${v.method} ${v.path} ${v.status} op=${v.operationId ?? '-'}: ${v.findings.map((f) => `${f.path} ${f.message}`).join('; ')}`);
      deps.onViolation?.(v);
    } });
    app.use('*', async (c, next) => {
      if (c.req.path !== '/__mock' && !c.req.path.startsWith('/__mock/')) return check(c, next);
      return adminCheck ? adminCheck(c, next) : next();
    });
  }
  // Session names, eviction notices and fault injection, inside the self-check.
  if (deps.admin) app.use('*', deps.admin.inner);

  app.onError((err, c) => {
    deps.logger.error(`unhandled error id=${c.get('requestId')}: ${err.stack ?? err.message}`);
    return c.json(DRF.serverError, 500);
  });

  for (const resource of RESOURCES) app.route('/', resource(routeDeps));
  app.route('/', mockRoutes({ ...routeDeps, counts: () => countsOf(deps.store) }));
  if (deps.admin) app.route('/', deps.admin.routes());
  app.notFound((c) => unroutedResponse(c, operations));

  assertRoutesMatchSpec(app, operations, gate);
  return app;
}

/** Object counts for the banner and health. */
export function countsOf(store: Store): Record<string, number> {
  return {
    plans: store.plans.size,
    requests: store.requests.size,
    orders: store.orders.size,
    order_items: store.orderItems.size,
    customers: store.customers.size,
    products: store.products.size,
  };
}

function assertRoutesMatchSpec(app: Hono<AppEnv>, operations: readonly Operation[], gate: OperationGate): void {
  const routed = new Map<string, string>();
  for (const r of app.routes) {
    const id = gate.operationOf(r.handler);
    if (!id) continue;
    routed.set(id, `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  }
  const problems: string[] = [];
  for (const op of operations) {
    const where = routed.get(op.operationId);
    const expected = `${op.method} ${op.path}`;
    if (!where) problems.push(`no handler for operation ${op.operationId} (${expected} in ${op.document})`);
    else if (where !== expected) problems.push(`operation ${op.operationId} is specified as ${expected} but routed as ${where}`);
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
}
