import { setFlagsFromString } from 'node:v8';

/** How much V8 lets the heap grow past what a full collection leaves, once serving (per cent). */
export const SERVING_HEAP_GROWING_PERCENT = 50;

/**
 * Sets V8's heap-growing factor for the serving phase, after the seed (issue 26, bench/findings.md
 * "Ninth session: the many-match plan rows and V8's marking"): once serving, V8 sets the next
 * full collection's limit at ~1.1 × the live heap (it takes marking to be cheap), so ~2 KB a read
 * promoted brings a full mark of the whole ~450 MB store every ~15,000–25,000 reads, each with
 * seconds of marking steps on the requests' thread; at 1.5 × about five times fewer. Given on the
 * command line, the flag cost 8–50 % more start-up CPU (more full collections during the seed),
 * so it is set only here, when the seed is done: V8 reads it when it next sets a limit, after the
 * next full collection. An operator's own `--heap-growing-percent` is left as given.
 */
export function growHeapWhileServing(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((a) => a.startsWith('--heap-growing-percent') || a.startsWith('--heap_growing_percent'))) return false;
  setFlagsFromString(`--heap-growing-percent=${SERVING_HEAP_GROWING_PERCENT}`);
  return true;
}
