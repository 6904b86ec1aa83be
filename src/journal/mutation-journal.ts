/**
 * Every accepted API mutation, in the order its write happened, with a sequence number and its
 * body (issue 13; docs/decisions/0010-reliability.md). Replaying the entries one at a time on a
 * fresh mock gives the same state as the concurrent run did: the proof that no handler loses a
 * write to a race. In memory only, and bounded twice (issue 19): a long-running mock keeps the
 * newest `capacity` entries *and* no more than `maxBytes` of them, and counts the rest as
 * `dropped` (sequence numbers keep counting). The byte budget is what bounds memory: 10,000
 * entries of 1 MiB bodies would be 10 GB.
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

/** The default number of entries kept: a QA day of writes. */
export const JOURNAL_CAPACITY = 10_000;
/** The default byte budget of the kept entries (their text, counted as `retainedBytes` does). */
export const JOURNAL_MAX_BYTES = 16 * 1024 * 1024;
/** What an entry costs besides its strings: the object, its slots, the array cell. */
const ENTRY_OVERHEAD_BYTES = 160;

/** An entry as kept: its body as text (a parsed 1 MiB body costs several times its text). */
interface Stored extends Omit<JournalEntry, 'body'> {
  /** The masked body as JSON text (`json`), as sent text, or null. */
  bodyText: string | null;
  json: boolean;
  bytes: number;
  retracted?: boolean;
}

/** A recorded entry, to attach its body to once the handler is done (`attachBody`). */
export type JournalTicket = Readonly<Pick<JournalEntry, 'seq'>>;

export class MutationJournal {
  readonly capacity: number;
  readonly maxBytes: number;
  #entries: Stored[] = [];
  #start = 0;
  #nextSeq = 1;
  #dropped = 0;
  #bytes = 0;

  constructor(capacity: number = JOURNAL_CAPACITY, maxBytes: number = JOURNAL_MAX_BYTES) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`journal capacity must be a positive integer, got ${capacity}`);
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new Error(`journal byte budget must be a positive integer, got ${maxBytes}`);
    this.capacity = capacity;
    this.maxBytes = maxBytes;
  }

  /**
   * Appends an entry (its body comes later, through `attachBody`) and answers it with its
   * sequence number. Synchronous by design: it is called in the same tick as the write it
   * records, so sequence order is write order.
   */
  record(entry: Omit<JournalEntry, 'seq' | 'body'>): JournalTicket {
    // Field by field, not a spread: every entry gets one shape, and no copy is made of `entry`.
    const stored: Stored = {
      seq: this.#nextSeq++, operationId: entry.operationId, method: entry.method, path: entry.path,
      session: entry.session, userPk: entry.userPk, status: entry.status, contentType: entry.contentType,
      bodyText: null, json: false, bytes: 0,
    };
    this.#entries.push(stored);
    this.#account(stored, ENTRY_OVERHEAD_BYTES + 2 * (entry.operationId.length + entry.path.length + (entry.session?.length ?? 0) + (entry.contentType?.length ?? 0)));
    return stored;
  }

  /**
   * Attaches the request body to a recorded entry: `text` as sent, `json` when it is (masked)
   * JSON text. Past the budgets, the oldest entries go; the newest stays even when it alone is
   * over the byte budget (API bodies are at most 1 MiB). A ticket already dropped is ignored.
   */
  attachBody(ticket: JournalTicket, text: string | null, json: boolean): void {
    const stored = ticket as Stored;
    if (stored.seq <= this.lastSeq - this.size || text === null) return;
    stored.bodyText = text;
    stored.json = json;
    this.#account(stored, 2 * text.length);
  }

  #account(stored: Stored, bytes: number): void {
    stored.bytes += bytes;
    this.#bytes += bytes;
    while (this.size > this.capacity || (this.#bytes > this.maxBytes && this.size > 1)) {
      const old = this.#entries[this.#start]!;
      this.#entries[this.#start] = undefined as unknown as Stored;
      this.#bytes -= old.bytes;
      this.#start += 1;
      this.#dropped += 1;
    }
    // Compact now and then rather than shifting on every drop.
    if (this.#start >= this.capacity || (this.#start > 0 && this.#start === this.#entries.length)) {
      this.#entries = this.#entries.slice(this.#start);
      this.#start = 0;
    }
  }

  /** Forgets a recorded write that was undone after all (its change could not be saved). */
  retract(ticket: JournalTicket): void {
    (ticket as Stored).retracted = true;
  }

  /** The kept entries, oldest first (ascending `seq`), bodies parsed back. */
  entries(): JournalEntry[] {
    return this.#entries.slice(this.#start).filter((e) => !e.retracted).map(({ bodyText, json, bytes: _bytes, retracted: _r, ...rest }) => ({
      ...rest,
      body: bodyText === null ? null : json ? parsedOr(bodyText) : bodyText,
    }));
  }

  /**
   * What the kept entries hold, in bytes: their strings at two bytes a character (what V8 needs
   * at most) plus a fixed cost per entry. Never above `maxBytes` once a call returns, unless the
   * newest entry alone is.
   */
  get retainedBytes(): number {
    return this.#bytes;
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

/** `text` parsed; the text itself if it does not parse (a body kept as sent, issue 19). */
function parsedOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
