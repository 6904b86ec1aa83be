// Types of what the TypeScript benches import from calls.mjs.
export const AUTH: { Authorization: string };
export const PLANS: string;
export const REQUESTS: string;
