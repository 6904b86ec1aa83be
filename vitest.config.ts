import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

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
    // mock and store, so no state crosses files.
    isolate: false,
  },
});
