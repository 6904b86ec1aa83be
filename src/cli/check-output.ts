import { accessSync, closeSync, constants, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * Where a command writes its output, checked before it starts its work (`contract --report-dir`,
 * `record --out`, `receive --out`): a place that cannot take the output was otherwise found out
 * only when the first output was written — after a whole run, a whole recording, or never (a
 * receiver answering every delivery 200). Each returns why not, as an error code, or null.
 */

/** A folder (made if missing) that takes files. */
export function folderProblem(dir: string): string | null {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return null;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return e.code ?? e.message;
  }
}

/**
 * A file to append to (made, empty, if missing; a folder is opened, to fail as `EISDIR`). One that
 * is there and is neither is only checked for write access — opening a named pipe waits for its
 * reader, which would stop the command before it starts — except a socket, which no append can
 * reach (`ENXIO`).
 */
export function appendProblem(file: string): string | null {
  try {
    const existing = statSync(file, { throwIfNoEntry: false });
    if (existing?.isSocket()) return 'ENXIO';
    if (existing === undefined || existing.isFile() || existing.isDirectory()) closeSync(openSync(file, 'a'));
    else accessSync(file, constants.W_OK);
    return null;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return e.code ?? e.message;
  }
}
