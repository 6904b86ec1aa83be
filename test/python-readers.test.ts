import { beforeAll, describe, expect, it } from 'vitest';
import { pythonStrip, isPythonBlank } from '../src/common/python-text.ts';
import { pythonFloatRepr } from '../src/common/python-float.ts';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * A client's text read as the Django behind Omnitron reads it (docs/decisions/0021): integer
 * filters as `forms.IntegerField` (`int(re_decimal.sub('', value))`), text stripped as Python's
 * `str.strip()` (whose spaces are not JS's `trim()`'s), a JSON float pk truncated as `int()`
 * truncates it, and a query string that starts with `?` naming `?name`.
 */

const PLANS = '/api/v1/cancellation_plans/';
const REQUESTS = '/api/v1/cancellation_requests/';
let mock: TestMock;
let plans: any[];

beforeAll(async () => {
  mock = await createTestMock({ size: 30 });
  plans = (await mock.getJson(`${PLANS}?limit=1000`)).results;
});

const pksOf = async (query: string): Promise<number[]> => {
  const res = await mock.request(`${PLANS}?limit=1000&${query}`, { headers: AUTH });
  expect(res.status, query).toBe(200);
  return (await json(res)).results.map((p: any) => p.pk);
};

describe('integer filters read as forms.IntegerField', () => {
  it('takes a trailing point and zeros, spaces, a sign and underscores as the whole number', async () => {
    const pk = plans[3].pk as number;
    const spelled = `${String(pk).slice(0, 1)}_${String(pk).slice(1)}`;
    for (const text of [`${pk}.0`, `${pk}.`, `${pk}.000%20`, `%20${pk}%20`, `%2B${pk}`, `%E2%80%83${pk}`]) {
      expect(await pksOf(`pk=${text}`), text).toEqual([pk]);
    }
    if (pk >= 10) expect(await pksOf(`pk=${spelled}`)).toEqual([pk]);
  });

  it('refuses a fraction, an exponent and spaces only, in django-filter\'s words', async () => {
    for (const text of ['5.5', '1e1', '%20', '5.0.0', '0x10', '%1C5']) {
      const res = await mock.request(`${PLANS}?pk=${text}`, { headers: AUTH });
      expect(res.status, text).toBe(400);
      expect(await json(res), text).toEqual({ pk: ['Enter a whole number.'] });
    }
  });

  it('reads each __in item the same way: empty items are none, a blank item is an error', async () => {
    const [a, b] = [plans[1].pk as number, plans[4].pk as number];
    expect((await pksOf(`pk__in=${a}.0,%20${b}%20,`)).sort()).toEqual([a, b].sort());
    expect((await pksOf(`pk__in=${a},,${b}.`)).sort()).toEqual([a, b].sort());
    const res = await mock.request(`${PLANS}?pk__in=${a},%20,${b}`, { headers: AUTH });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ pk__in: ['Enter a whole number.'] });
  });

  it('bounds an integer range with the same readings', async () => {
    const all = plans.map((p) => p.pk as number).sort((x, y) => x - y);
    const mid = all[10]!;
    expect((await pksOf(`pk__gte=${mid}.0&pk__lt=%20${all[13]}.`)).sort((x, y) => x - y)).toEqual(all.slice(10, 13));
  });
});

describe('text read as Python strips it', () => {
  it('strips a text filter value of Python whitespace the way CharFilter does', async () => {
    const plan = plans.find((p) => typeof p.order_number === 'string' || p.order?.number) ?? plans[0];
    const number = plan.order_number ?? plan.order.number;
    const want = await pksOf(`order_number=${encodeURIComponent(number)}`);
    expect(want).toContain(plan.pk);
    expect(await pksOf(`order_number=%C2%85${encodeURIComponent(number)}%1F%20`)).toEqual(want);
    // The BOM is no Python space: it stays, and matches nothing.
    expect(await pksOf(`order_number=%EF%BB%BF${encodeURIComponent(number)}`)).toEqual([]);
    // UUIDFilter's field is a CharField too.
    const request = (await mock.getJson(`${REQUESTS}?limit=1`)).results[0];
    const found = await mock.getJson(`${REQUESTS}?uuid=%C2%85${request.uuid}%1F`);
    expect(found.results.map((r: any) => r.id)).toEqual([request.id]);
  });

  it('finds a request by every uuid spelling Python\'s uuid.UUID reads, and refuses the rest', async () => {
    const request = (await mock.getJson(`${REQUESTS}?limit=1`)).results[0];
    const hex = (request.uuid as string).replaceAll('-', '');
    // Each checked with Python 3.11's uuid.UUID.
    for (const spelling of [`{${request.uuid.toUpperCase()}}`, `urn:uuid:${hex}`, `${hex.slice(0, 2)}-${hex.slice(2)}`, `{{${hex}}}`, `uuid:urn:${hex}`]) {
      const found = await mock.getJson(`${REQUESTS}?uuid=${encodeURIComponent(spelling)}`);
      expect(found.results.map((r: any) => r.id), spelling).toEqual([request.id]);
    }
    // int(hex, 16) takes a sign, `0x`, single underscores and its spaces inside the 32: each a UUID.
    for (const spelling of [`+${hex.slice(1)}`, `0x${hex.slice(2)}`, `0X_${hex.slice(3)}`, `{\u3000${hex.slice(1)}}`, `${hex.slice(0, 4)}_${hex.slice(5)}`]) {
      const res = await mock.request(`${REQUESTS}?uuid=${encodeURIComponent(spelling)}`, { headers: AUTH });
      expect(res.status, spelling).toBe(200);
    }
    for (const spelling of [`${hex}0`, `{${hex.slice(0, 31)}`, `${hex.slice(0, 31)}g`, `${hex.slice(0, 31)}_`, `${hex.slice(0, 8)}__${hex.slice(10)}`, `0x__${hex.slice(4)}`]) {
      const res = await mock.request(`${REQUESTS}?uuid=${encodeURIComponent(spelling)}`, { headers: AUTH });
      expect(res.status, spelling).toBe(400);
      expect(await json(res)).toEqual({ uuid: ['Enter a valid UUID.'] });
    }
  });

  it('strips a tag key of U+0085 and U+001C-U+001F, and keeps a BOM in it', async () => {
    const id = (await mock.getJson(`${REQUESTS}?limit=1`)).results[0].id;
    expect((await mock.postJson(`${REQUESTS}${id}/add_tag/`, { key: '\u0085py-strip\u001c' })).status).toBe(204);
    expect((await mock.postJson(`${REQUESTS}${id}/add_tag/`, { key: '\ufeffpy-bom' })).status).toBe(204);
    const tags: string[] = await mock.getJson(`${REQUESTS}${id}/tags/`);
    expect(tags).toContain('py-strip');
    expect(tags).toContain('\ufeffpy-bom');
    const blank = await mock.postJson(`${REQUESTS}${id}/add_tag/`, { key: '\u001d\u0085' });
    expect(blank.status).toBe(400);
    expect(await json(blank)).toEqual({ key: ['This field may not be blank.'] });
  });

  it('strips an engine string as DRF\'s CharField does, and calls Python whitespace only blank', async () => {
    const widgets = await widgetMock();
    const made = await send(widgets, 'POST', '/api/v1/widgets/', { ...VALID, name: '\u001eMavi\u0085' });
    expect(made.status).toBe(201);
    expect((await json(made)).name).toBe('Mavi');
    const bom = await json(await send(widgets, 'POST', '/api/v1/widgets/', { ...VALID, name: '\ufeffMavi' }));
    expect(bom.name).toBe('\ufeffMavi');
    const blank = await send(widgets, 'POST', '/api/v1/widgets/', { ...VALID, name: '\u001f\u0085 ' });
    expect(blank.status).toBe(400);
    expect(await json(blank)).toEqual({ name: ['This field may not be blank.'] });
    // DRF's OrderingFilter strips each field name as `str.strip()` does.
    const byPriority = (await widgets.getJson('/api/v1/widgets/?limit=1000&ordering=-priority,pk')).results.map((w: any) => w.pk);
    const spaced = (await widgets.getJson('/api/v1/widgets/?limit=1000&ordering=%C2%85-priority%1C,pk')).results.map((w: any) => w.pk);
    expect(spaced).toEqual(byPriority);
    expect(byPriority).not.toEqual([...byPriority].sort((a, b) => b - a));
  });

  // The feed's status shortcut strips as the filter does; its own strip only picks the index path
  // (the general path strips the status too), so this checks the answers, not which path ran.
  it('strips a date filter as Python does and refuses a BOM; a feed by a spaced status answers as the plain one', async () => {
    const date = encodeURIComponent(plans[5].created_date);
    const want = await pksOf(`created_date__gte=${date}`);
    expect(want.length).toBeGreaterThan(0);
    expect(await pksOf(`created_date__gte=%C2%85${date}%1F`)).toEqual(want);
    const bom = await mock.request(`${PLANS}?created_date__gte=%EF%BB%BF${date}`, { headers: AUTH });
    expect(bom.status).toBe(400);
    expect(await json(bom)).toEqual({ created_date__gte: ['Enter a valid date/time.'] });
    const channel = mock.store.orders.get(mock.store.plans.get(plans[0].pk)!.order)!.channel;
    const feed = `/api/channel/${channel}/cancellation_plans/inserts_or_updates/?limit=1000&status=`;
    const byStatus = await mock.getJson(`${feed}${plans[0].status}`);
    expect(byStatus.length).toBeGreaterThan(0);
    expect(await mock.getJson(`${feed}%C2%85${plans[0].status}%1F`)).toEqual(byStatus);
    expect((await mock.request(`${feed}%EF%BB%BF${plans[0].status}`, { headers: AUTH })).status).toBe(400);
  });

  it('strips in linear time: 200,000 spaces around a letter, and 200,000 then a letter', () => {
    const run = '\u0085'.repeat(100_000) + ' \u001c'.repeat(50_000);
    expect(pythonStrip(`${run}x${run}`)).toBe('x');
    expect(pythonStrip(`${run}${run}x`)).toBe('x');
    expect(isPythonBlank(run + run)).toBe(true);
    expect(isPythonBlank(`${run}\ufeff`)).toBe(false);
  });
});

describe('JSON numbers as pks', () => {
  it('looks a float pk up as int() truncates it, and refuses "1.5" as a text int() cannot read', async () => {
    const ids = (await mock.getJson(`${REQUESTS}?limit=2`)).results.map((r: any) => r.id as number);
    const ok = await mock.postJson(`${REQUESTS}bulk_add_tags/`, { ids: [ids[0]! + 0.75], keys: ['py-float'] });
    expect(ok.status, await ok.clone().text()).toBe(204);
    expect(await mock.getJson(`${REQUESTS}${ids[0]}/tags/`)).toContain('py-float');
    const text = await mock.postJson(`${REQUESTS}bulk_add_tags/`, { ids: [`${ids[1]}.5`], keys: ['py-float'] });
    expect(text.status).toBe(400);
    expect(await json(text)).toEqual({ ids: ['Incorrect type. Expected pk value, received str.'] });
    // A missing pk is quoted as Python prints the float.
    const missing = await mock.postJson(`${REQUESTS}bulk_add_tags/`, { ids: [1e-7], keys: ['py-float'] });
    expect(await json(missing)).toEqual({ ids: ['Invalid pk "1e-07" - object does not exist.'] });
    // `1e400` reads as infinity, whose int() Django does not catch (Omnitron's 500): a 400 here.
    const infinite = await mock.request(`${REQUESTS}bulk_add_tags/`, {
      method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: '{"ids": [-1e400], "keys": ["py-float"]}',
    });
    expect(await json(infinite)).toEqual({ ids: ['Incorrect type. Expected pk value, received float.'] });
  });

  it('prints floats as Python\'s repr does', () => {
    const cases: Array<[number, string]> = [[1.5, '1.5'], [5, '5.0'], [1e16, '1e+16'], [1e15, '1000000000000000.0'], [1e-4, '0.0001'], [1.5e-5, '1.5e-05'], [1e22, '1e+22'], [-0, '-0.0'], [0.1, '0.1'], [123456.789, '123456.789']];
    for (const [x, text] of cases) expect(pythonFloatRepr(x), String(x)).toBe(text);
  });
});

describe('a query string that starts with ?', () => {
  it('names "?status", an unknown parameter: ignored and named, and refused under --strict', async () => {
    const all = await pksOf('');
    const res = await mock.request(`${PLANS}??status=completed&limit=1000`, { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('X-Mock-Ignored-Params')).toBe('%3Fstatus');
    expect((await json(res)).results.map((p: any) => p.pk)).toEqual(all);
    const strict = await createTestMock({ size: 5, strict: true });
    expect((await strict.request(`${PLANS}??status=completed`, { headers: AUTH })).status).toBe(400);
  });
});
