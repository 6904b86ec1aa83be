import { TrieRouter } from 'hono/router/trie-router';
import { beforeAll, describe, expect, it } from 'vitest';
import { SegmentRouter } from '../src/http/segment-router.ts';
import { WIDGETS } from './support/engine-fixture.ts';
import { createTestMock } from './support/test-mock.ts';

/**
 * The app's router (segment-router.ts, issue 26) must find what Hono's `TrieRouter` finds: for
 * every route of the mock (domain, engine, admin, docs) and paths around each — every parameter
 * as a number, a word, a literal of a sibling route, an escape or nothing; with and without the
 * trailing slash; one segment more or less — the same handlers in the same order, each with the
 * same parameters, for every method.
 */
type Added = Array<[string, string, unknown]>;
let routes: Added;

beforeAll(async () => {
  const mock = await createTestMock({ size: 5, spec: [WIDGETS] });
  routes = mock.app.routes.map((r) => [r.method, r.path, r.handler] as [string, string, unknown]);
}, 60_000);

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];
const VALUES = ['1', '42', 'abc', 'filter_tags', 'detailed', 'inserts_or_updates', '%2F', 'a.b', ''];

function pathsAround(routePaths: string[]): string[] {
  const out = new Set<string>(['/', '', '//', '/api//v1/', '/nowhere', '/api/v1/', '/__mock', '/docs', '/docs/']);
  for (const path of routePaths) {
    for (const value of VALUES) {
      const filled = path.replace(/:[^/]+/g, value);
      out.add(filled);
      out.add(filled.endsWith('/') ? filled.slice(0, -1) : `${filled}/`);
      out.add(`${filled}${filled.endsWith('/') ? '' : '/'}extra/`);
      const segments = filled.split('/');
      for (let i = 1; i < segments.length; i += 1) out.add(segments.slice(0, i).join('/') || '/');
    }
  }
  return [...out];
}

function both(added: Added) {
  const fast = new SegmentRouter<unknown>();
  const trie = new TrieRouter<unknown>();
  for (const [m, p, h] of added) {
    fast.add(m, p, h);
    trie.add(m, p, h);
  }
  return { fast, trie };
}

const plain = (result: ReturnType<TrieRouter<unknown>['match']>) => result[0].map(([h, params]) => [h, { ...params }]);

/** Both routers of `added` answer every one of `paths` alike (GET); the fast one, for more checks. */
function expectAsTrie(added: Parameters<typeof both>[0], paths: string[]): SegmentRouter<unknown> {
  const { fast, trie } = both(added);
  for (const path of paths) expect(plain(fast.match('GET', path)), path).toEqual(plain(trie.match('GET', path)));
  return fast;
}

describe('the app router', () => {
  it('finds what TrieRouter finds for every route of the mock and the paths around them', () => {
    const { fast, trie } = both(routes);
    const paths = pathsAround(routes.map((r) => r[1]));
    expect(paths.length).toBeGreaterThan(800);
    let matched = 0;
    for (const method of METHODS) {
      for (const path of paths) {
        const want = plain(trie.match(method, path));
        expect(plain(fast.match(method, path)), `${method} ${path}`).toEqual(want);
        if (want.length > 2) matched += 1;
      }
    }
    // The paths reach routes (not only the catch-all middlewares), in every method.
    expect(matched).toBeGreaterThan(300);
  });

  it('finds a literal and a parameter route at one place both, in the order they were added', () => {
    const fast = expectAsTrie(
      [
        ['ALL', '/*', 'outer'],
        ['GET', '/r/filter_tags/', 'literal'],
        ['GET', '/r/:id/', 'param'],
        ['GET', '/c/:channel_id/r/:id/', 'nested'],
        ['ALL', '/*', 'inner'],
      ],
      ['/r/filter_tags/', '/r/7/', '/c/3/r/9/', '/r//', '/r/7'],
    );
    expect(plain(fast.match('GET', '/r/filter_tags/')).map(([h]) => h)).toEqual(['outer', 'literal', 'param', 'inner']);
    expect(plain(fast.match('GET', '/c/3/r/9/'))[1]).toEqual(['nested', { channel_id: '3', id: '9' }]);
  });

  it('hands every route to TrieRouter once a path of another form is added', () => {
    // The pattern, optional and inner-wildcard routes only TrieRouter can match: answered alike,
    // they were handed over (the segment tree would miss `/files/a.json` and `/opt`).
    expectAsTrie(
      [
        ['ALL', '/*', 'outer'],
        ['GET', '/r/:id/', 'param'],
        ['GET', '/files/:name{[a-z]+\\.json}', 'pattern'],
        ['GET', '/opt/:id?', 'optional'],
        ['GET', '/docs/*', 'wildcard'],
      ],
      ['/r/1/', '/files/a.json', '/files/1.json', '/opt', '/opt/2', '/docs', '/docs/x/y'],
    );
  });

  it('answers a combined match as the combination of what match finds, with the last route\'s parameters, before and after a route is added', () => {
    const combined = new SegmentRouter<unknown>();
    const plainRouter = new SegmentRouter<unknown>();
    let combines = 0;
    // Each combination is a fresh object, so a kept one is told apart from one made again.
    const combine = (handlers: unknown[]) => {
      combines += 1;
      return { handlers };
    };
    for (const [m, p, h] of routes) {
      combined.add(m, p, h);
      plainRouter.add(m, p, h);
    }
    const paths = pathsAround(routes.map((r) => r[1]));
    const expectSame = (pass: string) => {
      let kept = 0;
      for (const method of METHODS) {
        for (const path of paths) {
          const got = combined.matchCombined(method, path, combine);
          if (got === null) continue;
          kept += 1;
          const want = plainRouter.match(method, path)[0];
          const label = `${pass}: ${method} ${path}`;
          if (want.length === 0) {
            expect(got, label).toEqual([[]]);
            continue;
          }
          expect(got[0].length, label).toBe(1);
          const [value, params] = got[0][0]!;
          expect((value as { handlers: unknown[] }).handlers, label).toEqual(want.map(([h]) => h));
          expect({ ...params }, label).toEqual({ ...want[want.length - 1]![1] });
        }
      }
      return kept;
    };
    // Most paths around the routes end at one node and are kept; the rest are asked of `match`.
    expect(expectSame('first')).toBeGreaterThan(2000);
    const made = combines;
    expectSame('kept');
    expect(combines).toBe(made);
    // A route added since: a kept combination of a path it matches is made again, with it.
    const outer = 'added after';
    for (const router of [combined, plainRouter]) router.add('GET', '/api/v1/cancellation_requests/:id/', outer);
    expectSame('after an add');
    const detail = combined.matchCombined('GET', '/api/v1/cancellation_requests/7/', combine)!;
    expect(((detail[0][0]![0] as { handlers: unknown[] }).handlers).at(-1)).toBe(outer);
    expect({ ...detail[0][0]![1] }).toEqual({ id: '7' });
  });
});

// rev-rl5 (nineteenth session): a parameterless match is one answer shared by every request, so it
// is frozen all the way down — the combined value inside included — and a write into it throws.
describe('a shared parameterless match', () => {
  it('is frozen all the way down: a write into it throws and reaches no later request', () => {
    const r = new SegmentRouter<[string, string]>();
    r.add('GET', '/api/v1/things/', ['list', 'route']);
    const combine = (hs: [string, string][]) => [hs.map((h) => h[0]).join('+'), hs.at(-1)![1]] as [string, string];
    const a = r.matchCombined('GET', '/api/v1/things/', combine)! as unknown as unknown[][][][];
    expect(r.matchCombined('GET', '/api/v1/things/', combine)).toBe(a);
    expect(() => { (a[0]![0] as unknown[])[1] = { id: '1' }; }).toThrow(TypeError);
    expect(() => { a[0]![0]![0]![0] = 'other'; }).toThrow(TypeError);
    expect(r.matchCombined('GET', '/api/v1/things/', combine)![0][0]![0][0]).toBe('list');
  });
});
