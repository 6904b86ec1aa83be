import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

export interface SpecWatch {
  close(): void;
}

/** How long the folder must be quiet before a reload: an editor's save is several events. */
export const WATCH_DEBOUNCE_MS = 200;

/**
 * Calls `onChange` once the served documents have settled after a change: a document added to,
 * changed in or removed from `dir` (`*.openapi.yaml`/`.json`), or one of the `files` (`--spec`)
 * written. Each file is watched through its folder, since editors save by replacing the file
 * (a watch on the old inode would go quiet). `node:fs.watch` is enough here: a handful of
 * files, and a missed event costs only a save more.
 */
export function watchSpecs(dir: string, files: readonly string[], onChange: () => void, debounceMs = WATCH_DEBOUNCE_MS): SpecWatch {
  let timer: NodeJS.Timeout | null = null;
  const changed = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, debounceMs);
  };
  const wanted = new Map<string, Set<string> | null>();
  // The spec directory: any served document in it (null: every name that looks like one).
  wanted.set(resolve(dir), null);
  for (const file of files) {
    const folder = dirname(resolve(file));
    const names = wanted.get(folder);
    if (names === null) continue;
    wanted.set(folder, (names ?? new Set()).add(basename(file)));
  }
  const watchers: FSWatcher[] = [];
  for (const [folder, names] of wanted) {
    const watcher = watch(folder, (_event, name) => {
      if (name === null) return changed();
      const file = String(name);
      if (names ? names.has(file) : /\.openapi\.(yaml|json)$/.test(file)) changed();
    });
    watcher.on('error', () => undefined);
    watchers.push(watcher);
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
