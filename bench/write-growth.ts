/**
 * What one API client can make a mock hold with writes it accepts (ADR 0022, eighteenth session):
 * four hostile runs, each against a fresh in-process mock of the default size, each printing the
 * answers it got, the heap it left behind (after a full collection) and the time it took.
 *
 *   node --expose-gc --import tsx bench/write-growth.ts [--roots A,B] [--size 120]
 *
 * Each root runs in its own child process (one checkout's modules per process), one after the
 * other, with the load average printed beside each. Not part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const size = Number(arg('--size', '120'));
const child = arg('--root', '');

if (child === '') {
  for (const root of arg('--roots', process.cwd()).split(',')) {
    const load = loadavg().map((n) => n.toFixed(1)).join(' ');
    console.log(`\n## ${root} (load average ${load})`);
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', new URL(import.meta.url).pathname, '--root', root, '--size', String(size)], { encoding: 'utf8', cwd: process.cwd() });
    process.stdout.write(out);
  }
} else {
  await run(resolve(child));
}

async function run(root: string): Promise<void> {
  const { buildMock } = await import(pathToFileURL(`${root}/src/build-mock.ts`).href);
  const { testConfig } = await import(pathToFileURL(`${root}/src/config.ts`).href);
  const { silentLogger } = await import(pathToFileURL(`${root}/src/logger.ts`).href);
  const TOKEN = 'growth-token';
  const fresh = async () => buildMock(testConfig({ token: TOKEN, size, seed: 1 }), { logger: silentLogger, start: false });
  const gc = (globalThis as { gc?: () => void }).gc!;
  const heapMb = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };

  type Mock = Awaited<ReturnType<typeof fresh>>;
  const send = (mock: Mock, method: string, path: string, body?: unknown) =>
    mock.app.request(path, {
      method,
      headers: { Authorization: `Token ${TOKEN}`, 'Content-Type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });

  async function measure(name: string, attack: (mock: Mock, answers: Map<number, number>) => Promise<string>) {
    const mock = await fresh();
    const before = heapMb();
    const answers = new Map<number, number>();
    const t = performance.now();
    const what = await attack(mock, answers);
    const ms = performance.now() - t;
    const grew = heapMb() - before;
    const got = [...answers].map(([s, n]) => `${n}×${s}`).join(' ');
    console.log(`| ${name} | ${what} | ${got} | +${grew.toFixed(1)} MB | ${ms.toFixed(0)} ms |`);
    await mock.webhooks?.close?.();
  }

  console.log('| run | what was sent | answers | heap kept | time |');
  console.log('|---|---|---|---|---|');
  const count = (answers: Map<number, number>, status: number) => answers.set(status, (answers.get(status) ?? 0) + 1);

  await measure('bulk_add_tags, one call', async (mock, answers) => {
    const ids = [...mock.store.requests.keys()];
    const keys = Array.from({ length: 10_000 }, (_, i) => `k${i}`);
    count(answers, (await send(mock, 'POST', '/api/v1/cancellation_requests/bulk_add_tags/', { ids, keys })).status);
    return `${ids.length} ids × ${keys.length} keys (${(JSON.stringify({ ids, keys }).length / 1024).toFixed(0)} KiB)`;
  });

  await measure('add_tags, 100 keys a call', async (mock, answers) => {
    const ids = [...mock.store.requests.keys()];
    let calls = 0;
    for (let round = 0; round < 40; round += 1) {
      for (const id of ids) {
        const keys = Array.from({ length: 100 }, (_, i) => `r${round}-${i}`);
        count(answers, (await send(mock, 'POST', `/api/v1/cancellation_requests/${id}/add_tags/`, { keys })).status);
        calls += 1;
      }
    }
    return `${calls} calls on ${ids.length} requests`;
  });

  await measure('add_tags, 100 new 64-character keys a call', async (mock, answers) => {
    const ids = [...mock.store.requests.keys()];
    let calls = 0;
    for (let round = 0; round < 20; round += 1) {
      for (const id of ids) {
        const keys = Array.from({ length: 100 }, (_, i) => `${id}-${round}-${i}-`.padEnd(64, 'k'));
        count(answers, (await send(mock, 'POST', `/api/v1/cancellation_requests/${id}/add_tags/`, { keys })).status);
        calls += 1;
      }
    }
    return `${calls} calls on ${ids.length} requests, every key new`;
  });

  await measure('create + reject, one item', async (mock, answers) => {
    const reason = [...mock.store.reasons.values()].find((r: any) => r.is_active && r.cancellation_type === 'cancel')!.pk;
    const waiting = new Set([...mock.store.orderItems.values()].filter((i: any) => i.cancel_status === 'waiting').map((i: any) => i.order));
    const item = [...mock.store.orderItems.values()].find((i: any) => !['50', '100', '600'].includes(i.status) && i.extra_field?.quantity === undefined && !waiting.has(i.order))!;
    const text = 'x'.repeat(500_000);
    for (let n = 0; n < 1_000; n += 1) {
      const made = await send(mock, 'POST', '/api/v1/cancellation_requests/', { order_item: item.pk, reason, cancellation_type: 'cancel', description: text });
      count(answers, made.status);
      if (made.status !== 201) break;
      const { id } = await made.json();
      count(answers, (await send(mock, 'PATCH', `/api/v1/cancellation_requests/${id}/`, { status: 'rejected' })).status);
    }
    return 'up to 1,000 rounds, a 500,000-character description each';
  });

  await measure('PATCH description, every request', async (mock, answers) => {
    const ids = [...mock.store.requests.keys()];
    const text = 'd'.repeat(500_000);
    for (const id of ids) count(answers, (await send(mock, 'PATCH', `/api/v1/cancellation_requests/${id}/`, { description: text })).status);
    return `${ids.length} × 500,000 characters`;
  });

  await measure('create_payment_plan, every plan', async (mock, answers) => {
    let plans = 0;
    for (const plan of mock.store.plans.values()) {
      const lines = mock.store.planItemsByPlan.get(plan.pk) ?? [];
      if (lines.length === 0) continue;
      const line = mock.store.planItems.get(lines[0])!.order_item;
      const payment_plan = Array.from({ length: 20_000 }, () => ({ transaction_type: 'refund', order_items: [line] }));
      count(answers, (await send(mock, 'POST', `/api/v1/cancellation_plans/${plan.pk}/create_payment_plan/`, { payment_plan })).status);
      plans += 1;
    }
    return `${plans} plans × 20,000 entries (~0.9 MiB)`;
  });
}
