import type { Context, MiddlewareHandler, Next } from 'hono';
import type { MockState } from '../state/mock-state.ts';
import {
  EVICTED_HEADER,
  SESSION_FROM_HEADER,
  SESSION_HEADER,
  sessionFromProblem,
  sessionNameProblem,
  type SessionOrigin,
} from '../state/sessions.ts';
import type { Store } from '../store/store.ts';
import type { AppEnv } from './env.ts';
import { requestHeader } from './request-header.ts';

/** `X-Mock-Session` as `requestHeader` reads it (lower case). */
const SESSION_HEADER_NAME = SESSION_HEADER.toLowerCase();
const SESSION_FROM_NAME = SESSION_FROM_HEADER.toLowerCase();

/** Requests that named a session they may not create: they use the shared store (see below). */
const unsessioned = new WeakSet<Request>();

/**
 * The valid session name a request carries and uses, or null (none, an invalid one, or one an
 * unauthenticated request named but no session has: its store is the shared one, and its journal
 * entry, log line and fault rules must say so, or a replay writes into a session it never had).
 */
export function sessionOf(c: Context): string | null {
  const name = requestHeader(c, SESSION_HEADER_NAME);
  // A request without the header (nearly all) never looks in the set.
  if (name === undefined || unsessioned.has(c.req.raw)) return null;
  return sessionNameProblem(name) === null ? name : null;
}

/** Evictions caused by a request, to announce on its answer. */
const evictions = new WeakMap<Request, string>();

/**
 * `AppDeps.storeFor`: the session's store for a request with a valid `X-Mock-Session`, created on
 * first use (from the seeded state, or from the shared state with `X-Mock-Session-From: shared`);
 * the shared store otherwise (an invalid name or origin is refused by `sessionGuard`).
 * Only a request `authenticated` says may use a session (a valid API token, or the admin API's
 * admission on `/__mock/`): any other one creates, evicts and touches none — it reads an existing
 * session's store as is (it is refused 401/403 anyway unless its operation is public), else the
 * shared one — so an anonymous client cannot fill the table and evict other testers' sessions.
 */
export function sessionStoreFor(state: MockState, authenticated: (c: Context) => boolean): (c: Context) => Store {
  return (c) => {
    const name = sessionOf(c);
    if (name === null) return state.shared;
    if (!authenticated(c)) {
      const existing = state.sessions.peek(name);
      if (existing !== undefined) return existing;
      unsessioned.add(c.req.raw);
      return state.shared;
    }
    const from = requestHeader(c, SESSION_FROM_NAME) ?? 'seed';
    if (sessionFromProblem(from) !== null) return state.shared;
    const { store, evicted } = state.sessions.use(name, from as SessionOrigin);
    if (evicted !== null) evictions.set(c.req.raw, evicted);
    return store;
  };
}

/**
 * Inside the self-check, before faults and the routes: refuses an invalid session name (400) and
 * announces on the answer a session its first use evicted (`X-Mock-Session-Evicted`).
 */
export function sessionGuard(): MiddlewareHandler<AppEnv> {
  // A request without a session passes without an `async` frame of its own.
  return (c, next) => {
    const name = requestHeader(c, SESSION_HEADER_NAME);
    return name === undefined ? next() : guarded(c, next, name);
  };
}

async function guarded(c: Context<AppEnv>, next: Next, name: string): Promise<Response | void> {
  const from = requestHeader(c, SESSION_FROM_NAME);
  const problem =
    sessionNameProblem(name) ?? (from === undefined ? null : sessionFromProblem(from));
  if (problem) return c.json({ detail: problem, code: 'invalid_session' }, 400);
  const evicted = evictions.get(c.req.raw);
  await next();
  if (evicted !== undefined) c.header(EVICTED_HEADER, evicted);
}
