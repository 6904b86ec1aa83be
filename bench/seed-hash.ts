/**
 * The seeded graph's fingerprint at the sizes test/seed-golden does not reach: a sha256 over every
 * collection of the store `buildMock` serves (records as JSON in pk order, the derived lists under
 * their parents, tags, sequences, the engine's rows), for seed 1 at 100,000 plans and seed 7 at
 * 5,000 by default. A change to the seed or the commit path must leave every line unchanged: run
 * it before and after (the seventh session's start-up work did, bench/findings.md).
 *
 *   npx tsx bench/seed-hash.ts                  # 1:100000 and 7:5000
 *   npx tsx bench/seed-hash.ts 42:1000 3:20000  # any seed:size pairs
 *
 * Also prints how long `buildMock` took per pair (one draw, for orientation only).
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import type { Store } from '../src/store/store.ts';

const PAIRS = process.argv.length > 2 ? process.argv.slice(2) : ['1:100000', '7:5000'];

/** Every collection of a store, keyed ones in their own iteration order (pk order for the seed's). */
function digest(store: Store): string {
  const hash = createHash('sha256');
  for (const [name, value] of Object.entries(store)) {
    hash.update(`#${name}\n`);
    if (value instanceof Map) {
      for (const [key, row] of value) hash.update(`${key}=${JSON.stringify(row)}\n`);
    } else if (name === 'tags') {
      for (const [kind, index] of Object.entries(value as Store['tags'])) hash.update(`${kind}:${JSON.stringify(index.entries())}\n`);
    } else {
      hash.update(`${JSON.stringify(value)}\n`);
    }
  }
  return hash.digest('hex');
}

for (const pair of PAIRS) {
  const [seed, size] = pair.split(':').map(Number) as [number, number];
  const at = performance.now();
  const mock = await buildMock(testConfig({ seed, size }), { logger: silentLogger, start: false });
  const ms = performance.now() - at;
  console.log(`seed ${seed}, size ${size}: ${digest(mock.store)}  (buildMock ${ms.toFixed(0)} ms, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  await mock.webhooks.close();
}
