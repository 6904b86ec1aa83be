import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { requestHeader } from '../http/request-header.ts';
import type { Operation } from '../spec/load-specs.ts';
import type { Store } from '../store/store.ts';
import type { FaultRules } from './fault-rules.ts';
import type { MockState } from './mock-state.ts';
import { defaultBody, parsePrefer, preferredAnswer } from './prefer.ts';
import { isAdminPath } from '../http/admin-path.ts';
import type { RequestLog } from './request-log.ts';
import { EVICTED_HEADER, SESSION_HEADER, sessionNameProblem } from './sessions.ts';

/** The header every forced answer carries; the self-check skips answers marked `injected`. */
export const FAULT_HEADER = 'X-Mock-Fault';

/** `X-Mock-Session` as `requestHeader` reads it (lower case). */
const SESSION_HEADER_NAME = SESSION_HEADER.toLowerCase();

/** The valid session name a request carries, or null (none, or an invalid one). */
export function sessionOf(c: Context): string | null {
  const name = requestHeader(c, SESSION_HEADER_NAME);
  return name !== undefined && sessionNameProblem(name) === null ? name : null;
}

/** Evictions caused by a request, to announce on its answer. */
const evictions = new WeakMap<Request, string>();

/**
 * Requests that went through `faulted` (the one place that can mark an answer with
 * `X-Mock-Fault`): the request log reads the response's headers for these alone (reading them
 * makes the Node adapter build a `Headers` for every answer).
 */
const touched = new WeakSet<Context>();

/**
 * `AppDeps.storeFor`: the session's store for a request with a valid `X-Mock-Session`, created on
 * first use; the shared store otherwise (an invalid name is refused by `sessionGuard`).
 */
export function sessionStoreFor(state: MockState): (c: Context) => Store {
  return (c) => {
    const name = sessionOf(c);
    if (name === null) return state.shared;
    const { store, evicted } = state.sessions.use(name);
    if (evicted !== null) evictions.set(c.req.raw, evicted);
    return store;
  };
}

/**
 * Records every non-admin request in the ring, with what the client finally got. The arrival
 * time is kept as the clock's milliseconds and written out only when the log is read.
 */
export function requestLogger(log: RequestLog, nowMs: () => number): MiddlewareHandler<AppEnv> {
  return (c, next) => (isAdminPath(c.req.path) ? next() : logged(c, next, log, nowMs()));
}

async function logged(
  c: Context<AppEnv>,
  next: Next,
  log: RequestLog,
  time: number,
): Promise<void> {
  const started = performance.now();
  await next();
  const url = c.req.url;
  log.add({
    time,
    method: c.req.method,
    path: url.slice(url.indexOf('/', url.indexOf('//') + 2)),
    status: c.res.status,
    duration_ms: Math.round((performance.now() - started) * 10) / 10,
    operation_id: c.get('operation')?.operationId ?? null,
    session: sessionOf(c),
    fault: touched.has(c) ? c.res.headers.get(FAULT_HEADER) : null,
  });
}

export interface FaultDeps {
  faults: FaultRules;
  /** The served operations, to find the documented examples `Prefer` asks for. */
  operations: readonly Operation[];
  sleep: (ms: number) => Promise<void>;
}

/**
 * Inside the self-check, before the routes: refuses an invalid session name, announces an
 * eviction, and applies fault rules, then `Prefer` (a rule that fires wins).
 */
export function sessionsAndFaults(deps: FaultDeps): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const name = requestHeader(c, SESSION_HEADER_NAME);
    const path = c.req.path;
    // No session (so no eviction to announce), and no rule or `Prefer` that could touch it.
    const untouched =
      isAdminPath(path) || (deps.faults.size === 0 && requestHeader(c, 'prefer') === undefined);
    if (name === undefined && untouched) return next();
    return sessionsAndFaultsOf(c, next, deps, name, path);
  };
}

async function sessionsAndFaultsOf(
  c: Context<AppEnv>,
  next: Next,
  deps: FaultDeps,
  name: string | undefined,
  path: string,
): Promise<Response | void> {
  if (name !== undefined) {
    const problem = sessionNameProblem(name);
    if (problem) return c.json({ detail: problem, code: 'invalid_session' }, 400);
  }
  const evicted = evictions.get(c.req.raw);
  if (isAdminPath(path)) await next();
  else await faulted(c, next, deps, path);
  if (evicted !== undefined) c.header(EVICTED_HEADER, evicted);
}

async function faulted(
  c: Context<AppEnv>,
  next: () => Promise<void>,
  deps: FaultDeps,
  path: string,
): Promise<void> {
  touched.add(c);
  const rule = deps.faults.fire(c.req.method, path, sessionOf(c));
  if (rule) {
    if (rule.latency_ms > 0) await deps.sleep(rule.latency_ms);
    if (rule.drop) {
      const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
      incoming?.socket.destroy();
      // In-process callers (app.request) have no connection to drop: they get a marked 502.
      c.res = c.json(
        { detail: 'The connection was dropped by a fault rule.', code: 'mock_connection_dropped' },
        502,
        injected(rule.id),
      );
      return;
    }
    if (rule.status !== null) {
      c.res = answer(rule.status, rule.body ?? defaultBody(rule.status, c.req.method), {
        ...rule.headers,
        ...injected(rule.id),
      });
      return;
    }
    await next();
    c.header(FAULT_HEADER, 'latency');
    return;
  }
  const parsed = parsePrefer(requestHeader(c, 'prefer'));
  if ('error' in parsed) {
    c.res = c.json({ detail: parsed.error, code: 'invalid_prefer' }, 400, {
      [FAULT_HEADER]: 'injected',
    });
    return;
  }
  const prefer = parsed.prefer;
  if (!prefer) return next();
  if (prefer.latency > 0) await deps.sleep(prefer.latency);
  const op = deps.operations.find((o) => o.method === c.req.method && o.pattern.test(path));
  const outcome = preferredAnswer(prefer, op, c.req.method);
  if (outcome.kind === 'error') {
    c.res = c.json({ detail: outcome.message, code: 'invalid_prefer' }, 400, {
      [FAULT_HEADER]: 'injected',
    });
    return;
  }
  if (outcome.kind === 'answer') {
    if (op) c.set('operation', op);
    c.res = answer(outcome.status, outcome.body, { [FAULT_HEADER]: 'injected' });
    return;
  }
  await next();
  if (prefer.latency > 0) c.header(FAULT_HEADER, 'latency');
}

function injected(ruleId: number): Record<string, string> {
  return { [FAULT_HEADER]: 'injected', 'X-Mock-Fault-Rule': String(ruleId) };
}

function answer(status: number, body: unknown, headers: Record<string, string>): Response {
  if (status === 204 || status === 205 || status === 304)
    return new Response(null, { status, headers });
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}
