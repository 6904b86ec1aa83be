import type { Context, MiddlewareHandler, Next } from 'hono';
import type { Logger } from '../logger.ts';
import { requestIdOf } from './access-log.ts';
import type { AppEnv } from './env.ts';
import { isSafeMethod } from './operation-gate.ts';
import { StateNotSavedError } from '../persist/state-not-saved.ts';

/** Where the shared state's changes are made durable (the state file; `persist/state-file.ts`). */
export interface DurableState {
  /** The position of the next change. */
  readonly position: number;
  /** Resolves once the changes between two positions are on disk; rejects when they were undone. */
  commit(from: number, to: number): Promise<void>;
}

/** What a write whose change could not be saved answers (issue 19). */
export const STATE_NOT_SAVED = {
  detail: 'The change could not be saved to the state file and was not applied; try again later.',
  code: 'state_not_saved',
} as const;

/**
 * With `--state-file`, an API write is answered only once its changes are in the journal
 * (issue 19): a 2xx waits for the append (writes waiting at once share one), and an append that
 * failed — a full disk — answers 503 instead, logged, its change undone. Mounted just inside the
 * mutation journal, which then forgets the write. `/__mock/` writes are held the same way: a
 * fixture waits for its append; a reset, reseed or import for its snapshot (`StateFile.replace`),
 * which answers 503 here when it could not be written.
 */
export function durableWrites(durable: DurableState | undefined, logger: Logger): MiddlewareHandler<AppEnv> {
  // Without a state file, or for a read, this is no step at all (no `async` frame per request).
  if (!durable) return (_c, next) => next();
  return (c, next) => {
    // Admin writes are held too (issue 19): a fixture is answered once it is on disk, so an
    // acknowledged one survives a SIGKILL right after its answer (the admin document lists the 503).
    if (isSafeMethod(c.req.method)) return next();
    return committed(c, next, durable, logger);
  };
}

async function committed(c: Context<AppEnv>, next: Next, durable: DurableState, logger: Logger): Promise<void> {
  const from = durable.position;
  await next();
  // A reset, reseed or import whose snapshot could not be written replaced nothing: 503 too.
  if (c.error instanceof StateNotSavedError) {
    logger.error(`state file: ${c.error.message}, answered 503 id=${requestIdOf(c)}`);
    c.res = undefined;
    c.res = c.json(STATE_NOT_SAVED, 503);
    return;
  }
  const to = durable.position;
  if (c.res.status < 200 || c.res.status >= 300 || to === from) return;
  try {
    await durable.commit(from, to);
  } catch (err) {
    logger.error(`state file: write not saved, answered 503 id=${requestIdOf(c)}: ${(err as Error).message}`);
    c.res = undefined;
    c.res = c.json(STATE_NOT_SAVED, 503);
  }
}
