/**
 * How many changes any store of this process has taken: every record set or deleted, every
 * collection cleared, every tag that came or went (and a webhook subscription made or removed,
 * which lives beside the store). Only ever grows. The mutation journal reads it before and after
 * a write to tell a write that changed nothing (an `update_status` to the current status, a tag
 * already there) from one that did (issue 19: a no-op write is not journaled).
 *
 * One counter for the process, not per store: a change elsewhere while a request ran makes its
 * no-op look like a change, so the error is always on the side of journaling (a no-op replays as
 * a no-op); a change is never missed.
 */
let writes = 0;

/** Notes one change (the store views and tag indexes call it on every write that changes something). */
export function noteStoreWrite(): void {
  writes += 1;
}

/** The number of changes so far. */
export function storeWriteCount(): number {
  return writes;
}
