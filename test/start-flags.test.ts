import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { START_FLAGS } from '../bench/lib/start-flags.mjs';

/**
 * `npm start` runs node with a small young generation (issue 19 item 4): while a reseed at the
 * largest size builds its records, nearly everything a slice allocates survives, so each
 * young-generation collection copies a whole semi-space — 20–40 ms at node's default 16 MiB,
 * which, added to a 10 ms slice, blocked the server past 50 ms. The benches read the same flags
 * from package.json, so they measure the server users start.
 */
describe('npm start node flags', () => {
  it('cap the young generation at 4 MiB semi-spaces', () => {
    expect(START_FLAGS).toContain('--max-semi-space-size=4');
    // Churn through short-lived objects until the new space has grown as far as it may, then
    // read its size: 2 × 4 MiB with the flags, 2 × 16 MiB without them.
    const churn = `const v8 = require('node:v8'); let keep = [];
      for (let i = 0; i < 1e6; i += 1) { keep.push({ i, s: 'x' + i }); if (keep.length > 1e5) keep = []; }
      console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);`;
    const newSpace = (flags: string[]) => Number(execFileSync(process.execPath, [...flags, '-e', churn], { encoding: 'utf8' }));
    const MiB = 2 ** 20;
    expect(newSpace(START_FLAGS)).toBeLessThanOrEqual(8 * MiB);
    // The same churn without the flags grows past it: the check above can fail.
    expect(newSpace([])).toBeGreaterThan(8 * MiB);
  });
});
