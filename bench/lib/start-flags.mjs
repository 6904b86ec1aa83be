// The node flags `npm start` runs the server with, read from package.json's "start" script, so
// that every bench starts the mock as users do (`node <flags> bin/omnitron-mock.js serve`), and
// the in-process benches (a reseed, first lists, first writes through `app.request()`) run under
// the same flags: `relaunchWithStartFlags()` re-runs the bench's own process with them.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const match = /^node((?: --[^\s]+)*) bin\/omnitron-mock\.js serve$/.exec(pkg.scripts.start);
if (!match) throw new Error(`package.json's start script is not "node [--flags] bin/omnitron-mock.js serve": ${pkg.scripts.start}`);

/** The node flags of `npm start`, e.g. `['--max-semi-space-size=4']`. */
export const START_FLAGS = match[1].trim().split(/\s+/).filter(Boolean);

/**
 * Unless this process already runs with every start flag, runs this same script again (same
 * loader flags and arguments) with them, waits for it and exits with its code: call it first
 * thing in an in-process bench.
 */
export function relaunchWithStartFlags() {
  const missing = START_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  if (missing.length === 0) return;
  const run = spawnSync(process.execPath, [...missing, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
