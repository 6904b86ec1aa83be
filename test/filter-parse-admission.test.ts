import { describe, expect, it } from 'vitest';
import { filterNamesOf, keptQueries, parseSearch, type FilterNames } from '../src/domain/shared/filter-parse.ts';
import { requestFiltersOf } from '../src/domain/requests/request-filters.ts';
import { createTestMock } from './support/test-mock.ts';

/**
 * The kept parses' admission (seventeenth session review): a walk of distinct queries makes a
 * filter set keep one miss in 8, and a working set that fits brings back keeping every one. Answers
 * never change either way, so only this structural test notices the rule breaking.
 */

const RESERVED = new Set(['page', 'limit']);
const q = (tag: string, i: number) => `status=waiting&created_date__lte=${encodeURIComponent(new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString())}&${tag}=1&limit=10`;

function afresh(n: FilterNames): void {
  n.parsed = { recent: { byReserved: new Map(), size: 0, bytes: 0 }, older: { byReserved: new Map(), size: 0, bytes: 0 } };
  Object.assign(n.admission, { lookups: 0, hits: 0, all: true, skipped: 0 });
}

describe('the kept parses\' admission', () => {
  it('keeps one miss in 8 once most miss, and every one again once most hit', async () => {
    const mock = await createTestMock({ size: 10 });
    const names = filterNamesOf(requestFiltersOf(mock.store));
    afresh(names);
    for (let i = 0; i < 3072; i += 1) parseSearch(names, q('walk', i), RESERVED, '', true);
    expect(names.admission.all, 'a walk of distinct queries stops keeping every miss').toBe(false);
    // The first window kept all 1,024; the next two kept one in 8 of theirs.
    const walked = keptQueries(names).filter((k) => k.includes('walk=1') && Number(new Date(decodeURIComponent(k.split('created_date__lte=')[1]!.split('&')[0]!))) >= Date.UTC(2025, 0, 1) + 1024 * 60_000);
    expect(walked.length).toBeLessThanOrEqual(2048 / 8 + 1);
    expect(walked.length).toBeGreaterThan(0);
    // A client whose 100 queries fit the table: keeping every miss again within a few windows.
    let misses = -1;
    for (let pass = 0; pass < 40; pass += 1) {
      misses = 0;
      for (let i = 0; i < 100; i += 1) {
        const s = q('hot', i);
        if (!keptQueries(names).includes(`?${s}`)) misses += 1;
        parseSearch(names, s, RESERVED, '', true);
      }
    }
    expect(misses).toBe(0);
    expect(names.admission.all).toBe(true);
  });
});
