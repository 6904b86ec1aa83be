import { Hono, type ErrorHandler, type MiddlewareHandler } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../src/http/env.ts';
import { middlewareChain } from '../src/http/middleware-chain.ts';

/**
 * `middlewareChain` mounts several middlewares as one (issue 26); each case runs the same steps
 * mounted one by one with `app.use` (Hono's own `compose`) and through the chain, and both must
 * answer alike: status, body, headers and what the outer steps saw.
 */

type Seen = string[];
type Steps = (seen: Seen) => MiddlewareHandler<AppEnv>[];

const onError: ErrorHandler<AppEnv> = (err, c) => c.json({ detail: `handled: ${err.message}` }, 500);

async function answerOf(mount: 'one by one' | 'chained', steps: Steps, handler: (c: any) => Response | Promise<Response> = (c) => c.json({ ok: true })) {
  const seen: Seen = [];
  const app = new Hono<AppEnv>();
  app.onError(onError);
  if (mount === 'chained') app.use('*', middlewareChain(steps(seen), onError));
  else for (const step of steps(seen)) app.use('*', step);
  app.get('/x', handler);
  const res = await app.request('/x');
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
};

describe('middlewares mounted as one chain', () => {
  it.each(Object.keys(cases))('answer as mounted one by one: %s', async (name) => {
    const { steps, handler } = cases[name]!;
    const alone = await answerOf('one by one', steps, handler);
    const chained = await answerOf('chained', steps, handler);
    expect(chained).toEqual(alone);
    expect(alone.seen[0]).toBe('outer in');
  });
});
