import { nodeIo, type StateFileIo } from '../../src/persist/journal-append.ts';

/** What the next journal write does: all of it, a short part then ENOSPC, or ENOSPC at once. */
export type Fate = 'ok' | 'short' | 'enospc';
/**
 * The state file's file layer over the real one, each journal write taking the next fate off
 * `fates` (the caller may push more at any time; an empty queue writes everything).
 */
export function flakyIo(fates: Fate[]): StateFileIo {
  return {
    async openAppend(path) {
      const real = await nodeIo.openAppend(path);
      return {
        ...real,
        async write(data, offset, length) {
          const fate = fates.shift() ?? 'ok';
          if (fate === 'enospc') throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          if (fate === 'short') {
            await real.write(data, offset, Math.max(1, Math.floor(length / 2)));
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          }
          return real.write(data, offset, length);
        },
      };
    },
  };
}
