import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles, readImportGraph, roomOf, sourceFiles } from './support/import-graph.ts';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const graph = readImportGraph(SRC);

/**
 * STYLE.md's layering: what each room may not import. `common` is the neutral room every other
 * may use; `store` knows no rules; `domain` knows no HTTP; the harness treats the mock as a
 * black box (`build-mock.ts` only).
 */
const FORBIDDEN: Record<string, { rooms: string[]; packages?: RegExp }> = {
  common: { rooms: ['*'] },
  store: { rooms: ['*'], packages: /^hono/ },
  domain: {
    rooms: [
      'http',
      'admin',
      'app.ts',
      'build-mock.ts',
      'cli',
      'state',
      'persist',
      'faults',
      'journal',
      'webhooks',
      'contracts',
      'record',
      'seed',
      'spec',
    ],
    packages: /^hono/,
  },
  state: {
    rooms: [
      'http',
      'admin',
      'app.ts',
      'build-mock.ts',
      'cli',
      'persist',
      'faults',
      'journal',
      'webhooks',
      'contracts',
      'record',
      'domain',
    ],
    packages: /^hono/,
  },
  persist: {
    rooms: [
      'http',
      'admin',
      'app.ts',
      'build-mock.ts',
      'cli',
      'faults',
      'journal',
      'webhooks',
      'contracts',
      'record',
    ],
    packages: /^hono/,
  },
  faults: {
    rooms: ['admin', 'app.ts', 'build-mock.ts', 'persist', 'state', 'store', 'contracts', 'record'],
  },
  contracts: {
    rooms: ['store', 'domain', 'state', 'persist', 'faults', 'admin', 'app.ts', 'journal', 'seed'],
  },
  // The in-process mock (createMock, MSW handlers, the browser build): the mock via build-mock only.
  embed: {
    rooms: ['store', 'domain', 'persist', 'faults', 'admin', 'app.ts', 'journal', 'seed', 'http', 'cli', 'contracts', 'record', 'engine'],
  },
  // The resource engine (issue 20): spec/, store/, common/, the domain's shared DRF helpers, the
  // seed's random streams, and of http/ only what a sub-app needs (gate, DRF bodies, list and
  // page helpers). Never the admin, state, persistence, faults, journal or webhooks.
  engine: {
    rooms: ['admin', 'app.ts', 'build-mock.ts', 'cli', 'state', 'persist', 'faults', 'journal', 'webhooks', 'contracts', 'record'],
  },
};
/** Rooms a room in FORBIDDEN with `*` may still import: itself and the neutral room. */
const ALWAYS_ALLOWED = new Set(['common']);

function violations(
  edges: ReadonlyMap<string, readonly string[]>,
  packages: ReadonlyMap<string, readonly string[]>,
): string[] {
  const out: string[] = [];
  for (const [file, targets] of edges) {
    const room = roomOf(file);
    const rule = FORBIDDEN[room];
    if (!rule) continue;
    for (const target of targets) {
      const to = roomOf(target);
      if (to === room || ALWAYS_ALLOWED.has(to)) continue;
      if (rule.rooms.includes('*') || rule.rooms.includes(to))
        out.push(`${file} imports ${target}`);
    }
    for (const name of packages.get(file) ?? []) {
      if (rule.packages?.test(name)) out.push(`${file} imports package ${name}`);
    }
  }
  return out;
}

describe('the house: rooms, circles and sizes', () => {
  it('has no import circle anywhere in src/, import type included', () => {
    expect(graph.edges.size).toBeGreaterThan(150);
    expect(importCycles(graph.edges)).toEqual([]);
  });

  it('finds a circle planted in a tree, through type imports and re-exports too', () => {
    const root = mkdtempSync(join(tmpdir(), 'import-circle-'));
    mkdirSync(join(root, 'a'));
    writeFileSync(
      join(root, 'a/one.ts'),
      "import type { Two } from '../b/two.ts';\nexport type One = Two;\n",
    );
    mkdirSync(join(root, 'b'));
    writeFileSync(
      join(root, 'b/two.ts'),
      "export { three } from './three.ts';\nexport type Two = number;\n",
    );
    writeFileSync(join(root, 'b/three.ts'), "export const three = () => import('../a/one.ts');\n");
    writeFileSync(
      join(root, 'b/free.ts'),
      "import { three } from './three.ts';\nexport const free = three;\n",
    );
    const planted = readImportGraph(root);
    expect(importCycles(planted.edges)).toEqual([['a/one.ts', 'b/three.ts', 'b/two.ts']]);
  });

  it('keeps the layering of STYLE.md: domain imports no HTTP, store no rules, contracts no store or domain', () => {
    expect(violations(graph.edges, graph.packages)).toEqual([]);
  });

  it('catches a planted layering breach', () => {
    const edges = new Map([
      ['domain/rule.ts', ['http/env.ts', 'store/store.ts', 'common/clock.ts']],
      ['contracts/run.ts', ['store/store.ts', 'build-mock.ts']],
      ['store/store.ts', ['domain/rule.ts']],
    ]);
    const packages = new Map([['domain/rule.ts', ['hono']]]);
    expect(violations(edges, packages)).toEqual([
      'domain/rule.ts imports http/env.ts',
      'domain/rule.ts imports package hono',
      'contracts/run.ts imports store/store.ts',
      'store/store.ts imports domain/rule.ts',
    ]);
  });

  it('has no hand-written file over 300 lines; generated files say so in their first line', () => {
    const long = sourceFiles(SRC)
      .map((file) => ({ file, text: readFileSync(join(SRC, file), 'utf8') }))
      .filter(({ text }) => !text.startsWith('// Generated'))
      .map(({ file, text }) => ({
        file,
        lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0),
      }))
      .filter(({ lines }) => lines > 300);
    expect(long).toEqual([]);
  });
});
