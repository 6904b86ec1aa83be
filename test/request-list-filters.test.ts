import { beforeAll, describe, expect, it } from 'vitest';
import { requestFilters } from '../src/domain/requests/request-filters.ts';
import { filterParameterNames } from '../src/domain/shared/filter-engine.ts';
import { AUTH, allRows, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * Every filter of both request lists, data-driven like the plan list's. Each case picks a value
 * from the seeded data (read back through the detailed list) and states, independently of the
 * filter code, which requests that value keeps. Each list must answer exactly that set, which must
 * be neither empty (a row kept) nor the whole list (a row dropped). Case-insensitive filters are
 * asked in another case than the data holds, with Turkish letters where the data has them, and
 * their expected rows are written as literal equalities, never through the folding under test.
 */

const LIST = '/api/v1/cancellation_requests/';
const DETAILED = '/api/v1/cancellation_requests/detailed/';
type Row = any;
let mock: TestMock;
/** Detailed rows, newest first: the source of every value and every expectation. */
let rows: Row[];
/** Plan pk → status, read through the plan list. */
let planStatus: Map<number, string>;

beforeAll(async () => {
  mock = await createTestMock({ size: 150 });
  rows = await allRows(mock, DETAILED);
  const plans = await allRows(mock, '/api/v1/cancellation_plans/');
  planStatus = new Map(plans.map((p) => [p.pk, p.status]));
});

const day = (iso: string) => iso.slice(0, 10);
const ids = () => rows.map((r) => r.id).sort((a, b) => a - b);
const median = () => ids()[Math.floor(rows.length / 2)]!;
const some = <T>(pick: (r: Row) => T | null | undefined): T => {
  const hit = rows.map(pick).find((v) => v !== null && v !== undefined);
  if (hit === undefined) throw new Error('the seeded data has no row for this case');
  return hit as T;
};
const order = (r: Row) => r.order_item.order;
const customer = (r: Row) => mock.store.customers.get(order(r).customer)!;
const midDate = (f: 'created_date' | 'modified_date') => rows.map((r) => r[f]).sort()[Math.floor(rows.length / 2)];
const midDay = (f: 'created_date' | 'modified_date') => day(midDate(f));
/** Turkish capitals: `i` → `İ`, `ı` → `I` (what a Turkish keyboard's caps lock types). */
const trUpper = (s: string) => s.toLocaleUpperCase('tr-TR');
const TURKISH = /[ıİşŞğĞçÇöÖüÜ]/;

interface Case {
  param: string;
  value: () => string;
  keeps: (r: Row, value: string) => boolean;
  /** Names a variant in the test title when one parameter has several cases. */
  label?: string;
}

const dateCases = (f: 'created_date' | 'modified_date'): Case[] => [
  { param: f, value: () => midDate(f), keeps: (r, v) => r[f] === v },
  { param: f, label: `${f} (a bare day)`, value: () => midDay(f), keeps: (r, v) => day(r[f]) === v },
  { param: `${f}__gt`, value: () => midDate(f), keeps: (r, v) => r[f] > v },
  { param: `${f}__gte`, value: () => midDate(f), keeps: (r, v) => r[f] >= v },
  { param: `${f}__lt`, value: () => midDate(f), keeps: (r, v) => r[f] < v },
  { param: `${f}__lte`, value: () => midDate(f), keeps: (r, v) => r[f] <= v },
  { param: `${f}__date`, value: () => midDay(f), keeps: (r, v) => day(r[f]) === v },
  { param: `${f}__date__gt`, value: () => midDay(f), keeps: (r, v) => day(r[f]) > v },
  { param: `${f}__date__gte`, value: () => midDay(f), keeps: (r, v) => day(r[f]) >= v },
  { param: `${f}__date__lt`, value: () => midDay(f), keeps: (r, v) => day(r[f]) < v },
  { param: `${f}__date__lte`, value: () => midDay(f), keeps: (r, v) => day(r[f]) <= v },
];

/** A first name starting with the dotless capital `I` (`Işık`, `Işıl`, `Ilgın`), `Işık` if any. */
const dotlessName = () => {
  const names = rows.map((r) => customer(r).first_name as string).filter((n) => n.startsWith('I') && n.includes('ı'));
  if (names.length === 0) throw new Error('the seeded data has no customer named like Işık');
  return names.includes('Işık') ? 'Işık' : names.sort()[0]!;
};
/** A last name with a Turkish letter, typed in Turkish capitals (`Yılmaz` → `YILMAZ`). */
const turkishLastName = () => some((r) => (TURKISH.test(customer(r).last_name) ? customer(r).last_name : null));

const cases: Case[] = [
  { param: 'pk', value: () => String(median()), keeps: (r, v) => r.id === Number(v) },
  { param: 'pk__in', value: () => `${ids()[0]},${median()}`, keeps: (r, v) => v.split(',').map(Number).includes(r.id) },
  { param: 'pk__gt', value: () => String(median()), keeps: (r, v) => r.id > Number(v) },
  { param: 'pk__gte', value: () => String(median()), keeps: (r, v) => r.id >= Number(v) },
  { param: 'pk__lt', value: () => String(median()), keeps: (r, v) => r.id < Number(v) },
  { param: 'pk__lte', value: () => String(median()), keeps: (r, v) => r.id <= Number(v) },
  { param: 'uuid', value: () => rows[3].uuid, keeps: (r, v) => r.uuid === v },
  { param: 'uuid', label: 'uuid in upper case', value: () => rows[4].uuid.toUpperCase(), keeps: (r) => r.uuid === rows[4].uuid },
  ...dateCases('created_date'),
  ...dateCases('modified_date'),
  { param: 'cancellation_type', value: () => 'refund', keeps: (r, v) => r.cancellation_type === v },
  { param: 'cancellation_type', label: 'cancellation_type=cancel', value: () => 'cancel', keeps: (r, v) => r.cancellation_type === v },
  ...['waiting', 'confirmed', 'approved', 'rejected', 'completed'].map(
    (s): Case => ({ param: 'status', label: `status=${s}`, value: () => s, keeps: (r, v) => r.status === v }),
  ),
  { param: 'order_number', value: () => order(rows[2]).number, keeps: (r, v) => order(r).number === v },
  {
    param: 'order_item__order__number',
    value: () => order(rows[6]).number,
    keeps: (r, v) => order(r).number === v,
  },
  { param: 'sku', value: () => rows[4].order_item.product.sku, keeps: (r, v) => r.order_item.product.sku === v },
  { param: 'channel', value: () => String(order(rows[0]).channel), keeps: (r, v) => order(r).channel === Number(v) },
  // DOMAIN.md §1's own examples: İsmail / ISMAIL / ismail, IŞIK / ışık.
  ...['İsmail', 'ISMAIL', 'ismail'].map(
    (v): Case => ({ param: 'customer_first_name', label: `customer_first_name=${v}`, value: () => v, keeps: (r) => customer(r).first_name === 'İsmail' }),
  ),
  // `IŞIK` / `ışık`: a name that starts with a dotless capital I, typed in Turkish capitals and in
  // Turkish lower case (`Işık` itself when the seed gave Işık Çelik a request, else `Işıl`, `Ilgın`…).
  ...(['tr-upper', 'tr-lower'] as const).map(
    (how): Case => ({
      param: 'customer_first_name',
      label: `customer_first_name in ${how} (IŞIK / ışık)`,
      value: () => (how === 'tr-upper' ? dotlessName().toLocaleUpperCase('tr-TR') : dotlessName().toLocaleLowerCase('tr-TR')),
      keeps: (r) => customer(r).first_name === dotlessName(),
    }),
  ),
  {
    param: 'customer_last_name',
    value: () => trUpper(turkishLastName()),
    keeps: (r) => customer(r).last_name === turkishLastName(),
  },
  {
    param: 'customer_email',
    value: () => customer(rows[5]).email.toUpperCase(),
    keeps: (r, v) => customer(r).email.toUpperCase() === v,
  },
  { param: 'order', value: () => String(order(rows[1]).pk), keeps: (r, v) => order(r).pk === Number(v) },
  ...['completed', 'waiting', 'rejected'].map(
    (s): Case => ({
      param: 'cancellation_plan_status',
      label: `cancellation_plan_status=${s}`,
      value: () => s,
      keeps: (r, v) => {
        // The request carries no plan key (the vendor's schema): the store's internal link is the oracle.
        const planPk = mock.store.requests.get(r.id)!.cancellation_plan;
        return planPk !== null && planStatus.get(planPk) === v;
      },
    }),
  ),
  {
    param: 'easy_return_code',
    value: () => some((r) => r.easy_return?.code).toLowerCase(),
    keeps: (r, v) => r.easy_return !== null && r.easy_return.code.toLowerCase() === v,
  },
  {
    param: 'tracking_number',
    value: () => some((r) => r.easy_return?.tracking_number),
    keeps: (r, v) => r.easy_return?.tracking_number === v,
  },
  { param: 'currency', label: 'currency=try', value: () => 'try', keeps: (r, v) => order(r).currency === v },
  { param: 'currency', label: 'currency=eur', value: () => 'eur', keeps: (r, v) => order(r).currency === v },
  {
    // `HIZLI-TESLIMAT` must find `hizli-teslimat`: a plain `I` folds to `i` as well.
    param: 'shipping_option_slug',
    value: () => some((r) => order(r).shipping_option_slug).toUpperCase(),
    keeps: (r, v) => order(r).shipping_option_slug?.toUpperCase() === v,
  },
  { param: 'order_item', value: () => String(rows[0].order_item.pk), keeps: (r, v) => r.order_item.pk === Number(v) },
  { param: 'reason', value: () => String(rows[0].reason.pk), keeps: (r, v) => r.reason.pk === Number(v) },
  // A case-insensitive "contains" on the request's own words: `İADE` finds `İade …` and `… iade …`.
  { param: 'description', label: 'description=İADE', value: () => 'İADE', keeps: (r) => /[iİ]ade/.test(r.description ?? '') },
  { param: 'description', label: 'description=KARGO', value: () => 'KARGO', keeps: (r) => /[kK]argo/.test(r.description ?? '') },
  { param: 'iban', value: () => some((r) => r.iban), keeps: (r, v) => r.iban === v },
  { param: 'holder_name', value: () => some((r) => r.holder_name), keeps: (r, v) => r.holder_name === v },
  { param: 'easy_return', value: () => String(some((r) => r.easy_return?.id)), keeps: (r, v) => r.easy_return?.id === Number(v) },
  { param: 'quantity', value: () => '1', keeps: (r, v) => r.quantity === Number(v) },
  { param: 'fully_refund_as_loyalty_money', label: 'fully_refund_as_loyalty_money=true', value: () => 'true', keeps: (r) => r.fully_refund_as_loyalty_money === true },
  { param: 'fully_refund_as_loyalty_money', label: 'fully_refund_as_loyalty_money=False', value: () => 'False', keeps: (r) => r.fully_refund_as_loyalty_money === false },
];

describe.each([
  ['cancellation request list', LIST],
  ['detailed cancellation request list', DETAILED],
])('%s filters', (_name, path) => {
  it.each(cases.map((c) => [c.label ?? c.param, c] as const))(
    'filters by %s, keeping a row and dropping a row',
    async (_n, c) => {
      const value = c.value();
      const expected = rows.filter((r) => c.keeps(r, value)).map((r) => r.id);
      expect(expected.length, `seeded data has a row matching ${c.param}=${value}`).toBeGreaterThan(0);
      expect(expected.length, `seeded data has a row not matching ${c.param}=${value}`).toBeLessThan(rows.length);
      const got = await allRows(mock, path, `${c.param}=${encodeURIComponent(value)}`);
      expect(got.map((r) => r.id), `${c.param}=${value}`).toEqual(expected);
    },
  );

  it('ANDs filters together', async () => {
    const got = await allRows(mock, path, 'cancellation_type=refund&status=rejected');
    const expected = rows.filter((r) => r.cancellation_type === 'refund' && r.status === 'rejected');
    expect(expected.length).toBeGreaterThan(0);
    expect(got.map((r) => r.id)).toEqual(expected.map((r) => r.id));
  });

  it('skips an empty value, as django-filter does', async () => {
    expect((await allRows(mock, path, 'status=&sku=')).length).toBe(rows.length);
  });

  it('ignores an unknown parameter and names it in X-Mock-Ignored-Params', async () => {
    const res = await mock.request(`${path}?limit=1000&colour=red`, { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-mock-ignored-params')).toBe('colour');
    expect((await json(res)).count).toBe(rows.length);
  });
});

describe('request list filter set', () => {
  it.each(['listCancellationRequests', 'listDetailedCancellationRequests'])(
    'serves every filter %s lists in the spec, tests each, and serves no other',
    (operationId) => {
      const op = mock.specs.operations.find((o) => o.operationId === operationId)!;
      const routeParams = new Set(['page', 'limit', 'export_format']);
      const specNames = op.parameters.filter((p) => p.in === 'query' && !routeParams.has(p.name)).map((p) => p.name);
      const tested = new Set(cases.map((c) => c.param));
      expect(specNames.filter((n) => !tested.has(n))).toEqual([]);
      expect(filterParameterNames(requestFilters(mock.store)).sort()).toEqual([...specNames].sort());
    },
  );

  it('offers exactly the values the spec enumerates on every choice filter', () => {
    const op = mock.specs.operations.find((o) => o.operationId === 'listCancellationRequests')!;
    for (const def of requestFilters(mock.store)) {
      if (def.kind !== 'choice') continue;
      const param = op.parameters.find((p) => p.name === def.name)!;
      expect([...def.choices!].sort(), def.name).toEqual([...((param.schema as any).enum as string[])].sort());
    }
  });
});

describe('request list filters never fall back to an unfiltered list', () => {
  const unknownLookups: Array<[string, string]> = [
    ['order_item__order__number__startswith', 'order_item__order__number'],
    ['order_item__order__customer', 'order_item'],
    ['customer_email__icontains', 'customer_email'],
    ['status__in', 'status'],
    ['uuid__in', 'uuid'],
    ['quantity__gte', 'quantity'],
    ['created_date__year', 'created_date'],
    ['easy_return__code', 'easy_return'],
  ];
  it.each(unknownLookups)('answers %s (a lookup not served on a known field) with a 400', async (param, field) => {
    for (const path of [LIST, DETAILED]) {
      const res = await mock.request(`${path}?${param}=1`, { headers: AUTH });
      expect(res.status, path).toBe(400);
      const lookup = param.slice(field.length + 2);
      expect(await json(res)).toEqual({ [param]: [`Unsupported lookup '${lookup}' for field '${field}'.`] });
    }
  });

  const bad: Array<[string, string, string]> = [
    ['pk', 'abc', 'Enter a whole number.'],
    ['pk__in', '1,x', 'Enter a whole number.'],
    ['order', 'one', 'Enter a whole number.'],
    ['channel', 'web', 'Enter a whole number.'],
    ['order_item', '1.5', 'Enter a whole number.'],
    ['reason', 'x', 'Enter a whole number.'],
    ['easy_return', 'YK1', 'Enter a whole number.'],
    ['quantity', 'two', 'Enter a whole number.'],
    ['uuid', 'not-a-uuid', 'Enter a valid UUID.'],
    ['created_date__gt', 'yesterday', 'Enter a valid date/time.'],
    ['modified_date__date', '2024-13-01', 'Enter a valid date.'],
    ['status', 'pending', 'Select a valid choice. pending is not one of the available choices.'],
    ['cancellation_type', 'swap', 'Select a valid choice. swap is not one of the available choices.'],
    ['cancellation_plan_status', 'done', 'Select a valid choice. done is not one of the available choices.'],
    ['currency', 'TRY', 'Select a valid choice. TRY is not one of the available choices.'],
    ['fully_refund_as_loyalty_money', 'yes', 'Select a valid choice. yes is not one of the available choices.'],
  ];
  it.each(bad)('answers %s=%s with a 400 naming the parameter', async (param, value, message) => {
    for (const path of [LIST, DETAILED]) {
      const res = await mock.request(`${path}?${param}=${encodeURIComponent(value)}`, { headers: AUTH });
      expect(res.status, path).toBe(400);
      expect(await json(res)).toEqual({ [param]: [message] });
    }
  });

  it('refuses an unknown parameter under --strict', async () => {
    const strict = await createTestMock({ size: 5, strict: true });
    const res = await strict.request(`${LIST}?colour=red`, { headers: AUTH });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ colour: ['Unknown query parameter (refused by --strict).'] });
  });
});

describe('case-insensitive filters on values the seed writes in digits only', () => {
  it('fold SKUs, order numbers and tracking numbers too (Turkish capitals included)', async () => {
    // The seed's SKUs, order and tracking numbers are digits, which no case folding can tell apart;
    // here one request's values are given letters (as new records, never by mutation).
    const small = await createTestMock({ size: 20 });
    const store = small.store;
    const request = [...store.requests.values()].find((r) => r.easy_return !== null) ?? [...store.requests.values()][0]!;
    const item = store.orderItems.get(request.order_item)!;
    const order = store.orders.get(item.order)!;
    store.products.set(item.product, { ...store.products.get(item.product)!, sku: 'kışlık-01' });
    store.orders.set(order.pk, { ...order, number: 'sipariş-İ1' });
    const at = request.created_date;
    store.requests.set(request.id, {
      ...request,
      easy_return: {
        id: 9999, shipping_company: 'yurtici', code: 'yk-iade-1', start_date: at, end_date: at, max_count: 1,
        status: 'used', tracking_number: 'tr-ılık-7', tracking_url: null, created_date: at, modified_date: at,
      },
    });
    const sameItem = (store.requestsByItem.get(item.pk) ?? []).length;
    const sameProduct = [...store.requests.values()].filter((r) => store.orderItems.get(r.order_item)!.product === item.product).length;
    const sameOrder = [...store.requests.values()].filter((r) => store.orderItems.get(r.order_item)!.order === order.pk).length;
    const queries: Array<[string, number]> = [
      ['sku=KIŞLIK-01', sameProduct],
      ['order_number=SİPARİŞ-i1', sameOrder],
      ['order_item__order__number=SIPARIŞ-I1', sameOrder],
      ['easy_return_code=YK-İADE-1', 1],
      ['tracking_number=TR-ILIK-7', 1],
    ];
    expect(sameItem).toBeGreaterThan(0);
    for (const [query, count] of queries) {
      const got = await allRows(small, LIST, query);
      expect(got.length, query).toBe(count);
      expect(got.length, query).toBeLessThan(store.requests.size);
      if (count === 1) expect(got[0].id, query).toBe(request.id);
    }
  });
});
