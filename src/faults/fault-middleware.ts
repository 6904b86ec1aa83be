import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { isAdminPath } from '../http/admin-path.ts';
import { hasDotSegment } from '../http/dot-segments.ts';
import type { AppEnv } from '../http/env.ts';
import { requestHeader } from '../http/request-header.ts';
import { sessionOf } from '../http/session-middleware.ts';
import type { Operation } from '../spec/load-specs.ts';
import { operationAt, pathOperations } from '../spec/path-route.ts';
import type { FaultRules } from './fault-rules.ts';
import { defaultBody, parsePrefer, preferredAnswer } from './prefer.ts';

/** The header every forced answer carries; the self-check skips answers marked `injected`. */
export const FAULT_HEADER = 'X-Mock-Fault';
/**
 * Which of the two forced the answer: `rule` (a fault rule; `X-Mock-Fault-Rule` names it) or
 * `prefer` (the request's `Prefer`). A rule that fires wins, and `Prefer` is then not applied:
 * this header says so, where `X-Mock-Fault` keeps the values clients match on.
 */
export const FAULT_SOURCE_HEADER = 'X-Mock-Fault-Source';

/**
 * Requests that went through `faulted` (the one place that can mark an answer with
 * `X-Mock-Fault`): the request log reads the response's headers for these alone (reading them
 * makes the Node adapter build a `Headers` for every answer).
 */
const touched = new WeakSet<Context>();

/** The `X-Mock-Fault` a request's answer carries, or null; cheap for requests faults never saw. */
export function faultOf(c: Context): string | null {
  return touched.has(c) ? c.res.headers.get(FAULT_HEADER) : null;
}

export interface FaultDeps {
  faults: FaultRules;
  /** The served operations, to find the documented examples `Prefer` asks for. */
  operations: readonly Operation[];
  /** The status each engine operation's handler answers on success, by operationId; any other answers its lowest documented 2xx. */
  handlerStatuses?: ReadonlyMap<string, number>;
  sleep: (ms: number) => Promise<void>;
  /**
   * Whether a request may use the session it names (sessions' own rule: a valid API token, or the
   * admin guard's admission). A session's rules fire only for such a request, or for a public
   * operation (login, an image file), which nobody authenticates; absent: every request may.
   */
  sessionAdmits?: (c: Context) => boolean;
  /**
   * Whether the operation gate lets the request on (`gateAdmits` in operation-gate.ts): `served` is
   * the operation its route serves, `here` its path's operations when none is (the 405). `Prefer`
   * applies only to a request the gate admits; to any other it is not applied at all, and the gate
   * answers its 401 or 403 as it would without `Prefer`. Absent: the gate admits every request.
   */
  gateAdmits?: (c: Context, served: Operation | undefined, here: readonly Operation[]) => boolean;
}

/**
 * Inside the self-check and the session guard, before the routes: applies fault rules, then
 * `Prefer` (a rule that fires wins) to a request the operation gate admits. Admin paths and
 * requests no rule or `Prefer` could touch pass straight through.
 */
export function faultInjection(deps: FaultDeps): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const path = c.req.path;
    if (isAdminPath(path) || (deps.faults.size === 0 && requestHeader(c, 'prefer') === undefined))
      return next();
    return faulted(c, next, deps, path);
  };
}

async function faulted(
  c: Context<AppEnv>,
  next: () => Promise<void>,
  deps: FaultDeps,
  path: string,
): Promise<void> {
  touched.add(c);
  // The literal route's own (none for `GET …/bulk_add_tags/`, its 405), not the `{id}/` route's.
  // A dot segment is no route's (dot-segments.ts), though an `{id}` pattern would match it.
  const op = hasDotSegment(path) ? undefined : operationAt(deps.operations, c.req.method, path);
  // A session's rules are the session's: an unauthenticated request naming it (401 at the gate)
  // neither fires them nor spends their `count`; the shared rules still fire for it.
  const named = sessionOf(c);
  const session = named !== null && deps.sessionAdmits !== undefined && !gatedBy(deps.operations, op, c.req.method, path).isPublic && !deps.sessionAdmits(c) ? null : named;
  const rule = deps.faults.fire(c.req.method, path, session);
  if (rule) {
    // Answered before the operation gate: the request log and status page still name it.
    if (op) c.set('operation', op);
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
    c.header(FAULT_SOURCE_HEADER, 'rule');
    c.header('X-Mock-Fault-Rule', String(rule.id));
    return;
  }
  const parsed = parsePrefer(requestHeader(c, 'prefer'));
  if ('prefer' in parsed && !parsed.prefer) return next();
  // A preference is the answer of a request the gate admits (Prism checks security before it
  // answers an example): a request the gate refuses gets its 401 or 403 as without `Prefer` — no
  // canned answer, no `invalid_prefer` 400 (DRF authenticates before it validates), no delay.
  const gate = gatedBy(deps.operations, op, c.req.method, path);
  // A path no route takes (an unknown path, a missing slash's 301, a dot segment) meets no gate and
  // no handler: it answers as without `Prefer`, for anyone, as Prism's 404 does (rev-prefer-auth).
  if (gate.served === undefined && gate.here.length === 0) return next();
  if (deps.gateAdmits !== undefined && !deps.gateAdmits(c, gate.served, gate.here)) return next();
  if ('error' in parsed) {
    c.res = c.json({ detail: parsed.error, code: 'invalid_prefer' }, 400, preferred());
    return;
  }
  const prefer = parsed.prefer!;
  if (prefer.latency > 0) await deps.sleep(prefer.latency);
  const outcome = preferredAnswer(prefer, op, c.req.method, deps.handlerStatuses);
  if (outcome.kind === 'error') {
    c.res = c.json({ detail: outcome.message, code: 'invalid_prefer' }, 400, preferred());
    return;
  }
  if (outcome.kind === 'answer') {
    if (op) c.set('operation', op);
    c.res = answer(outcome.status, outcome.body, preferred());
    return;
  }
  await next();
  if (prefer.latency > 0) {
    c.header(FAULT_HEADER, 'latency');
    c.header(FAULT_SOURCE_HEADER, 'prefer');
  }
}

/**
 * What the gate decides this request by: `served`, the operation its route serves (a HEAD is served
 * by the path's GET: an image file), else `here`, its path's operations (its 405: `gate.admit`);
 * and whether nobody is asked for a token there: a public operation, or a method the path does not
 * answer where every operation of the path is public (login).
 */
function gatedBy(
  operations: readonly Operation[],
  op: Operation | undefined,
  method: string,
  path: string,
): { served: Operation | undefined; here: readonly Operation[]; isPublic: boolean } {
  const served = op ?? (method === 'HEAD' ? operationAt(operations, 'GET', path) : undefined);
  if (served) return { served, here: [], isPublic: served.isPublic };
  const here = hasDotSegment(path) ? [] : pathOperations(operations, path);
  return { served, here, isPublic: here.length > 0 && here.every((o) => o.isPublic) };
}

function injected(ruleId: number): Record<string, string> {
  return {
    [FAULT_HEADER]: 'injected',
    [FAULT_SOURCE_HEADER]: 'rule',
    'X-Mock-Fault-Rule': String(ruleId),
  };
}

function preferred(): Record<string, string> {
  return { [FAULT_HEADER]: 'injected', [FAULT_SOURCE_HEADER]: 'prefer' };
}

function answer(status: number, body: unknown, headers: Record<string, string>): Response {
  if (status === 204 || status === 205 || status === 304)
    return new Response(null, { status, headers });
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}
