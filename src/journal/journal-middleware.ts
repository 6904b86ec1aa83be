import type { Context, MiddlewareHandler, Next } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { isMutating, isSafeMethod } from '../http/operation-gate.ts';
import { requestHeader } from '../http/request-header.ts';
import { sessionOf } from '../http/session-middleware.ts';
import { mediaTypeOf } from '../spec/response-checker.ts';
import { storeWriteCount } from '../store/write-count.ts';
import { mayHoldSecret, maskSecrets } from './mask-secrets.ts';
import type { JournalTicket, MutationJournal } from './mutation-journal.ts';

/**
 * Records every accepted mutation of the served API that changed the state in `journal` (issues
 * 13 and 19: a 2xx write that changed nothing is not kept; `storeWriteCount`). Mounted just before
 * the routes, inside faults and sessions, so only answers a handler made count: a fault that
 * answers instead of the handler wrote nothing.
 *
 * The sequence number is taken when the handler builds its 2xx answer (`c.json` / `c.body`),
 * which every write handler does in the same synchronous step as its last write — so sequence
 * order is the order writes reached the store, whatever order the responses finish in. The body
 * is filled in once the handler is done (Hono caches the text it read, so reading it again costs
 * nothing and cannot fail on a consumed stream).
 */
export function journalMutations(journal: MutationJournal): MiddlewareHandler<AppEnv> {
  // A GET, HEAD or OPTIONS request only ever matches a read (`isMutating` is false): it passes
  // straight through, without the `c.json` / `c.body` wrapping (~25–50 µs a request, issue 12).
  return (c, next) => (isSafeMethod(c.req.method) ? next() : recorded(c, next, journal));
}

async function recorded(c: Context<AppEnv>, next: Next, journal: MutationJournal): Promise<void> {
  let entry: JournalTicket | null = null;
  const writesBefore = storeWriteCount();
  const stamp = (status: number): void => {
    if (entry !== null || status < 200 || status >= 300) return;
    // A write that changed nothing (a status to the one it is, a tag already there) is not
    // journaled (issue 19): replaying it would change nothing either.
    if (storeWriteCount() === writesBefore) return;
    const op = c.get('operation');
    if (!op || !isMutating(op)) return;
    const url = c.req.url;
    entry = journal.record({
      operationId: op.operationId,
      method: c.req.method,
      path: url.slice(url.indexOf('/', url.indexOf('//') + 2)),
      session: sessionOf(c),
      userPk: c.get('principal')?.userPk ?? 0,
      status,
      contentType: requestHeader(c, 'content-type') ?? null,
    });
  };
  c.json = stampingAfter(c.json, stamp);
  c.body = stampingAfter(c.body, stamp);
  await next();
  // A handler that built its Response by hand is still recorded (after the fact).
  stamp(c.res.status);
  // A write the state file could not save was undone (issue 19): it is not kept either.
  if (entry !== null && c.res.status === 503) return journal.retract(entry);
  if (entry !== null) {
    const { text, json } = await requestBody(c);
    journal.attachBody(entry, text, json);
  }
}

/**
 * The request body for the journal: masked JSON text (`json`), else the text as sent; null when
 * empty. Kept as text, not as a parsed value: the journal's byte budget counts text, and a
 * parsed body of 90,000 keys costs several times its text in memory.
 */
async function requestBody(c: Context): Promise<{ text: string | null; json: boolean }> {
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    return { text: null, json: false };
  }
  if (text === '') return { text: null, json: false };
  const type = mediaTypeOf(requestHeader(c, 'content-type') ?? null) ?? '';
  if (type === 'application/json' || type.endsWith('+json')) {
    // The handler accepted it, so it parsed: with nothing to mask it is kept as sent.
    if (!mayHoldSecret(text)) return { text, json: true };
    try {
      return { text: JSON.stringify(maskSecrets(JSON.parse(text))), json: true };
    } catch {
      return { text, json: false };
    }
  }
  return { text, json: false };
}

/** `build` (a context's `c.json` or `c.body`), stamping the status of every answer it builds. */
function stampingAfter<F>(build: F, stamp: (status: number) => void): F {
  return ((...args: unknown[]) => {
    const res = (build as (...a: unknown[]) => Response)(...args);
    stamp(res.status);
    return res;
  }) as F;
}
