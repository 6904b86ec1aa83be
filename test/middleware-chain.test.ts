import { Hono, type ErrorHandler, type MiddlewareHandler } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../src/http/env.ts';
import { fusedRouter } from '../src/http/fused-router.ts';
import { middlewareChain } from '../src/http/middleware-chain.ts';

/**
 * `middlewareChain` mounts several middlewares as one (issue 26); each case runs the same steps
 * mounted one by one with `app.use` (Hono's own `compose`) and through the chain, and both must
 * answer alike: status, body, headers and what the outer steps saw. The same again on an app whose
 * router fuses each match's handlers into one (fused-router.ts, issue 26's ninth session), with
 * the steps mounted one by one and chained.
 */

type Seen = string[];
type Steps = (seen: Seen) => MiddlewareHandler<AppEnv>[];

const onError: ErrorHandler<AppEnv> = (err, c) => c.json({ detail: `handled: ${err.message}` }, 500);

type Mount = 'one by one' | 'chained' | 'fused, one by one' | 'fused, chained';
type Handler = (c: any) => Response | Promise<Response> | undefined;

async function answerOf(mount: Mount, steps: Steps, handler: Handler = (c) => c.json({ ok: true }), path = '/x', method = 'GET') {
  const seen: Seen = [];
  const app = new Hono<AppEnv>(mount.startsWith('fused') ? { router: fusedRouter(onError) as never } : {});
  app.onError(onError);
  if (mount.endsWith('chained')) app.use('*', middlewareChain(steps(seen), onError));
  else for (const step of steps(seen)) app.use('*', step);
  app.get('/x/:id', (c, next) => {
    seen.push(`param ${c.req.param('id')}`);
    return next();
  });
  app.get('/x/:id', handler as never);
  app.get('/x', handler as never);
  const res = await app.request(path, { method });
  return { status: res.status, body: await res.text(), marked: res.headers.get('X-Outer'), seen };
}

/** An outer step that notes the status it sees after the inner ones, and marks the answer. */
const outer = (seen: Seen): MiddlewareHandler<AppEnv> => async (c, next) => {
  seen.push('outer in');
  await next();
  seen.push(`outer saw ${c.res.status}`);
  c.header('X-Outer', 'yes');
};
const passing = (seen: Seen, name: string): MiddlewareHandler<AppEnv> => (_c, next) => {
  seen.push(name);
  return next();
};

/** A step as written in the app, sync or async (Hono's type wants a promise; its compose takes either). */
const step = (f: (c: any, next: () => Promise<void>) => unknown) => f as MiddlewareHandler<AppEnv>;

const cases: Record<string, { steps: Steps; handler?: (c: any) => Response | Promise<Response> }> = {
  'steps that hand on, then the route': { steps: (s) => [outer(s), passing(s, 'a'), passing(s, 'b')] },
  'a step that answers by returning a response': { steps: (s) => [outer(s), passing(s, 'a'), step((c) => c.json({ refused: true }, 400)), passing(s, 'never')] },
  'a step that answers from an async frame': { steps: (s) => [outer(s), async (c) => c.json({ late: true }, 413)] },
  'a step that throws at once': { steps: (s) => [outer(s), passing(s, 'a'), step(() => { throw new Error('sync'); })] },
  'a step that throws after the route answered': { steps: (s) => [outer(s), async (_c, next) => { await next(); throw new Error('after'); }] },
  'a route that throws': { steps: (s) => [outer(s), passing(s, 'a')], handler: () => { throw new Error('route'); } },
  'a step that replaces the answer after the route': { steps: (s) => [outer(s), async (c, next) => { await next(); c.res = c.json({ replaced: true }, 503); }] },
  'a step that returns a response after the route answered': { steps: (s) => [outer(s), async (c, next) => { await next(); return c.json({ ignored: true }, 418); }] },
  'a route that answers from an async frame': { steps: (s) => [outer(s), passing(s, 'a')], handler: async (c) => c.json({ later: true }, 201) },
  // (A route that answers nothing is left out: Hono's own `compose` then fails inside itself.)
  'a step that answers nothing and hands nothing on': { steps: (s) => [outer(s), step(() => undefined)] },
  'a step that awaits the route, then adds a header': { steps: (s) => [outer(s), async (c, next) => { await next(); c.header('X-Inner', 'yes'); }] },
  'steps that do nothing after the route, all synchronous': { steps: (s) => [passing(s, 'a'), passing(s, 'b')] },
  // Not found is kept only while nothing has answered, as compose keeps it.
  'a step that answers while the steps inside are still running': {
    steps: (s) => [outer(s), step((c, next) => { const p = next(); c.res = c.json({ replaced: true }, 503); return p; })],
  },
};

/** Requests beside the plain `GET /x`: a path parameter read by a middleware, no route, HEAD. */
const requests: Array<[string, string, string]> = [
  ['GET', '/x', 'the route'],
  ['GET', '/x/42', 'a route with a parameter, behind a middleware of its own'],
  ['GET', '/nowhere', 'no route (not found)'],
  ['HEAD', '/x', 'HEAD, answered by the GET route'],
];

describe('middlewares mounted as one chain', () => {
  it.each(Object.keys(cases))('answer as mounted one by one: %s', async (name) => {
    const { steps, handler } = cases[name]!;
    const alone = await answerOf('one by one', steps, handler);
    const chained = await answerOf('chained', steps, handler);
    expect(chained).toEqual(alone);
    expect(alone.seen[0]).toBe(name === 'steps that do nothing after the route, all synchronous' ? 'a' : 'outer in');
  });

  it.each(Object.keys(cases).flatMap((name) => requests.map(([method, path, what]) => [name, method, path, what] as const)))(
    'answer as mounted one by one when the router fuses each match: %s; %s %s (%s)',
    async (name, method, path) => {
      const { steps, handler } = cases[name]!;
      const alone = await answerOf('one by one', steps, handler, path, method);
      expect(await answerOf('fused, one by one', steps, handler, path, method)).toEqual(alone);
      expect(await answerOf('fused, chained', steps, handler, path, method)).toEqual(alone);
    },
  );
});
