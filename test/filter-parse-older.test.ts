import { describe, expect, it } from 'vitest';
import { filterNamesOf, keptQueries } from '../src/domain/shared/filter-parse.ts';
import { requestFiltersOf } from '../src/domain/requests/request-filters.ts';
import { AUTH, createTestMock } from './support/test-mock.ts';

/**
 * Kept list parses (seventeenth session review): a parse found in the older generation answers only
 * the route whose reserved names it was parsed under, asked on purpose (the walk test reaches that
 * generation only by its count of kept misses).
 */

const REQUESTS = '/api/v1/cancellation_requests/';
const DETAILED = '/api/v1/cancellation_requests/detailed/';

describe('a parse found in the older generation', () => {
  it('answers only the route whose reserved names it was parsed under', async () => {
    const mock = await createTestMock({ size: 40 });
    const names = filterNamesOf(requestFiltersOf(mock.store));
    // The table is every request store's in this worker (vitest runs files with isolate: false):
    // empty generations, and every missing query kept, whatever other files left in it. A recent
    // generation left nearly full (~3 MB: filter-parse-kept's `__in` walk can leave it so) turned
    // over twice below and dropped the plain parse.
    names.parsed = { recent: { byReserved: new Map(), size: 0, bytes: 0 }, older: { byReserved: new Map(), size: 0, bytes: 0 } };
    Object.assign(names.admission, { lookups: 0, hits: 0, all: true, skipped: 0 });
    const query = 'status=waiting&export_format=&limit=5';
    const plain = await mock.request(`${REQUESTS}?${query}`, { headers: AUTH });
    expect(plain.headers.get('X-Mock-Ignored-Params')).toBe('export_format');
    // ~22 KB estimated each: the recent generation (3 MB) turns over once, the plain list's parse now older.
    const items = (i: number) => Array.from({ length: 250 }, (_, k) => String(100_000 + i * 250 + k)).join(',');
    for (let i = 0; i < 150; i += 1) expect((await mock.request(`${REQUESTS}?pk__in=${items(i)}&limit=1`, { headers: AUTH })).status).toBe(200);
    const older = names.parsed.older.byReserved.get('');
    expect(older?.has(query), 'the plain parse is in the older generation').toBe(true);
    expect(keptQueries(names)).not.toContain(`export_format?${query}`);
    const detailed = await mock.request(`${DETAILED}?${query}`, { headers: AUTH });
    expect(detailed.status).toBe(200);
    expect(detailed.headers.get('X-Mock-Ignored-Params'), 'export_format is the detailed list\'s own').toBeNull();
  });
});
