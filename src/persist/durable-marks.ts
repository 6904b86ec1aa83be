import type { MockState } from '../state/mock-state.ts';

/** What the shared state's counters were when a batch was taken: its id sequences, and what its writes spent of the budget. */
export interface Marks {
  sequences: string;
  spent: number;
}

/**
 * The counters beside the shared state's records that a failed journal append must wind back
 * with them (issue 19, ADR 0022): the id sequences, written to the journal when they change, and
 * the write budget's spending, kept in memory only. `StateFile` takes the marks with each batch,
 * notes them saved when the batch is on disk, and restores the saved ones when it undoes every
 * change not on disk — so an undone write neither leaves a gap in the ids nor keeps its spending.
 */
export class DurableMarks {
  /** The marks the newest batch was taken with. */
  last!: Marks;
  /** The marks of the newest batch on disk. */
  #durable!: Marks;

  constructor(private readonly state: MockState) {
    this.reset();
  }

  /** The current counters are on disk: after a load, or once a new state's snapshot is in place. */
  reset(): void {
    this.last = this.#now();
    this.#durable = this.last;
  }

  /** Takes the marks for a batch; answers the sequences line the batch appends, '' when unchanged. */
  take(): string {
    const now = this.#now();
    const line = now.sequences !== this.last.sequences ? `{"record":"sequences","v":${now.sequences}}\n` : '';
    this.last = now;
    return line;
  }

  /** Notes that the batch taken with `marks` is on disk. */
  saved(marks: Marks): void {
    this.#durable = marks;
  }

  /** Sets the counters back to those on disk (the records were just undone to match). */
  restore(): void {
    Object.assign(this.state.shared.sequences, JSON.parse(this.#durable.sequences));
    this.state.writeBudget.restoreOwn(this.state.shared, this.#durable.spent);
    this.last = this.#durable;
  }

  #now(): Marks {
    const shared = this.state.shared;
    return { sequences: JSON.stringify(shared.sequences), spent: this.state.writeBudget.ownOf(shared) };
  }
}
