// Types of what the TypeScript benches import from hot-rows.mjs.
/** Filter queries for a "two equalities, ten rows" list over `rows` (at most 1,000). */
export function listQueries(rows: readonly Record<string, unknown>[], fields: readonly [string, string]): string[];
