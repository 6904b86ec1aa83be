import { open, unlink, type FileHandle } from 'node:fs/promises';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { MockState, SharedPersister } from '../state/mock-state.ts';
import type { MapObserver } from '../state/shared-map.ts';
import type { TagObserver } from '../state/observed-tag-index.ts';
import { journalHeader, journalPath, type StateFilePlan } from './state-file-load.ts';
import type { StateHeader } from './state-lines.ts';
import { installSnapshot, writeSnapshot, type SnapshotStats } from './snapshot-writer.ts';
import { stateChunks } from './state-stream.ts';
import { observe } from '../state/store-views.ts';

/** Journal writes are at most this far behind the state. */
export const FLUSH_INTERVAL_MS = 1000;
/** A journal this big is folded into a new snapshot. */
export const COMPACT_AFTER_BYTES = 8 * 1024 * 1024;
/** The journal being appended to: its number, the generation it follows, its size so far. */
interface OpenJournal {
  handle: FileHandle;
  n: number;
  base: number;
  bytes: number;
}

type Change =
  | { kind: 'set'; field: string; key: unknown; value: unknown }
  | { kind: 'delete'; field: string; key: unknown }
  | { kind: 'clear'; field: string }
  | { kind: 'tag'; resource: string; id: number; tag: string; added: boolean }
  | { kind: 'tags-cleared'; resource: string };

/**
 * Keeps the shared state in a file (ADR 0005): every change is heard through the observed
 * collections and appended to a journal within `FLUSH_INTERVAL_MS`; a large journal is folded
 * into a snapshot written beside the file and renamed over it (atomic), in slices that never
 * hold the event loop for long; SIGTERM's `close()` writes what is pending.
 *
 * Generations: each snapshot has one; a journal names the generation it follows. Rotating to a
 * new journal *before* a snapshot starts means a crash at any point leaves a snapshot plus
 * journals that replay to the state (a line replayed twice sets the same value twice).
 */
export class StateFile implements MapObserver, TagObserver, SharedPersister {
  #pending: Change[] = [];
  #journal: OpenJournal | null = null;
  /** The generation new journal lines follow. */
  #journalBase: number;
  #nextJournal: number;
  #generation: number;
  #nextGeneration: number;
  /** Journal files on disk, by number, with the generation each follows. */
  #journals = new Map<number, number>();
  /** Serialises journal writes, rotations and deletions. */
  #chain: Promise<void> = Promise.resolve();
  /** Serialises snapshot writers (compaction, bulk replacement). */
  #snapshots: Promise<void> = Promise.resolve();
  #compacting = false;
  #lastSequences = '';
  #timer: NodeJS.Timeout;
  #closed = false;
  /** How the last snapshot went (tests and logs read it). */
  lastSnapshot: SnapshotStats | null = null;

  constructor(
    private readonly path: string,
    private readonly state: MockState,
    private readonly logger: Logger,
    plan: StateFilePlan,
    /** Releases `PATH.lock` (`lockStateFile`), on close. */
    private readonly unlock: () => void,
  ) {
    this.#generation = plan.header?.generation ?? 0;
    this.#journalBase = this.#generation;
    this.#nextGeneration = Math.max(this.#generation, ...plan.journals.map((j) => j.base)) + 1;
    this.#nextJournal = plan.lastJournal + 1;
    for (const j of plan.journals) this.#journals.set(j.n, j.base);
    this.#lastSequences = JSON.stringify(state.shared.sequences);
    state.persister = this;
    observe(state.shared, this);
    this.#timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.#timer.unref();
  }

  onSet(field: string, key: unknown, value: unknown): void {
    this.#pending.push({ kind: 'set', field, key, value });
  }
  onDelete(field: string, key: unknown): void {
    this.#pending.push({ kind: 'delete', field, key });
  }
  onClear(field: string): void {
    this.#pending.push({ kind: 'clear', field });
  }
  onTag(resource: string, id: number, tag: string, added: boolean): void {
    this.#pending.push({ kind: 'tag', resource, id, tag, added });
  }
  onTagsCleared(resource: string): void {
    this.#pending.push({ kind: 'tags-cleared', resource });
  }

  /** Writes pending changes to the journal; resolves when they are written. */
  flush(): Promise<void> {
    const text = this.#takePending();
    if (text === '') return this.#chain;
    const base = this.#journalBase;
    return this.#enqueue(async () => {
      const journal = await this.#journalFor(base);
      await journal.handle.write(text);
      journal.bytes += text.length;
      if (journal.bytes > COMPACT_AFTER_BYTES && !this.#compacting && !this.#closed)
        void this.compact();
    });
  }

  /** Folds the journals into a new snapshot (ADR 0005); a no-op while one is being written. */
  compact(): Promise<void> {
    if (this.#compacting || this.#closed) return this.#snapshots;
    this.#compacting = true;
    const run = this.#snapshots.then(async () => {
      const generation = this.#nextGeneration++;
      // Rotate first: every change from here on lands in a journal that follows this snapshot.
      this.#journalBase = generation;
      const header = { ...this.state.header(), generation };
      if (await this.#writeSnapshot(this.state.shared, header)) this.#install(generation);
    });
    this.#snapshots = run
      .catch((err: Error) => this.logger.error(`state file: snapshot failed: ${err.message}`))
      .finally(() => {
        this.#compacting = false;
      });
    return this.#snapshots;
  }

  async replace(content: Store, header: StateHeader, swap: () => void): Promise<void> {
    const run = this.#snapshots.then(async () => {
      const generation = this.#nextGeneration++;
      if (!(await this.#writeSnapshot(content, { ...header, generation })))
        throw new Error('the state file is closed');
      // One synchronous step: the new snapshot is in place, the old state's unwritten changes
      // are dropped, and changes from now on follow the new generation.
      this.#install(generation);
      this.#pending = [];
      this.#journalBase = generation;
      swap();
      observe(this.state.shared, this);
      this.#lastSequences = JSON.stringify(this.state.shared.sequences);
    });
    this.#snapshots = run.catch(() => undefined);
    return run;
  }

  /** Stops the timer and writes what is pending (SIGTERM). A snapshot in progress is abandoned. */
  async close(): Promise<void> {
    if (this.#closed) return this.#chain;
    clearInterval(this.#timer);
    await this.flush();
    this.#closed = true;
    observe(this.state.shared, null);
    await this.#enqueue(async () => {
      await this.#journal?.handle.close();
      this.#journal = null;
    });
    this.unlock();
  }

  #takePending(): string {
    let text = '';
    for (const c of this.#pending) text += `${lineOf(c)}\n`;
    this.#pending = [];
    const sequences = JSON.stringify(this.state.shared.sequences);
    if (sequences !== this.#lastSequences) {
      text += `{"record":"sequences","v":${sequences}}\n`;
      this.#lastSequences = sequences;
    }
    return text;
  }

  async #journalFor(base: number): Promise<OpenJournal> {
    if (this.#journal && this.#journal.base === base) return this.#journal;
    await this.#journal?.handle.close();
    const n = this.#nextJournal++;
    const handle = await open(journalPath(this.path, n), 'a');
    const { seed, size, dataset } = this.state.header();
    const head = journalHeader(base, seed, size, dataset);
    await handle.write(head);
    this.#journals.set(n, base);
    this.#journal = { handle, n, base, bytes: head.length };
    return this.#journal;
  }

  /** Writes `store` as a snapshot beside the file; false when closed meanwhile (nothing renamed). */
  async #writeSnapshot(store: Store, header: StateHeader): Promise<boolean> {
    const stats = await writeSnapshot(
      `${this.path}.tmp`,
      stateChunks(store, header),
      () => this.#closed,
    );
    if (stats) this.lastSnapshot = stats;
    return stats !== null && !this.#closed;
  }

  /** Renames the written snapshot into place (synchronously) and retires the journals it holds. */
  #install(generation: number): void {
    installSnapshot(`${this.path}.tmp`, this.path);
    this.#generation = generation;
    const obsolete = [...this.#journals].filter(([, base]) => base < generation).map(([n]) => n);
    void this.#enqueue(async () => {
      if (this.#journal && this.#journal.base < generation) {
        await this.#journal.handle.close();
        this.#journal = null;
      }
      for (const n of obsolete) {
        this.#journals.delete(n);
        await unlink(journalPath(this.path, n)).catch(() => undefined);
      }
    });
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(task);
    this.#chain = run.catch((err: Error) =>
      this.logger.error(`state file: journal write failed: ${err.message}`),
    );
    return run;
  }

  /** The current snapshot generation (tests). */
  get generation(): number {
    return this.#generation;
  }
}

function lineOf(c: Change): string {
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
