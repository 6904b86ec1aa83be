import type { Context, ErrorHandler, MiddlewareHandler, Next } from 'hono';
import type { AppEnv } from './env.ts';

/**
 * What a step's `next()` returns when the steps inside it finished in the same tick, and what a
 * chain returns when all of it did: a settled promise, so a step may still `await next()` or
 * `.then` it, which a chain recognises by identity and so goes on without a microtask.
 */
export const DONE: Promise<void> = Promise.resolve();

/** What running the steps gives: nothing when they finished in this tick. */
type Run = (c: Context<AppEnv>, next: Next) => Promise<void> | void;

/** No `next()` was called by the step that just returned. */
const NONE = Symbol('none');

/**
 * Runs `steps` in order with Hono's own rules for each (its `compose`): a returned `Response`
 * becomes `c.res` unless the context is already answered; an `Error` thrown by a step goes to
 * `onError`, whose answer becomes `c.res`, and the steps outside it carry on as they would around
 * Hono's `next()`. Unlike `compose`, a step that hands on its inner step's promise adds no frame,
 * and steps that all answer synchronously finish synchronously (`undefined`). Used by
 * `middlewareChain` and by the fused routes (fused-router.ts).
 *
 * A request gets one `next` for all its steps, which runs the step after the deepest one started:
 * a step calls it at most once, and before it does no step inside it has started (as `compose`
 * requires too). What that call returned is kept in `handed` until the step returns. One `next`
 * cannot tell which step calls it, so a second call by a step — which `compose` refuses with
 * "next() called multiple times" — runs the step after the deepest one started instead; no step
 * of the mock calls `next()` twice (ADR 0017 lists this difference).
 *
 * `endsAtNotFound`: past the last step is Hono's not-found answer (fused routes: the `next` Hono
 * hands a lone handler would set it whatever answered meanwhile), asked and kept as `compose`
 * does — only while nothing has answered.
 */
export function runSteps(steps: readonly MiddlewareHandler<AppEnv>[], onError: ErrorHandler<AppEnv>, endsAtNotFound = false): Run {
  const n = steps.length;
  return (c, next) => {
    let at = -1;
    let handed: Promise<void> | typeof NONE = NONE;
    // The one closure a request (issue 26, nineteenth session: a second, `run(i)`, was folded in):
    // runs the step after the deepest one started, and keeps what it gave in `handed`. The chain
    // itself calls it first, for step 0; a step calls it as its `next()`.
    const inner = (): Promise<void> => {
      if (at >= n) return Promise.reject(new Error('next() called multiple times'));
      const i = at + 1;
      at = i;
      let r: Promise<void> | void;
      if (i === n) {
        if (endsAtNotFound) r = notFound(c);
        else {
          const last = next();
          r = last === DONE ? undefined : last;
        }
      } else {
        handed = NONE;
        let result: Response | void | Promise<Response | void>;
        try {
          result = steps[i]!(c, inner);
        } catch (err) {
          return (handed = failed(c, err, onError));
        }
        // The step handed on what the steps inside it answered: they settled `c.res` themselves.
        if (result === DONE) r = undefined;
        else if ((result as unknown) === handed) r = handed as unknown as Promise<void>;
        else if (result instanceof Promise) r = result.then((res) => answered(c, res), (err: unknown) => failed(c, err, onError));
        else {
          answered(c, result);
          r = undefined;
        }
      }
      return (handed = r ?? DONE);
    };
    // What step 0 gave: `DONE` is what `inner` makes of "finished in this tick" (no step's own
    // answer is ever `DONE` here: a step that returned it gave `undefined` above).
    const r = inner();
    return r === DONE ? undefined : r;
  };
}

/**
 * Several middlewares mounted as one (issue 26). Hono runs each `app.use` middleware in an
 * `async` frame of its own — a promise and a microtask per middleware per request, about ten for
 * a plain read here, although most of them only look at the request and `return next()`. This
 * runs the same middlewares, in the same order, as `runSteps` does; it returns `DONE` when they
 * all finished in the same tick.
 *
 * `onError` must be the app's own `app.onError` handler.
 * @example app.use('*', middlewareChain([bodyLimit(), journalMutations(journal)], onError))
 */
export function middlewareChain(steps: readonly MiddlewareHandler<AppEnv>[], onError: ErrorHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  const run = runSteps(steps, onError);
  const chain: MiddlewareHandler<AppEnv> = (c, next) => run(c, next) ?? DONE;
  chains.set(chain, { steps, onError });
  return chain;
}

const chains = new WeakMap<MiddlewareHandler<AppEnv>, { steps: readonly MiddlewareHandler<AppEnv>[]; onError: ErrorHandler<AppEnv> }>();

/**
 * The steps of `handlers` with each `middlewareChain` among them opened up, where it was made
 * with `onError`: running them in a row is running the chain (fused-router.ts).
 */
export function openChains(handlers: readonly MiddlewareHandler<AppEnv>[], onError: ErrorHandler<AppEnv>): MiddlewareHandler<AppEnv>[] {
  return handlers.flatMap((h) => {
    const chain = chains.get(h);
    return chain !== undefined && chain.onError === onError ? openChains(chain.steps, onError) : [h];
  });
}

/**
 * For a step with work to do once the steps inside it are done (a log line, a header): `then`
 * runs at once when `handedOn` (what its `next()` returned) says they finished in this tick,
 * else once they settle. Returns what the step should return.
 * @example (c, next) => afterNext(next(), () => log.add(c.res.status))
 */
export function afterNext(handedOn: Promise<void>, then: () => void): Promise<void> {
  if (handedOn === DONE) {
    then();
    return DONE;
  }
  return handedOn.then(then);
}

/** What Hono's `compose` does past its last step: the not-found answer, while nothing has answered. */
function notFound(c: Context<AppEnv>): Promise<void> | undefined {
  if (c.finalized) return undefined;
  const res = c.notFound();
  if (res instanceof Promise) return res.then((r) => answered(c, r));
  answered(c, res);
  return undefined;
}

/** What Hono's `compose` does with a step's value: a `Response` answers, unless one already has. */
function answered(c: Context<AppEnv>, res: Response | void): void {
  if (res instanceof Response && !c.finalized) c.res = res;
}

/** What Hono's `compose` does with a step that threw: an `Error` is answered by `onError`. */
async function failed(c: Context<AppEnv>, err: unknown, onError: ErrorHandler<AppEnv>): Promise<void> {
  if (!(err instanceof Error)) throw err;
  c.error = err;
  const res = await onError(err, c);
  if (res) c.res = res;
}
