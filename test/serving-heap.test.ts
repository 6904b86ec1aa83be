import { describe, expect, it } from 'vitest';
import { growHeapWhileServing } from '../src/cli/serving-heap.ts';

/**
 * `serve` sets V8's heap-growing factor once the seed is done (serving-heap.ts); a factor the
 * operator gave node is theirs. (The setting itself is not made here: it is process-wide, and
 * would change the collector of every test file after this one in the worker.)
 */
describe('the serving heap factor', () => {
  it('leaves a --heap-growing-percent given to node as it was, in either spelling', () => {
    expect(growHeapWhileServing(['--max-semi-space-size=4', '--heap-growing-percent=20'])).toBe(false);
    expect(growHeapWhileServing(['--heap_growing_percent=80'])).toBe(false);
  });
});
