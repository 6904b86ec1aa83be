import type { Context, ErrorHandler, MiddlewareHandler, Next } from 'hono';
import type { AppEnv } from './env.ts';

/**
 * Several middlewares mounted as one (issue 26). Hono runs each `app.use` middleware in an
 * `async` frame of its own — a promise and a microtask per middleware per request, about ten for
 * a plain read here, although most of them only look at the request and `return next()`. This
 * runs the same middlewares, in the same order, with Hono's own rules for each step (a returned
 * `Response` becomes `c.res` unless the context is already answered; an `Error` thrown by a step
 * goes to `onError`, whose answer becomes `c.res`, and the steps outside it carry on as they
 * would around Hono's `next()`), but a step that hands on its inner step's promise adds no frame.
 *
 * `onError` must be the app's own `app.onError` handler.
 * @example app.use('*', middlewareChain([bodyLimit(), journalMutations(journal)], onError))
 */
export function middlewareChain(steps: readonly MiddlewareHandler<AppEnv>[], onError: ErrorHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  const n = steps.length;
  return (c, next) => {
    const run = (i: number): Promise<void> | void => {
      if (i === n) return next();
      let inner: Promise<void> | void = undefined;
      let result: Response | void | Promise<Response | void>;
      try {
        result = steps[i]!(c, () => {
          inner = run(i + 1);
          return inner ?? Promise.resolve();
        });
      } catch (err) {
        return failed(c, err, onError);
      }
      // The step handed on what the steps inside it answered: they settled `c.res` themselves.
      // (TypeScript cannot see that the closure above may have assigned `inner`.)
      const handedOn = inner as Promise<void> | void;
      if (handedOn !== undefined && (result as unknown) === handedOn) return handedOn;
      if (result instanceof Promise) return result.then((res) => answered(c, res), (err: unknown) => failed(c, err, onError));
      answered(c, result);
    };
    return run(0) ?? Promise.resolve();
  };
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
