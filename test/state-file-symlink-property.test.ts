import fc from 'fast-check';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveStateFile } from '../src/persist/resolve-state-file.ts';

/**
 * Issue 19 item 3's mechanism, resolving `--state-file` once to the real file, as a property: for
 * any chain of file links (absolute or relative targets), reached through a linked directory or
 * not, to a state file that exists or is yet to be written, the path the mock resolves is the
 * real file's — the same path whichever name of the chain it was given, so the lock, journals and
 * snapshots of every name land beside one file.
 */
const root = realpathSync(mkdtempSync(join(tmpdir(), 'omnitron-link-prop-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let run = 0;

describe('resolving a --state-file given through links', () => {
  it('always names the real file, whichever link of a chain the mock is given', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ relativeTarget: fc.boolean(), dir: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.boolean(),
        (links, exists, viaLinkedDir) => {
          const base = join(root, `run-${(run += 1)}`);
          const dirs = [0, 1, 2].map((i) => join(base, `d${i}`));
          for (const d of dirs) mkdirSync(d, { recursive: true });
          const real = join(dirs[0]!, 'state.ndjson');
          if (exists) writeFileSync(real, '');
          // Each link points at the previous name: links[0] → real, links[1] → links[0], …
          let target = real;
          const names = [real];
          links.forEach((l, i) => {
            const name = join(dirs[l.dir]!, `link-${i}.ndjson`);
            symlinkSync(l.relativeTarget ? relative(dirname(name), target) : target, name);
            names.push(name);
            target = name;
          });
          // The outermost name, also reached through a symlinked directory.
          if (viaLinkedDir) {
            const linkedDir = join(base, 'linked-dir');
            symlinkSync(dirname(target), linkedDir);
            names.push(join(linkedDir, target.slice(dirname(target).length + 1)));
          }
          for (const name of names) expect(resolveStateFile(name), name).toBe(real);
        },
      ),
      { numRuns: 80 },
    );
  });
});
