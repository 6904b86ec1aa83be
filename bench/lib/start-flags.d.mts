/** The node flags of `npm start` (package.json's "start" script). */
export const START_FLAGS: string[];
/** Re-runs this process's script under START_FLAGS unless it already has them. */
export function relaunchWithStartFlags(): void;
