// Types of filter-rows.mjs, for the in-process benches written in TypeScript.
export declare const DISTINCT: number;
export declare function pages(url: string, path: string, n: number): Promise<unknown[]>;
/** Each row's query strings (`a=b&limit=10`) or, for the detailed and contains rows, objects. */
export declare function requestRows(url: string): Promise<Record<string, Array<string | { path?: string; s?: string; contains?: boolean }>>>;
export declare function planRows(url: string): Promise<Record<string, string[]>>;
/** Full paths of the sales-channel feeds. */
export declare function channelRows(url: string): Promise<Record<string, string[]>>;
