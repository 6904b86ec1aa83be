import { Hono, type Context, type ErrorHandler, type MiddlewareHandler } from 'hono';
import type { Admin } from './admin/admin.ts';
import type { Config } from './config.ts';
import { secretScrubber, secretsOf } from './log-secrets.ts';
import { createEventBus, type EventBus } from './domain/events/event-bus.ts';
import type { Clock } from './common/clock.ts';
import { cryptoIds, type RandomIds } from './common/random-ids.ts';
import { accessLog, requestIdOf } from './http/access-log.ts';
import { isAdminPath } from './http/admin-path.ts';
import { authRoutes } from './http/auth-routes.ts';
import { allowedHosts } from './http/allowed-hosts.ts';
import { channelRoutes } from './http/channel-routes.ts';
import { bodyLimit } from './http/body-limit.ts';
import { cors } from './http/cors.ts';
import { docsRoutes } from './http/docs-routes.ts';
import { DRF } from './http/drf-errors.ts';
import type { AppEnv } from './http/env.ts';
import { requestPath } from './http/dot-segments.ts';
import { unroutedResponse } from './http/fallback.ts';
import { healthRoutes } from './admin/health-routes.ts';
import { createOperationGate, type OperationGate } from './http/operation-gate.ts';
import { planRoutes } from './http/plan-routes.ts';
import { requestRoutes } from './http/request-routes.ts';
import { requestTagRoutes } from './http/request-tag-routes.ts';
import { webhookRoutes } from './http/webhook-routes.ts';
import type { RouteDeps, StoreProvider } from './http/route-deps.ts';
import { selfCheck, type Violation } from './http/self-check.ts';
import { statusPageRoutes } from './admin/status-page.ts';
import type { DeliverySource } from './webhooks/delivery-view.ts';
import { createTokenTable } from './http/tokens.ts';
import type { Logger } from './logger.ts';
import type { LoadedSpecs, Operation } from './spec/load-specs.ts';
import type { ResponseChecker } from './spec/response-checker.ts';
import { DOMAIN_OPERATIONS, servedOperations, shadowedOperations } from './spec/served-operations.ts';
import { literalRefusals, shadows } from './spec/path-route.ts';
import { engineContext, engineRoutes } from './engine/engine-routes.ts';
import { planServedEngine } from './engine/served-specs.ts';
import { journalMutations } from './journal/journal-middleware.ts';
import { middlewareChain } from './http/middleware-chain.ts';
import { fusedRouter } from './http/fused-router.ts';
import { durableWrites, type DurableState } from './http/durable-writes.ts';
import { MutationJournal } from './journal/mutation-journal.ts';
import type { RaceWindow } from './journal/race-window.ts';
import type { Store } from './store/store.ts';
import { countsOf } from './store/store-counts.ts';
import { createWebhooks, type Webhooks } from './webhooks/webhooks.ts';

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
  /** Recent webhook deliveries for the status page (default: the webhooks' own). */
  deliveries?: DeliverySource;
  /**
   * Subscriptions, delivery and its admin log (issue 9; `buildMock` makes them). Without them
   * the app keeps subscriptions of its own and delivers nothing.
   */
  webhooks?: Webhooks;
  /** Where accepted API mutations are numbered and kept (issue 13); a fresh one when not given. */
  journal?: MutationJournal;
  /** Random identifiers of new objects (default: crypto); seeded for replays (issue 13). */
  ids?: RandomIds;
  /** With `--state-file`: writes answer once their changes are on disk (issue 19). */
  durable?: DurableState;
  /** TEST-ONLY: a pause between one handler's read and write (issue 13); never in production. */
  raceWindow?: RaceWindow;
  /** The hand-written operations (default: `DOMAIN_OPERATIONS`); tests pass others to see the check. */
  domainOperations?: ReadonlySet<string>;
}

/**
 * Every resource's sub-app; the spec must be served by exactly these routes. Order matters: Hono
 * runs the first matching route across sub-apps, so request tags (literal `filter_tags/`, …)
 * come before the request reads (`{id}/`).
 */
const RESOURCES = [authRoutes, planRoutes, requestTagRoutes, requestRoutes, channelRoutes, webhookRoutes];

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
  const webhooks = deps.webhooks ?? createWebhooks({ config: { ...deps.config, webhookUrl: null, webhookSecret: null }, clock: deps.clock, logger: deps.logger });
  const routeDeps: RouteDeps & { webhooks: Webhooks['subscriptions'] } = { storeFor, clock: deps.clock, config: deps.config, logger: deps.logger, gate, events, webhooks: webhooks.subscriptions, ids: deps.ids ?? cryptoIds, ...(deps.raceWindow && { raceWindow: deps.raceWindow }) };
  const onError: ErrorHandler<AppEnv> = (err, c) => {
    deps.logger.error(`unhandled error id=${requestIdOf(c)}: ${err.stack ?? err.message}`);
    return c.json(DRF.serverError, 500);
  };
  // Each match's handlers (the chains below, the gate, the route) run as one (fused-router.ts).
  // `requestPath`: a dot segment a raw client sent is routed as sent, to a 404 (dot-segments.ts).
  const app = new Hono<AppEnv>({ strict: true, router: fusedRouter(onError) as never, getPath: requestPath });
  app.onError(onError);

  // The per-request middlewares, in two chains of the order below, each mounted as one
  // (middleware-chain.ts): a plain read passes most of them without a promise of its own.
  app.use('*', middlewareChain([
    // The request's store, and the access line (built only when it is written).
    accessLog({ storeFor, logger: deps.logger }),
    // Django's ALLOWED_HOSTS: a request for a host the mock does not answer to (DNS rebinding) stops here.
    allowedHosts({ allowedHosts: deps.config.allowedHosts, listenHost: deps.config.host }),
    // CORS answers preflights itself (before faults, routes and the 405 fallback).
    cors({ origins: deps.config.corsOrigins }),
  ], onError));
  // `/`, `/docs` and its assets: before the request log, faults and the self-check, which are
  // about the API, not about the page that documents it.
  app.route('/', docsRoutes({ specs: deps.specs, operations, config: deps.config }));
  const inner: MiddlewareHandler<AppEnv>[] = [];
  // Outside the self-check, so the log shows what the client got (a --strict 500 included).
  if (deps.admin) inner.push(deps.admin.requestLog);

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
    inner.push(async (c, next) => {
      if (!isAdminPath(c.req.path)) return check(c, next);
      return adminCheck ? adminCheck(c, next) : next();
    });
  }
  // Bodies over BODY_LIMIT_BYTES → 413 (checked against the unrouted schema), before any route reads one.
  inner.push(bodyLimit());
  // Session names, eviction notices and fault injection, inside the self-check.
  if (deps.admin) inner.push(...deps.admin.inner);
  // Numbers and keeps every accepted mutation, just before the routes (issue 13).
  inner.push(journalMutations(deps.journal ?? new MutationJournal()));
  // …and answers a write only once the state file holds it (503 when it cannot; issue 19). Without
  // a state file it is no step at all: a chain holds only the features this configuration uses.
  if (deps.durable) inner.push(durableWrites(deps.durable, deps.logger));
  app.use('*', middlewareChain(inner, onError));

  // A literal path's methods that only the `{id}/` route beside it serves (`GET …/bulk_add_tags/`):
  // the literal route's 405, behind DRF's authentication and permissions (fallback.ts), as
  // Django's URL list takes the literal route first. Ahead of the resources, so `{id}/` never runs.
  const unrouted = (c: Context<AppEnv>) => unroutedResponse(c, operations, gate);
  for (const { path, methods } of literalRefusals(operations)) app.on(methods, path.replace(/\{([^}]+)\}/g, ':$1'), unrouted);
  // Every served operation no domain handler serves: the resource engine (issue 20), after the
  // domain's routes, so a domain handler always wins — but for an engine path a domain `{id}/`
  // template's text also matches (`cancellation_plans/summary/`): Django's URL list takes the
  // literal route first (path-route.ts), so that one is mounted ahead of the domain's.
  const domainOperations = deps.domainOperations ?? DOMAIN_OPERATIONS;
  // Documents what the engine's handlers answer (the write budget's 507) in the served copy, as
  // buildMock does: an app wired by hand serves and checks the same document (idempotent).
  const engine = planServedEngine(deps.specs, domainOperations);
  const domainPaths = [...new Set(operations.filter((op) => domainOperations.has(op.operationId)).map((op) => op.path))];
  const ahead = engine.filter((a) => domainPaths.some((wide) => shadows(wide, a.op.path)));
  const engineCtx = engineContext(routeDeps);
  if (ahead.length > 0) app.route('/', engineRoutes(routeDeps, ahead, engineCtx));
  const aheadIds = new Set(ahead.map((a) => a.op.operationId));
  for (const resource of RESOURCES) app.route('/', resource(routeDeps));
  const byDomain = new Set(app.routes.map((r) => gate.operationOf(r.handler)).filter((id): id is string => id !== undefined && !aheadIds.has(id)));
  app.route('/', engineRoutes(routeDeps, ahead.length > 0 ? engine.filter((a) => !aheadIds.has(a.op.operationId)) : engine, engineCtx));
  const served = { domain: operations.length - engine.length, engine: engine.length };
  app.route('/', healthRoutes({ ...routeDeps, counts: () => countsOf(deps.store), seed: () => deps.admin?.state.header().seed ?? deps.config.seed, dataset: () => deps.admin?.state.header().dataset ?? null, served }));
  app.route('/', statusPageRoutes({ counts: () => countsOf(deps.store), seed: deps.config.seed, size: deps.config.size, admin: deps.admin, deliveries: deps.deliveries ?? webhooks, served, scrub: secretScrubber(secretsOf(deps.config), { clippedStarts: false }) }));
  if (deps.admin) app.route('/', deps.admin.routes([webhooks.adminRoutes]));
  app.notFound(unrouted);

  // Another document's operation at a domain handler's method and path: the domain answers it.
  const shadowed = new Set(shadowedOperations(operations, domainOperations).map((s) => s.operation.operationId));
  assertRoutesMatchSpec(app, operations.filter((op) => !shadowed.has(op.operationId)), gate, byDomain, domainOperations);
  return app;
}

/**
 * Every operation is routed where the spec puts it; a hand-written one (`DOMAIN_OPERATIONS`) by
 * a domain route, and a domain route serves only a listed operation.
 */
function assertRoutesMatchSpec(app: Hono<AppEnv>, operations: readonly Operation[], gate: OperationGate, byDomain: ReadonlySet<string>, domain: ReadonlySet<string>): void {
  const routed = new Map<string, string>();
  for (const r of app.routes) {
    const id = gate.operationOf(r.handler);
    if (!id) continue;
    routed.set(id, `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  }
  const problems: string[] = [];
  for (const op of operations) {
    if (byDomain.has(op.operationId) && !domain.has(op.operationId)) {
      problems.push(`operation ${op.operationId} has a domain handler but is not listed in DOMAIN_OPERATIONS (src/spec/domain-operations.ts)`);
    }
    const where = routed.get(op.operationId);
    const expected = `${op.method} ${op.path}`;
    if (!where) problems.push(`no handler for operation ${op.operationId} (${expected} in ${op.document})`);
    else if (where !== expected) problems.push(`operation ${op.operationId} is specified as ${expected} but routed as ${where}`);
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
}
