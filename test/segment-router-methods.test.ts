import { describe, expect, it } from 'vitest';
import { SegmentRouter } from '../src/http/segment-router.ts';

/**
 * The router keeps each path shape's combined handlers per method (issue 26). In process
 * (`app.request()`, `createMock`, msw) a caller may send any method token; those no route names
 * all match the `ALL` routes alike, so they must share one kept entry, not stay one per token.
 */
describe("the app router's kept combinations", () => {
  it('keeps one combination for all the methods no route names, however many a caller makes up', () => {
    const router = new SegmentRouter<unknown>();
    router.add('ALL', '/*', 'outer');
    router.add('GET', '/r/:id/', 'read');
    router.add('ALL', '/r/:id/', 'any');
    let combines = 0;
    const combine = (handlers: unknown[]) => ({ handlers, made: (combines += 1) });
    for (let i = 0; i < 1000; i += 1) {
      const got = router.matchCombined(`M${i}`, `/r/${i}/`, combine)!;
      expect((got[0][0]![0] as { handlers: unknown[] }).handlers).toEqual(router.match(`M${i}`, `/r/${i}/`)[0].map(([h]) => h));
      expect({ ...got[0][0]![1] }).toEqual({ id: String(i) });
    }
    expect(combines).toBe(1);
    // A named method still has its own.
    expect((router.matchCombined('GET', '/r/1/', combine)![0][0]![0] as { handlers: unknown[] }).handlers).toEqual(['outer', 'read', 'any']);
    expect(combines).toBe(2);
  });
});
