import { unlink } from 'node:fs/promises';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { MockState, SharedPersister } from '../state/mock-state.ts';
import { journalHeader, journalPath, type StateFilePlan } from './state-file-load.ts';
import type { StateHeader } from './state-lines.ts';
import { installSnapshot, writeSnapshot, type SnapshotStats } from './snapshot-writer.ts';
import { stateChunks } from './state-stream.ts';
import { StateNotSavedError } from './state-not-saved.ts';
import { DurableLedger } from './durable-ledger.ts';
import { DurableMarks } from './durable-marks.ts';
import { observe } from '../state/store-views.ts';
import {
  ChangeRecorder, lineOf, nodeIo, openJournal, writeAll, type JournalHandle, type StateFileIo,
} from './journal-append.ts';

/** Changes no request waits for (fixtures, imports' side effects) are written at most this late. */
export const FLUSH_INTERVAL_MS = 1000;
/** A journal this big is folded into a new snapshot. */
export const COMPACT_AFTER_BYTES = 8 * 1024 * 1024;
/** The journal being appended to: its number, the generation it follows, its size in bytes. */
interface OpenJournal { handle: JournalHandle; n: number; base: number; bytes: number }

/**
 * Keeps the shared state in a file (ADR 0005): every change is heard through the observed
 * collections and appended to a journal — before its API write is answered (`commit`, issue 19),
 * else within `FLUSH_INTERVAL_MS`. An append that fails (a full disk) is truncated off again and
 * every change not yet on disk is undone, so memory and file both hold a gap-free prefix of the
 * acknowledged writes; if even that fails, no later write is acknowledged. A large journal is folded
 * into a snapshot written beside the file and renamed over it (atomic), in slices that never
 * hold the event loop for long; SIGTERM's `close()` writes what is pending.
 *
 * Generations: each snapshot has one; a journal names the generation it follows. Rotating to a
 * new journal *before* a snapshot starts means a crash at any point leaves a snapshot plus
 * journals that replay to the state (a line replayed twice sets the same value twice).
 */
export class StateFile implements SharedPersister {
  /** The changes heard and not yet taken, and what each replaced. */
  #rec = new ChangeRecorder();
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
  #timer: NodeJS.Timeout;
  #closed = false;
  /** Failed appends so far: a batch taken before one is refused rather than written. */
  #failures = 0;
  /** Set when a failed append could not be cleaned up: nothing more is acknowledged. */
  #broken: string | null = null;
  /** Which positions are on disk, undone, or being written. */
  #ledger = new DurableLedger();
  /** The sequences and budget spending of the newest batch taken, and of the newest on disk. */
  #marks: DurableMarks;
  /** How the last snapshot went (tests and logs read it). */
  lastSnapshot: SnapshotStats | null = null;

  constructor(
    private readonly path: string,
    private readonly state: MockState,
    private readonly logger: Logger,
    plan: StateFilePlan,
    /** Releases `PATH.lock` (`lockStateFile`), on close. */
    private readonly unlock: () => void,
    private readonly io: StateFileIo = nodeIo,
  ) {
    this.#generation = plan.header?.generation ?? 0;
    this.#journalBase = this.#generation;
    this.#nextGeneration = Math.max(this.#generation, ...plan.journals.map((j) => j.base)) + 1;
    this.#nextJournal = plan.lastJournal + 1;
    for (const j of plan.journals) this.#journals.set(j.n, j.base);
    this.#marks = new DurableMarks(state);
    state.persister = this;
    observe(state.shared, this.#rec);
    this.#timer = setInterval(() => void this.flush().catch(() => undefined), FLUSH_INTERVAL_MS);
    this.#timer.unref();
  }

  /** The position of the next change: a request takes it before and after its handler. */
  get position(): number {
    return this.#rec.undo.end;
  }

  /**
   * Resolves once the changes between positions `from` and `to` are in the journal; rejects when
   * they were undone after a failed append (issue 19). API writes await it before answering.
   */
  async commit(from: number, to: number): Promise<void> {
    if (to <= from) return;
    if (this.#ledger.end < to) void this.flush().catch(() => undefined);
    // Once that batch settles, these changes are on disk or were undone (with it or before it).
    await this.#ledger.settled(to);
    if (!this.#ledger.isSaved(to))
      throw new Error(this.#broken ?? 'the journal append that held this change failed');
  }

  /** Writes pending changes to the journal; resolves when they are written, rejects when not. */
  flush(): Promise<void> {
    if (this.#broken !== null) {
      this.#rollBack();
      return Promise.reject(new Error(this.#broken));
    }
    const text = this.#takePending();
    if (text === '') return this.#chain;
    const base = this.#journalBase;
    const covers = this.#rec.undo.end;
    const marks = this.#marks.last;
    const failures = this.#failures;
    const run = this.#enqueue(async () => {
      // An earlier batch failed after this one was taken: its changes were undone with it.
      if (this.#failures !== failures) throw new Error('an earlier journal append failed');
      let journal: OpenJournal | null = null;
      const data = Buffer.from(text);
      try {
        journal = await this.#journalFor(base);
        await writeAll(journal.handle, data);
        await journal.handle.sync?.(); // one fdatasync a batch: answered writes survive a power cut
      } catch (err) {
        await this.#recover(journal);
        this.#rollBack();
        throw err;
      }
      journal.bytes += data.length;
      this.#rec.undo.durableUpTo(covers);
      this.#ledger.end = covers;
      this.#marks.saved(marks);
      if (journal.bytes > COMPACT_AFTER_BYTES && !this.#compacting && !this.#closed) void this.compact();
    });
    this.#ledger.track(covers, run);
    return run;
  }

  /** Cuts a failed append off the journal; when that fails too, stops acknowledging writes. */
  async #recover(journal: OpenJournal | null): Promise<void> {
    if (journal === null) return;
    try {
      await journal.handle.truncate(journal.bytes);
    } catch (err) {
      this.#broken = `the state file's journal could not be repaired after a failed write (${(err as Error).message}); restart the mock`;
      this.logger.error(`state file: ${this.#broken}`);
      await journal.handle.close().catch(() => undefined);
      this.#journal = null;
    }
  }

  /** Undoes every change not on disk: memory holds what the journal holds again. */
  #rollBack(): void {
    this.#failures += 1;
    this.#ledger.undone(this.#rec.undo.end);
    this.#rec.pending = [];
    this.#rec.undoing = true;
    try {
      if (!this.#rec.undo.undoAll(this.state.shared) && this.#broken === null)
        this.#broken = 'a change that cannot be undone was lost with a failed journal write; restart the mock';
      this.#marks.restore();
    } finally {
      this.#rec.undoing = false;
    }
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
      const failures = this.#failures;
      if (!(await this.#writeSnapshot(this.state.shared, header))) return;
      // The snapshot read changes not yet on disk: installed once they are; had one been undone
      // it would come back on the next start, so it is dropped as a crash would drop it (issue 19).
      await this.flush().catch(() => undefined);
      if (this.#failures === failures && !this.#closed) this.#install(generation);
      else await unlink(`${this.path}.tmp`).catch(() => undefined);
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
      // A full disk: nothing is replaced, and the request that asked answers 503 (issue 19).
      const written = await this.#writeSnapshot(content, { ...header, generation }).catch((err: Error) => {
        throw new StateNotSavedError(`the new state's snapshot could not be written (${err.message})`);
      });
      if (!written) throw new StateNotSavedError('the state file is closed');
      // One synchronous step: the new snapshot is in place, the old state's unwritten changes
      // are dropped, and changes from now on follow the new generation.
      this.#install(generation);
      this.#rec.pending = [];
      this.#rec.undo.durableUpTo(this.#rec.undo.end);
      this.#ledger.end = this.#rec.undo.end;
      this.#journalBase = generation;
      swap();
      observe(this.state.shared, this.#rec);
      this.#marks.reset();
    });
    this.#snapshots = run.catch(() => undefined);
    return run;
  }

  /** Stops the timer and writes what is pending (SIGTERM). A snapshot in progress is abandoned, its `.tmp` removed. */
  async close(): Promise<void> {
    if (this.#closed) return this.#chain;
    clearInterval(this.#timer);
    await this.flush().catch(() => undefined);
    this.#closed = true;
    observe(this.state.shared, null);
    await this.#enqueue(async () => {
      await this.#journal?.handle.close();
      this.#journal = null;
    });
    await this.#snapshots.then(() => unlink(`${this.path}.tmp`)).catch(() => undefined);
    this.unlock();
  }

  #takePending(): string {
    let text = '';
    for (const c of this.#rec.pending) text += `${lineOf(c)}\n`;
    this.#rec.pending = [];
    return text + this.#marks.take();
  }

  async #journalFor(base: number): Promise<OpenJournal> {
    if (this.#journal && this.#journal.base === base) return this.#journal;
    await this.#journal?.handle.close();
    this.#journal = null;
    const n = this.#nextJournal++;
    const { seed, size, dataset } = this.state.header();
    const head = Buffer.from(journalHeader(base, seed, size, dataset));
    const handle = await openJournal(this.io, journalPath(this.path, n), head);
    this.#journals.set(n, base);
    this.#journal = { handle, n, base, bytes: head.length };
    return this.#journal;
  }

  /** Writes `store` as a snapshot beside the file; false when closed meanwhile (nothing renamed). */
  async #writeSnapshot(store: Store, header: StateHeader): Promise<boolean> {
    const stats = await writeSnapshot(`${this.path}.tmp`, stateChunks(store, header), () => this.#closed);
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

  /** What hears the shared state's changes (a test that builds data quietly re-attaches it). */
  get observer(): ChangeRecorder {
    return this.#rec;
  }

  /** The current snapshot generation (tests). */
  get generation(): number {
    return this.#generation;
  }
}
