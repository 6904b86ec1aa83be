import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take most of a run (bench/findings.md, "Eighth session: test-suite time"),
 * longest first. They start first, so that none of them begins late and runs alone at the end
 * while the other worker idles. Vitest orders by the durations it cached in node_modules/.vite,
 * but a clean clone (CI's `npm ci`) has no cache and orders by file size, which puts these in
 * the middle. A file missing from this list is only scheduled later, never skipped.
 */
const LONG_FILES = [
  'test/browser.test.ts',
  'test/kill-state-file.test.ts',
  'test/admin-state-100k.test.ts',
  'test/package.test.ts',
];

class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const at = LONG_FILES.indexOf(relative(spec.project.config.root, spec.moduleId).replaceAll('\\', '/'));
      return at === -1 ? LONG_FILES.length : at;
    };
    // Array.prototype.sort is stable: the rest keep vitest's own order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  // `import … from 'omnitron-mock'` in tests and examples resolves to src/, as tsc's
  // customConditions does: a clone needs no build step (package.json `exports`).
  ssr: { resolve: { conditions: ['omnitron-source', ...defaultServerConditions] } },
  test: {
    include: ['test/**/*.test.ts'],
    // Two cores run many files at once: generous limits, so a loaded machine is not a failure.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files share a worker's module cache, so the served specs are loaded and their
    // validators compiled once per worker instead of once per file. Every test builds its own
    // mock and store, so no store crosses files; module-level caches (the kept filter parses,
    // `sharedNamesOf`) do, and the tests that read them reset them.
    isolate: false,
    // One temporary directory for the whole run, removed at its end (test/support/run-temp-dir.ts).
    globalSetup: ['test/support/run-temp-dir.ts'],
    // One worker per core. Vitest's default in `run` is one fewer (a single worker on a 2-core
    // machine, every file in turn), but the long files mostly wait on processes of their own —
    // the CLI they start and kill, Chromium, npm and tsc — so a second worker uses the time.
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: LongFilesFirst },
  },
});
