import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportDataset } from '../src/cli/dataset.ts';
import { AUTH, createTestMock, type TestMock } from './support/test-mock.ts';

const dir = mkdtempSync(join(tmpdir(), 'omnitron-export-'));

/** Every list endpoint, read whole. */
const LISTS = [
  '/api/v1/cancellation_plans/?limit=1000',
  '/api/v1/cancellation_requests/?limit=1000',
  '/api/v1/cancellation_requests/detailed/?limit=1000',
  '/api/v1/cancellation_requests/filter_tags/?key=acil',
  '/api/v1/cancellation_requests/exclude_tags/?key=acil&limit=1000',
  '/whisperer/hooks/',
];

async function lists(mock: TestMock): Promise<string[]> {
  const out: string[] = [];
  for (const path of LISTS) {
    const res = await mock.request(path, { headers: AUTH });
    expect(res.status, path).toBe(200);
    // Secrets are left out of an export on purpose: the reloaded subscription has none.
    out.push((await res.text()).replace(/"secret_key":(null|"[^"]*")/g, '"secret_key":…'));
  }
  return out;
}

/** Exports `mock` through its admin API and starts a new mock on the dataset written. */
async function roundTrip(mock: TestMock, session?: string): Promise<{ text: string; again: TestMock }> {
  const text = await exportDataset({
    url: 'http://mock.test',
    token: 'test-token',
    ...(session && { session }),
    fetch: async (url, init) => mock.app.request(url.replace('http://mock.test', ''), init),
  });
  const file = join(dir, `export-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  const again = await createTestMock({ size: 0, dataset: file });
  return { text, again };
}

describe('dataset export', () => {
  it('load(export(state)) reads back identically through every list endpoint', async () => {
    const mock = await createTestMock({ size: 0, dataset: 'demo' });
    await mock.postJson('/whisperer/hooks/', {
      event_type: 'cancellation_plan.created', target_url: 'http://127.0.0.1:4012/', secret_key: 'a-very-secret-key-1234',
    });
    const { text, again } = await roundTrip(mock);
    expect(text).not.toContain('a-very-secret-key-1234');
    expect(text).not.toContain('secret_key');
    const [a, b] = [await lists(mock), await lists(again)];
    expect(JSON.parse(a[0]!).count).toBe(13);
    expect(JSON.parse(a[1]!).count).toBe(5);
    for (const [i, path] of LISTS.entries()) expect(b[i], path).toBe(a[i]);
  });

  it('keeps what a QA person clicked on top: new requests, tags and moves, all but the moves\' times', async () => {
    const mock = await createTestMock({ size: 0, dataset: 'demo' });
    const plans = await mock.getJson('/api/v1/cancellation_plans/?status=waiting&order_number=TR-240120-006');
    const planPk = plans.results[0].pk;
    expect((await mock.postJson(`/api/v1/cancellation_plans/${planPk}/update_status/`, { status: 'confirmed' })).status).toBe(200);
    const orders = await mock.getJson('/api/v1/cancellation_plans/?order_number=TR-240121-009&limit=10');
    const open = orders.results.find((p: any) => p.status === 'cancelled').cancellationplanorderitem_set[0].order_item.pk;
    const created = await mock.postJson('/api/v1/cancellation_requests/', { order_item: open, reason: 1, cancellation_type: 'cancel' });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as any).id;
    expect((await mock.postJson(`/api/v1/cancellation_requests/${id}/add_tag/`, { key: 'acil' })).status).toBe(204);

    const { again } = await roundTrip(mock);
    const strip = (text: string) => text.replace(/"modified_date":"[^"]+"/g, '"modified_date":"…"');
    const [a, b] = [await lists(mock), await lists(again)];
    for (const [i, path] of LISTS.entries()) expect(strip(b[i]!), path).toBe(strip(a[i]!));
  });

  it('exports a session\'s state with --session', async () => {
    const mock = await createTestMock({ size: 0, dataset: 'demo' });
    const session = { 'X-Mock-Session': 'qa-1' };
    const plans = await mock.getJson('/api/v1/cancellation_plans/?status=waiting&order_number=TR-240120-006');
    const moved = await mock.postJson(`/api/v1/cancellation_plans/${plans.results[0].pk}/update_status/`, { status: 'rejected' }, session);
    expect(moved.status).toBe(200);
    const { again } = await roundTrip(mock, 'qa-1');
    const rejected = await again.getJson('/api/v1/cancellation_plans/?order_number=TR-240120-006&status=rejected');
    expect(rejected.count).toBe(1);
    const { again: shared } = await roundTrip(mock);
    expect((await shared.getJson('/api/v1/cancellation_plans/?order_number=TR-240120-006&status=rejected')).count).toBe(0);
  });
});
