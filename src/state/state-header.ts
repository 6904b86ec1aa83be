/**
 * The first line of every state document (export, import, the state file's snapshots): what the
 * lines that follow are, and the seed parameters of the seeded state that `reset` returns to. The
 * line format itself is `persist/state-lines.ts`.
 */
export const STATE_FORMAT = 'omnitron-mock-state';
export const STATE_VERSION = 1;

export interface StateHeader {
  format: typeof STATE_FORMAT;
  version: number;
  /** The seed parameters of the seeded state `reset` returns to. */
  seed: number;
  size: number;
  /** The dataset loaded on the seed (`--dataset` or a reseed's): a name of `seeds/`, or a path. */
  dataset?: string;
  /** Snapshots only: which journals still apply (ADR 0005). */
  generation?: number;
}
