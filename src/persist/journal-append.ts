import { open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory } from './snapshot-writer.ts';
import type { Store } from '../store/store.ts';
import type { TagIndex } from '../store/tag-index.ts';
import { fieldsOf } from '../state/store-views.ts';
import type { MapObserver } from '../state/shared-map.ts';
import type { TagObserver } from '../state/observed-tag-index.ts';

/**
 * The file layer the state file's journal writes through (issue 19): Node's own by default; a
 * test passes one that writes short or fails with ENOSPC, as a full disk does.
 */
export interface JournalHandle {
  write(data: Buffer, offset: number, length: number): Promise<{ bytesWritten: number }>;
  /** `fdatasync`: what was written survives a power cut, not only a crash (none: nothing to do). */
  sync?(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}
export interface StateFileIo {
  /** Opens a journal file for appending (`a`). */
  openAppend(path: string): Promise<JournalHandle>;
}

export const nodeIo: StateFileIo = {
  openAppend: async (path) => {
    const handle = await open(path, 'a');
    return {
      write: (data, offset, length) => handle.write(data, offset, length),
      sync: () => handle.datasync(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
  },
};

/**
 * Writes all of `data`: a short write is followed by another for the rest, as `write(2)` asks;
 * a write that makes no progress, or fails, throws — the caller truncates what it left.
 */
export async function writeAll(handle: JournalHandle, data: Buffer): Promise<void> {
  for (let done = 0; done < data.length; ) {
    const { bytesWritten } = await handle.write(data, done, data.length - done);
    if (bytesWritten <= 0) throw new Error('the journal write made no progress (is the disk full?)');
    done += bytesWritten;
  }
}

/**
 * Opens a new journal and writes its header, synced with the directory entry. A header cut short
 * (a full disk) is removed again — a journal whose header never ended is skipped on load
 * anyway — and the error thrown.
 */
export async function openJournal(io: StateFileIo, path: string, head: Buffer): Promise<JournalHandle> {
  const handle = await io.openAppend(path);
  try {
    await writeAll(handle, head);
    await handle.sync?.();
    await syncDirectory(dirname(path));
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw err;
  }
  return handle;
}

type Undo =
  | { kind: 'set'; field: string; key: unknown; had: boolean; previous: unknown }
  | { kind: 'delete'; field: string; key: unknown; previous: unknown }
  | { kind: 'tag'; resource: string; id: number; tag: string; added: boolean }
  | { kind: 'none' };

/**
 * What the shared state held before each change not yet on disk, oldest first, so that a failed
 * append can take every such change back (issue 19): after it, memory is the state the journal
 * holds again — acknowledged writes only, with no gap for the next write to follow.
 */
export class UndoLog {
  #entries: Undo[] = [];
  /** The absolute number of the first entry kept. */
  #base = 0;
  /** A change that cannot be undone (a whole collection cleared) is among those kept. */
  #blind = false;

  set(field: string, key: unknown, had: boolean, previous: unknown): void {
    this.#entries.push({ kind: 'set', field, key, had, previous });
  }
  delete(field: string, key: unknown, previous: unknown): void {
    this.#entries.push({ kind: 'delete', field, key, previous });
  }
  tag(resource: string, id: number, tag: string, added: boolean): void {
    this.#entries.push({ kind: 'tag', resource, id, tag, added });
  }
  unknowable(): void {
    this.#blind = true;
    this.#entries.push({ kind: 'none' });
  }

  /** The absolute position after the newest entry: what a batch taken now covers. */
  get end(): number {
    return this.#base + this.#entries.length;
  }

  /** Entries up to `end` are on disk: forgotten. */
  durableUpTo(end: number): void {
    const n = end - this.#base;
    if (n <= 0) return;
    this.#entries.splice(0, n);
    this.#base = end;
    if (!this.#entries.some((e) => e.kind === 'none')) this.#blind = false;
  }

  /**
   * Undoes every kept change, newest first, on `store`. False when one could not be undone (the
   * state is then not what the disk holds, and the caller must stop acknowledging writes).
   */
  undoAll(store: Store): boolean {
    const fields = fieldsOf(store);
    for (let i = this.#entries.length - 1; i >= 0; i -= 1) {
      const e = this.#entries[i]!;
      if (e.kind === 'set' || e.kind === 'delete') {
        const map = fields[e.field] as Map<unknown, unknown>;
        if (e.kind === 'set' && !e.had) map.delete(e.key);
        else map.set(e.key, e.previous);
      } else if (e.kind === 'tag') {
        const index = (store.tags as Record<string, TagIndex>)[e.resource]!;
        if (e.added) index.remove(e.id, e.tag);
        else index.add(e.id, e.tag);
      }
    }
    const whole = !this.#blind;
    this.#base += this.#entries.length;
    this.#entries = [];
    this.#blind = false;
    return whole;
  }
}

/** A change heard from the shared state, as the journal writes it. */
export type Change =
  | { kind: 'set'; field: string; key: unknown; value: unknown }
  | { kind: 'delete'; field: string; key: unknown }
  | { kind: 'clear'; field: string }
  | { kind: 'tag'; resource: string; id: number; tag: string; added: boolean }
  | { kind: 'tags-cleared'; resource: string };

/** A change as one journal line. */
export function lineOf(c: Change): string {
  switch (c.kind) {
    case 'set':
      return `{"map":${JSON.stringify(c.field)},"k":${JSON.stringify(c.key)},"v":${JSON.stringify(c.value)}}`;
    case 'delete':
      return JSON.stringify({ map: c.field, k: c.key, deleted: true });
    case 'clear':
      return JSON.stringify({ map: c.field, cleared: true });
    case 'tag':
      return JSON.stringify({ tag: c.resource, k: c.id, [c.added ? 'add' : 'remove']: c.tag });
    case 'tags-cleared':
      return JSON.stringify({ tags: c.resource, cleared: true });
  }
}

/**
 * Hears every change of the shared state: the line the journal will write (`pending`) and, for
 * undoing it should that write fail, what it replaced (`undo`). Deaf while an undo runs.
 */
export class ChangeRecorder implements MapObserver, TagObserver {
  pending: Change[] = [];
  readonly undo = new UndoLog();
  undoing = false;

  onSet(field: string, key: unknown, value: unknown, had: boolean, previous: unknown): void {
    if (this.undoing) return;
    this.undo.set(field, key, had, previous);
    this.pending.push({ kind: 'set', field, key, value });
  }
  onDelete(field: string, key: unknown, previous: unknown): void {
    if (this.undoing) return;
    this.undo.delete(field, key, previous);
    this.pending.push({ kind: 'delete', field, key });
  }
  onClear(field: string): void {
    this.undo.unknowable();
    this.pending.push({ kind: 'clear', field });
  }
  onTag(resource: string, id: number, tag: string, added: boolean, changed: boolean): void {
    if (this.undoing) return;
    if (changed) this.undo.tag(resource, id, tag, added);
    this.pending.push({ kind: 'tag', resource, id, tag, added });
  }
  onTagsCleared(resource: string): void {
    this.undo.unknowable();
    this.pending.push({ kind: 'tags-cleared', resource });
  }
}
