import type { Context, ErrorHandler, MiddlewareHandler, Next } from 'hono';
import type { AppEnv } from './env.ts';

/**
 * What a step's `next()` returns when the steps inside it finished in the same tick, and what a
 * chain returns when all of it did: a settled promise, so a step may still `await next()` or
 * `.then` it, which a chain recognises by identity and so goes on without a microtask.
 */
export const DONE: Promise<void> = Promise.resolve();

/** What running the steps from some point gives: nothing when they finished in this tick. */
type Run = (c: Context<AppEnv>, next: Next) => Promise<void> | void;

/**
 * Runs `steps` in order with Hono's own rules for each (its `compose`): a returned `Response`
 * becomes `c.res` unless the context is already answered; an `Error` thrown by a step goes to
 * `onError`, whose answer becomes `c.res`, and the steps outside it carry on as they would around
 * Hono's `next()`. Unlike `compose`, a step that hands on its inner step's promise adds no frame,
 * and steps that all answer synchronously finish synchronously (`undefined`). Used by
 * `middlewareChain` and by the fused routes (fused-router.ts).
 */
export function runSteps(steps: readonly MiddlewareHandler<AppEnv>[], onError: ErrorHandler<AppEnv>): Run {
  const n = steps.length;
  return (c, next) => {
    const run = (i: number): Promise<void> | void => {
      if (i === n) {
        const last = next();
        return last === DONE ? undefined : last;
      }
      let inner: Promise<void> | void = undefined;
      let result: Response | void | Promise<Response | void>;
      try {
        result = steps[i]!(c, () => {
          inner = run(i + 1);
          return inner ?? DONE;
        });
      } catch (err) {
        return failed(c, err, onError);
      }
      // The step handed on what the steps inside it answered: they settled `c.res` themselves.
      // (TypeScript cannot see that the closure above may have assigned `inner`.)
      const handedOn = inner as Promise<void> | void;
      if (result === DONE) return undefined;
      if (handedOn !== undefined && (result as unknown) === handedOn) return handedOn;
      if (result instanceof Promise) return result.then((res) => answered(c, res), (err: unknown) => failed(c, err, onError));
      answered(c, result);
    };
    return run(0);
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
  return (c, next) => run(c, next) ?? DONE;
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
