import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { StateFileError } from './state-file-load.ts';

/**
 * Takes `PATH.lock` (holding this process's pid) so that two mocks never write one state file;
 * answers the function that releases it. A lock left by a process that is gone (killed) is
 * taken over; one held by a live process — this one included — stops start-up.
 */
export function lockStateFile(path: string): () => void {
  const lock = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lock);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StateFileError(
          `state file ${path}: cannot create its lock ${lock} (${(err as Error).message})`,
        );
      }
      const pid = Number(readFileSync(lock, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new StateFileError(
          `state file ${path} is in use by process ${pid} (lock ${lock}); stop it or give another --state-file`,
        );
      }
      unlinkSync(lock);
    }
  }
  throw new StateFileError(`state file ${path}: its lock ${lock} keeps reappearing`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
