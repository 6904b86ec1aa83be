/**
 * Where each position of the state file's change stream stands (issue 19): on disk (below
 * `end`), undone after a failed append (the ranges kept), or in a batch still being written.
 * What `StateFile.commit` reads to tell a write whether its changes were saved.
 */
export class DurableLedger {
  /** Positions below this are on disk. */
  end = 0;
  /** Ranges `[from, to)` undone after failed appends, the newest 100. */
  #undone: Array<[number, number]> = [];
  /** Batches not yet settled, with the position each covers up to. */
  #batches: Array<{ covers: number; run: Promise<void> }> = [];

  /** Follows a batch covering positions up to `covers` until it settles. */
  track(covers: number, run: Promise<void>): void {
    const batch = { covers, run };
    this.#batches.push(batch);
    void run.catch(() => undefined).finally(() => this.#batches.splice(this.#batches.indexOf(batch), 1));
  }

  /** Settles once the batch holding position `to - 1` has (at once when none runs). */
  async settled(to: number): Promise<void> {
    await this.#batches.find((b) => b.covers >= to)?.run.catch(() => undefined);
  }

  /** Notes that the changes from `end` to `to` were undone. */
  undone(to: number): void {
    this.#undone = [...this.#undone.slice(-99), [this.end, to]];
  }

  /**
   * Whether the write whose changes end just below `to` is saved. A handler's changes come in one
   * synchronous step, so in one batch: an undone range holding the last of them undid them all;
   * a range ending before it was another write's failure, earlier, which took nothing of this one.
   */
  isSaved(to: number): boolean {
    return this.end >= to && !this.#undone.some(([a, b]) => a < to && b >= to);
  }
}
