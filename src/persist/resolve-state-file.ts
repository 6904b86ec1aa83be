import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** How many links deep a path is followed before giving up (Linux's own limit). */
const MAX_LINKS = 40;

/**
 * The real path of `--state-file`, resolved once at start (issue 19): the lock, the journals and
 * every snapshot live beside the *real* file, so a mock given a symlink and one given its target
 * share one lock, and compaction renames its snapshot over the real file — never over the link,
 * which would turn it into a regular file. A link whose target does not exist yet (a new state
 * file) resolves to that target; a path that does not exist resolves its directory.
 */
export function resolveStateFile(path: string, depth = 0): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || depth >= MAX_LINKS) return absolute;
  }
  let link = false;
  try {
    link = lstatSync(absolute).isSymbolicLink();
  } catch {
    link = false;
  }
  if (link) return resolveStateFile(resolve(dirname(absolute), readlinkSync(absolute)), depth + 1);
  try {
    return join(realpathSync(dirname(absolute)), basename(absolute));
  } catch {
    return absolute;
  }
}
