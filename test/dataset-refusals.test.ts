import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestMock, json } from './support/test-mock.ts';

const dir = mkdtempSync(join(tmpdir(), 'omnitron-dataset-'));
let n = 0;
/** Writes a dataset file and answers its path. */
function datasetFile(text: string, ext = 'yaml'): string {
  const file = join(dir, `case-${(n += 1)}.${ext}`);
  writeFileSync(file, text);
  return file;
}

const HEAD = `customers:
  - { key: ayse, first_name: Ayşe, last_name: Yılmaz, email: ayse@example.com }
products: [{ key: kazak, sku: T-1, name: Kazak }]
orders:
  - key: ayse-order
    customer: ayse
    status: "550"
    items:
      - { product: kazak, price: "100.00" }
`;

/** Start-up with a broken dataset: the one line it throws. */
async function refusal(text: string, ext?: string): Promise<string> {
  const file = datasetFile(text, ext);
  const err = await createTestMock({ size: 0, dataset: file }).then(
    () => null,
    (e: Error) => e,
  );
  expect(err, 'start-up refused').not.toBeNull();
  const message = err!.message;
  expect(message.split('\n')).toHaveLength(1);
  return message.replace(file, 'FILE');
}

describe('a dataset that cannot be loaded stops start-up with one line', () => {
  it.each([
    [
      'a rule broken (a refund to a bad IBAN)',
      `${HEAD}requests:\n  - key: bad-iban\n    order: ayse-order\n    iban: TR000000000000000000000000\n    holder_name: Ayşe Yılmaz\n`,
      /^FILE:11: requests\[0\] \(bad-iban\): iban: .+/,
    ],
    [
      'a missing reference',
      `${HEAD}requests:\n  - key: nowhere\n    order: no-such-order\n`,
      /^FILE:11: requests\[0\] \(nowhere\): order: no order has the key "no-such-order"/,
    ],
    [
      'a stored pk that does not exist',
      `${HEAD}plans:\n  - { order: 999999, status: waiting }\n`,
      /^FILE:11: plans\[0\]: order: no stored order has pk 999999$/,
    ],
    [
      'an unknown field',
      `${HEAD}requests:\n  - order: ayse-order\n    refund_to: bank\n`,
      /^FILE:12: requests\[0\]: unknown field "refund_to"$/,
    ],
    [
      'an unknown section',
      `${HEAD}shipments: []\n`,
      /^FILE:10: the document: unknown section "shipments"$/,
    ],
    [
      'a state the API cannot reach (a completed request whose plan was cancelled)',
      `${HEAD}requests:\n  - order: ayse-order\n    status: completed\n    plan_status: cancelled\n    iban: TR330006100519786457841326\n    holder_name: Ayşe Yılmaz\n`,
      /^FILE:11: requests\[0\]: status: a request whose plan is "cancelled" is "rejected", not "completed"$/,
    ],
    [
      'a plan status that is no status',
      `${HEAD}plans:\n  - { order: ayse-order, status: shipped }\n`,
      /^FILE:11: plans\[0\]: status: "shipped" is not a valid choice\.$/,
    ],
    [
      'an item the order does not have',
      `${HEAD}plans:\n  - { order: ayse-order, items: [2] }\n`,
      /^FILE:11: plans\[0\]: items: order \d+ has 1 items, not 2$/,
    ],
    ['a YAML syntax error', `${HEAD}requests: [\n  {order: ayse-order\n`, /^FILE:\d+: not a readable dataset: /],
    ['a key used twice', `${HEAD}  - { key: ayse-order, customer: ayse }\n`, /^FILE:10: orders\[1\] \(ayse-order\): the key "ayse-order" is used twice$/],
  ])('refuses %s, naming the file, the line and the object', async (_case, text, expected) => {
    expect(await refusal(text)).toMatch(expected);
  });

  it('refuses an item without a product when the store has none to pick from', async () => {
    const text = 'customers: [{ key: a, first_name: A, last_name: B, email: a@b.c }]\norders:\n  - { customer: a, items: [{ price: "1.00" }] }\n';
    expect(await refusal(text)).toBe(
      'FILE:3: orders[0]: items: give each item a product (this store has none to pick from)',
    );
  });

  it('reads JSON datasets too, with their lines', async () => {
    const text = JSON.stringify({ customers: [{ key: 'a', first_name: 'A', last_name: 'B', email: 'a@b.c', age: 3 }] }, null, 2);
    expect(await refusal(text, 'json')).toBe('FILE:8: customers[0] (a): unknown field "age"');
  });

  it('names a dataset that is not in the dataset folder', async () => {
    expect(await createTestMock({ size: 0, dataset: 'no-such-dataset' }).catch((e: Error) => e.message)).toMatch(
      /^dataset "no-such-dataset": no no-such-dataset\.yaml, \.yml or \.json in /,
    );
  });
});

describe('reseeding with a dataset', () => {
  const reseed = (mock: Awaited<ReturnType<typeof createTestMock>>, body: unknown) =>
    mock.request('/__mock/reseed', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('loads a dataset of the folder by name, on the current seed, and reset returns to it', async () => {
    const mock = await createTestMock({ size: 5 });
    const before = mock.store.orders.size;
    const res = await reseed(mock, { dataset: 'demo' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ seed: 1, size: 5, dataset: 'demo', sessions_dropped: 0 });
    expect(mock.store.orders.size).toBe(before + 9);
    // Dataset objects come after the generated ones: no pk is shared.
    const numbers = [...mock.store.orders.values()].map((o) => o.number);
    expect(numbers.slice(0, before).every((x) => !x.startsWith('TR-'))).toBe(true);
    expect(numbers.slice(before).every((x) => x.startsWith('TR-'))).toBe(true);
    expect(await json(await mock.request('/__mock/health'))).toMatchObject({ dataset: 'demo' });
    await mock.request('/__mock/reset', { method: 'POST' });
    expect(mock.store.orders.size).toBe(before + 9);
    const alone = await reseed(mock, { dataset: 'demo', size: 0 });
    expect(await json(alone)).toMatchObject({ size: 0, dataset: 'demo', counts: { orders: 9, plans: 13 } });
  });

  it.each([
    ['a path', '../seeds/demo'],
    ['an absolute path', '/etc/passwd'],
    ['a name with no file', 'nothing-here'],
    ['not a string', 12],
  ])('refuses %s: only names of the dataset folder, and the state is left as it was', async (_case, dataset) => {
    const mock = await createTestMock({ size: 3 });
    const orders = mock.store.orders.size;
    const res = await reseed(mock, { dataset });
    expect(res.status).toBe(400);
    expect(Object.keys(await json(res))).toEqual(['dataset']);
    expect(mock.store.orders.size).toBe(orders);
  });
});

describe('the dataset JSON Schema', () => {
  it('lists exactly the fields the loader reads, and the shipped dataset conforms to it', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    // Ajv comes with swagger-parser; its CommonJS default export is the class.
    const ajv = (await import('ajv')) as unknown as { default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } } };
    const Ajv = ajv.default;
    const { DATASET_FIELDS } = await import('../src/seed/dataset-read.ts');
    const schema = JSON.parse(readFileSync(new URL('../seeds/dataset.schema.json', import.meta.url), 'utf8'));
    expect(Object.keys(schema.properties).sort()).toEqual([...DATASET_FIELDS.top].sort());
    for (const section of ['reasons', 'customers', 'products', 'orders', 'requests', 'plans', 'webhooks'] as const)
      expect(Object.keys(schema.properties[section].items.properties).sort(), section).toEqual([...DATASET_FIELDS[section]].sort());
    expect(Object.keys(schema.properties.orders.items.properties.items.items.properties).sort()).toEqual([...DATASET_FIELDS.items].sort());
    const text = readFileSync(new URL('../seeds/demo.yaml', import.meta.url), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./dataset.schema.json');
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('a dataset and a state file', () => {
  it('a state file that exists wins over --dataset, and remembers the dataset it was seeded with', async () => {
    const { mkdtempSync: mk } = await import('node:fs');
    const file = join(mk(join(tmpdir(), 'omnitron-ds-state-')), 'state.ndjson');
    const first = await createTestMock({ size: 0, dataset: 'demo', stateFile: file });
    const waiting = await first.getJson('/api/v1/cancellation_plans/?status=waiting&order_number=TR-240120-006');
    const moved = await first.postJson(`/api/v1/cancellation_plans/${waiting.results[0].pk}/update_status/`, { status: 'rejected' });
    expect(moved.status).toBe(200);
    await first.admin.close();

    // Started again without --dataset (and another size): the file's state and seeding win.
    const again = await createTestMock({ size: 7, stateFile: file });
    try {
      expect(await json(await again.request('/__mock/health'))).toMatchObject({ dataset: 'demo', counts: { orders: 9 } });
      expect((await again.getJson('/api/v1/cancellation_plans/?status=rejected&order_number=TR-240120-006')).count).toBe(1);
      await again.request('/__mock/reset', { method: 'POST' });
      expect((await again.getJson('/api/v1/cancellation_plans/?status=waiting&order_number=TR-240120-006')).count).toBe(1);
    } finally {
      await again.admin.close();
    }
  });
});
