import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePathGlob as _c } from '../src/faults/path-glob.ts';
const compilePathGlob = _c;
import { AUTH, createTestMock } from './support/test-mock.ts';

/** The documented meaning, written the obvious way: `*` is `[^/]*`, `**` is `.*` (a backtracking regex). */
function reference(pattern: string, path: string): boolean {
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`, 's').test(path);
}

const patternChar = fc.constantFrom('/', 'a', 'b', '.', '*', '*', '?', '(');
const pathChar = fc.constantFrom('/', 'a', 'b', '.', '?', '(');

describe('fault rule path patterns', () => {
  it('match exactly what the reference expression matches, on random patterns and paths', () => {
    fc.assert(
      fc.property(
        fc.array(patternChar, { maxLength: 12 }).map((c) => '/' + c.join('')),
        fc.array(pathChar, { maxLength: 14 }).map((c) => '/' + c.join('')),
        (pattern, path) => {
          expect(compilePathGlob(pattern).test(path)).toBe(reference(pattern, path));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('keep the documented examples: * stays within a segment, ** crosses them', () => {
    const plan = compilePathGlob('/api/v1/cancellation_plans/*/');
    expect(plan.test('/api/v1/cancellation_plans/12/')).toBe(true);
    expect(plan.test('/api/v1/cancellation_plans/12/update_status/')).toBe(false);
    expect(compilePathGlob('/api/**').test('/api/v1/cancellation_plans/12/update_status/')).toBe(true);
    expect(compilePathGlob('/api/**/').test('/api/')).toBe(false);
  });

  it('read a path once per pattern position: a pathological pattern costs steps, not exponents', () => {
    const pattern = '/' + '**a'.repeat(12) + '**x';
    const path = '/' + 'a'.repeat(39);
    const steps = { count: 0 };
    expect(compilePathGlob(pattern).test(path, steps)).toBe(false);
    // One step per (character, pattern position): 40 × 26; the old regex took billions.
    expect(steps.count).toBeLessThanOrEqual(path.length * (pattern.length + 1));
    const long = { count: 0 };
    compilePathGlob('/' + '*a'.repeat(200)).test('/' + 'a'.repeat(4000), long);
    expect(long.count).toBeLessThanOrEqual(4001 * 402);
  });

  it('let a request through a mock holding a pathological rule', async () => {
    const mock = await createTestMock({ size: 0 });
    const created = await mock.request('/__mock/faults', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: '/' + '**a'.repeat(12) + '**x', status: 503 }),
    });
    expect(created.status).toBe(201);
    // 40 characters with 30 `a`s: the old regex tried every way to place twelve `**a` in them.
    const res = await mock.request(`/api/v1/${'a'.repeat(30)}/`, { headers: AUTH });
    expect(res.status).toBe(404);
    const hit = await mock.request(`/api/v1/${'a'.repeat(30)}x`, { headers: AUTH });
    expect(hit.status).toBe(503);
  });
});
