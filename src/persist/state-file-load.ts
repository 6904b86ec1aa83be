import { createReadStream } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Store } from '../store/store.ts';
import {
  applyLine,
  kindsOf,
  parseHeader,
  StateLineError,
  type StateHeader,
} from './state-lines.ts';
import { forEachLine, readState } from './state-stream.ts';
import { checkReferences } from './check-records.ts';
import { emptyObserved } from '../state/store-views.ts';

/**
 * Reading a state file at start-up (ADR 0005). The file at PATH is the latest snapshot; changes
 * since are in journals `PATH.journal.<n>`, each opening with `{"journal":1,"base":G,…}`: the
 * snapshot generation it follows. A snapshot of generation G already holds every journal with a
 * smaller base, so loading replays only journals with base ≥ G, in `n` order.
 *
 * Anything unreadable stops start-up with one line naming the file and the line; nothing is
 * written before the whole state has loaded, so a corrupt file is never overwritten. A journal's
 * last line without its newline is a write cut short by a crash: it is skipped, with a warning.
 */

/** A state file that cannot be loaded; the message is one line, ready for the CLI to print. */
export class StateFileError extends Error {}

export interface JournalFile {
  n: number;
  path: string;
  base: number;
  seed: number;
  size: number;
  dataset?: string;
}

export interface StateFilePlan {
  path: string;
  /** The snapshot's header, or null when there is no snapshot yet. */
  header: StateHeader | null;
  journals: JournalFile[];
  /** The largest journal number present (0: none). */
  lastJournal: number;
}

const JOURNAL_VERSION = 1;

/** The journal file for number `n`. */
export function journalPath(path: string, n: number): string {
  return `${path}.journal.${n}`;
}

/** The first line of a journal. */
export function journalHeader(base: number, seed: number, size: number, dataset?: string): string {
  return `${JSON.stringify({ journal: JOURNAL_VERSION, base, seed, size, ...(dataset && { dataset }) })}\n`;
}

/** Finds the snapshot and journals of `path` and reads their headers. */
export async function scanStateFile(path: string): Promise<StateFilePlan> {
  const header = await firstLine(path).then((first) =>
    first === null ? null : guard(path, () => parseHeader(first.line)),
  );
  const prefix = `${basename(path)}.journal.`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch (err) {
    throw new StateFileError(
      `state file ${path}: cannot read its directory (${(err as Error).message})`,
    );
  }
  const journals: JournalFile[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^\d+$/.test(name.slice(prefix.length))) continue;
    const file = join(dirname(path), name);
    const first = await firstLine(file);
    // Created but its header never (fully) written: a crash right after opening it.
    if (first === null || !first.terminated) continue;
    const h = guard(file, () => parseJournalHeader(first.line));
    journals.push({ n: Number(name.slice(prefix.length)), path: file, ...h });
  }
  journals.sort((a, b) => a.n - b.n);
  return { path, header, journals, lastJournal: journals.at(-1)?.n ?? 0 };
}

/** The seed parameters the state's base was seeded with: the snapshot's, else the first journal's. */
export function seedParamsOf(
  plan: StateFilePlan,
): { seed: number; size: number; dataset?: string } | null {
  const h = plan.header ?? plan.journals[0];
  if (!h) return null;
  return { seed: h.seed, size: h.size, ...(typeof h.dataset === 'string' && { dataset: h.dataset }) };
}

/**
 * Loads the snapshot (when there is one) into a fresh store and hands it to `adopt`, then
 * replays the journals that follow it onto `shared()`. Answers how many journal lines applied.
 */
export async function loadStateFile(
  plan: StateFilePlan,
  adopt: (loaded: Store) => void,
  shared: () => Store,
  warn: (message: string) => void,
): Promise<number> {
  if (plan.header) {
    const loaded = emptyObserved();
    await guardAsync(plan.path, () =>
      readState(createReadStream(plan.path), loaded, { references: false }),
    );
    adopt(loaded);
  }
  const generation = plan.header?.generation ?? 0;
  let applied = 0;
  for (const journal of plan.journals) {
    if (journal.base < generation) continue;
    const store = shared();
    const kinds = kindsOf(store);
    const { tail, lines } = await guardAsync(journal.path, () =>
      forEachLine(createReadStream(journal.path), (text, lineNo) => {
        if (lineNo === 1 || text.trim() === '') return;
        applyLine(store, text, lineNo, kinds);
        applied += 1;
      }),
    );
    if (tail !== '')
      warn(
        `state file: ${journal.path} line ${lines + 1} was cut short (a crash while writing it); skipped`,
      );
  }
  // The graph is whole only once the journals are in (a snapshot is written while writes go on).
  const broken = plan.header || applied > 0 ? checkReferences(shared()) : null;
  if (broken) throw corrupt(plan.path, new Error(broken));
  return applied;
}

function parseJournalHeader(text: string): Omit<JournalFile, 'n' | 'path'> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new StateLineError(`line 1: ${(err as Error).message}`);
  }
  const h = v as Record<string, unknown>;
  const count = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  if (
    typeof v !== 'object' ||
    v === null ||
    h.journal !== JOURNAL_VERSION ||
    !count(h.base) ||
    !count(h.seed) ||
    !count(h.size)
  ) {
    throw new StateLineError(
      'line 1: not a journal header ({"journal":1,"base":…,"seed":…,"size":…})',
    );
  }
  return {
    base: h.base as number, seed: h.seed as number, size: h.size as number,
    ...(typeof h.dataset === 'string' && { dataset: h.dataset }),
  };
}

/** The first line of a file (its header), or null when the file does not exist or is empty. */
async function firstLine(path: string): Promise<{ line: string; terminated: boolean } | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StateFileError(`state file ${path}: cannot be read (${(err as Error).message})`);
  }
  try {
    let text = '';
    const buf = Buffer.alloc(64 * 1024);
    for (let pos = 0; ;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      text += buf.subarray(0, bytesRead).toString('utf8');
      const nl = text.indexOf('\n');
      if (nl !== -1) return { line: text.slice(0, nl), terminated: true };
      if (text.length > 1 << 20) break;
    }
    return text === '' ? null : { line: text, terminated: false };
  } finally {
    await handle.close();
  }
}

function guard<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw corrupt(file, err);
  }
}

async function guardAsync<T>(file: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    throw corrupt(file, err);
  }
}

function corrupt(file: string, err: unknown): Error {
  if (err instanceof StateFileError) return err;
  const reason = (err as Error).message.replace(/\s+/g, ' ').trim();
  return new StateFileError(
    `state file ${file} is corrupt: ${reason} (left untouched; fix or move it to start)`,
  );
}
