import type { JournalEntry } from './mutation-journal.ts';

/** Sends one request to a mock (`app.request`, or `fetch` against a base URL). */
export type Send = (path: string, init: RequestInit) => Promise<Response>;

/** An entry whose replay answered another status than the original write did. */
export interface ReplayMismatch {
  seq: number;
  operationId: string;
  path: string;
  expected: number;
  got: number;
  body: string;
}

/**
 * Replays journal entries one at a time, in sequence order, as the token's user — the serial
 * run a concurrent one must be equal to (issue 13). Answers every entry whose status differs:
 * an empty list and equal state afterwards mean no write was lost, doubled or reordered.
 *
 * Entries of a session go to that session again. Masked secrets are replayed masked (the
 * journal never held them), so a replay is exact for everything but credential values.
 */
export async function replayJournal(
  send: Send,
  entries: readonly JournalEntry[],
  token: string,
): Promise<ReplayMismatch[]> {
  const mismatches: ReplayMismatch[] = [];
  const ordered = [...entries].sort((a, b) => a.seq - b.seq);
  for (const e of ordered) {
    const headers: Record<string, string> = { Authorization: `Token ${token}` };
    if (e.contentType !== null) headers['Content-Type'] = e.contentType;
    if (e.session !== null) headers['X-Mock-Session'] = e.session;
    const body = e.body === null ? undefined : typeof e.body === 'string' ? e.body : JSON.stringify(e.body);
    const res = await send(e.path, { method: e.method, headers, ...(body !== undefined && { body }) });
    const text = await res.text();
    if (res.status !== e.status) {
      mismatches.push({ seq: e.seq, operationId: e.operationId, path: e.path, expected: e.status, got: res.status, body: text.slice(0, 300) });
    }
  }
  return mismatches;
}
