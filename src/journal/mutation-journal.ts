/**
 * Every accepted API mutation, in the order its write happened, with a sequence number and its
 * body (issue 13; docs/decisions/0010-reliability.md). Replaying the entries one at a time on a
 * fresh mock gives the same state as the concurrent run did: the proof that no handler loses a
 * write to a race. In memory only, and bounded: a long-running mock keeps the newest `capacity`
 * entries and counts the rest as `dropped` (sequence numbers keep counting).
 *
 * It is not the state file's journal (`src/persist/state-file.ts`), which records store changes
 * for persistence; this one records what clients asked for.
 */
export interface JournalEntry {
  /** 1, 2, 3, … in the order the writes were applied (assigned as the handler answers 2xx). */
  seq: number;
  operationId: string;
  method: string;
  /** Path and query as the client sent them. */
  path: string;
  /** The `X-Mock-Session` the write went to; null for the shared state. */
  session: string | null;
  /** The token's user (`created_by` / `last_updated_by` of what the write made). */
  userPk: number;
  /** The status the handler answered (a later `--strict` replacement does not undo a write). */
  status: number;
  /** The request's `Content-Type`, or null. */
  contentType: string | null;
  /**
   * The body as sent: parsed JSON when it parses, the text otherwise, null when empty. Fields
   * named like secrets are masked (`secret_key`, `password`, …) and so are URL passwords: the
   * journal is readable by tests and tools, and must not become a place secrets collect.
   */
  body: unknown;
}

/** The default number of entries kept: a QA day of writes, a few MiB at most. */
export const JOURNAL_CAPACITY = 10_000;

export class MutationJournal {
  readonly capacity: number;
  #entries: JournalEntry[] = [];
  #start = 0;
  #nextSeq = 1;
  #dropped = 0;

  constructor(capacity: number = JOURNAL_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`journal capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
  }

  /**
   * Appends an entry and answers it with its sequence number. Synchronous by design: it is called
   * in the same tick as the write it records, so sequence order is write order.
   */
  record(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    const stored: JournalEntry = { seq: this.#nextSeq++, ...entry };
    this.#entries.push(stored);
    if (this.#entries.length - this.#start > this.capacity) {
      this.#start += 1;
      this.#dropped += 1;
      // Compact now and then rather than shifting on every append.
      if (this.#start >= this.capacity) {
        this.#entries = this.#entries.slice(this.#start);
        this.#start = 0;
      }
    }
    return stored;
  }

  /** The kept entries, oldest first (ascending `seq`). */
  entries(): JournalEntry[] {
    return this.#entries.slice(this.#start);
  }

  /** How many entries are kept now. */
  get size(): number {
    return this.#entries.length - this.#start;
  }

  /** How many old entries were let go to stay within `capacity`. */
  get dropped(): number {
    return this.#dropped;
  }

  /** The sequence number of the newest entry (0: none yet). */
  get lastSeq(): number {
    return this.#nextSeq - 1;
  }
}
