import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECEIVE_HELP, runReceiveCommand } from '../src/cli/receive.ts';
import { createEventValidator, type EventValidator } from '../src/webhooks/event-schema.ts';
import { pythonJsonDumps } from '../src/webhooks/python-json.ts';
import { startReceiver, type Receiver } from '../src/webhooks/receiver.ts';
import { signBody } from '../src/webhooks/signature.ts';
import {
  createBody,
  createRequestVia,
  itemSupply,
  patchStatus,
  withPlan,
} from './support/request-helpers.ts';
import { createTestMock, sharedSpecs } from './support/test-mock.ts';
import { vendorEvent } from './support/vendor-event.ts';

/**
 * `omnitron-mock receive` (issue 9): the receiver teams and QA point Omnitron (or the mock) at.
 * It checks signatures in constant time, validates events against the served schema, prints a
 * line per delivery and appends each new event to an NDJSON file.
 */

const SECRET = 'receiver-secret';
let dir: string;
let validate: EventValidator;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'omnitron-receive-'));
  validate = createEventValidator((await sharedSpecs()).specs);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withReceiver(
  secret: string | null,
  run: (r: Receiver, lines: string[], out: string) => Promise<void>,
): Promise<void> {
  const out = join(dir, `events-${Math.random().toString(16).slice(2)}.ndjson`);
  const lines: string[] = [];
  const receiver = await startReceiver({
    host: '127.0.0.1',
    port: 0,
    secret,
    outFile: out,
    validate,
    onLine: (l) => lines.push(l),
  });
  try {
    await run(receiver, lines, out);
  } finally {
    await receiver.close();
  }
}

function deliver(
  url: string,
  event: unknown,
  signature: string | 'sign' | null,
  secret = SECRET,
): Promise<Response> {
  const body = pythonJsonDumps(event);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Whisperer-Event': 'cancellation_plan.created',
  };
  if (signature === 'sign') headers['X-Whisperer-Signature'] = signBody(secret, body);
  else if (signature !== null) headers['X-Whisperer-Signature'] = signature;
  return fetch(url, { method: 'POST', headers, body });
}

const fileLines = (file: string) => {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    return [];
  }
};

describe('the receiver', () => {
  it('accepts a signed event: one line, 200, appended once; a repeat is printed, not appended', async () => {
    await withReceiver(SECRET, async (r, lines, out) => {
      const event = vendorEvent();
      const res = await deliver(r.url, event, 'sign');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        received: true,
        uuid: event.event.uuid,
        valid: true,
        repeat: false,
      });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /cancellation_plan\.created {2}4e7ab2024a3e4e8ba400c2470b84f976 {2}plan 2839 \(completed, cancel\) order \d+ {2}signature ok {2}schema ok$/,
      );
      expect(fileLines(out)).toEqual([event]);
      expect((await deliver(r.url, event, 'sign')).status).toBe(200);
      expect(lines[1]).toContain('(repeat 2)');
      expect(fileLines(out)).toHaveLength(1);
      expect(r.stats).toMatchObject({ received: 2, accepted: 2, repeats: 1, badSignature: 0 });
    });
  });

  const refusals: Array<[string, string | null, RegExp]> = [
    ['a wrong signature', signBody('another-secret', '{}'), /REJECTED .* bad signature \(401\)/],
    ['no signature', null, /REJECTED .* no signature \(401\)/],
  ];
  it.each(refusals)(
    'answers %s with 401 and a line saying so, appending nothing',
    async (_name, signature, line) => {
      await withReceiver(SECRET, async (r, lines, out) => {
        const res = await deliver(r.url, vendorEvent(), signature);
        expect(res.status).toBe(401);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(line);
        expect(fileLines(out)).toEqual([]);
        expect(r.stats.badSignature).toBe(1);
      });
    },
  );

  it('prints one line per delivery whatever a sender writes in it: no forged line, no escape sequence', async () => {
    await withReceiver(SECRET, async (r, lines) => {
      const forged = `${new Date().toISOString()}  cancellation_plan.created  0b5d  signature ok  schema ok`;
      const event = vendorEvent();
      event.event.uuid = `x\n${forged}\u001b[2K\r`;
      const res = await deliver(r.url, event, null);
      expect(res.status).toBe(401);
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expect(lines[0]).toMatch(/REJECTED {2}cancellation_plan\.created {2}x\\n.*\\u001b\[2K\\r {2}no signature \(401\)$/);
    });
  });

  it('refuses a body nested more than 1,000 levels deep as not JSON, without parsing it', async () => {
    await withReceiver(null, async (r, lines) => {
      const res = await fetch(r.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: `{"event": {"uuid": "deep"}, "payload": ${'['.repeat(600_000)}${']'.repeat(600_000)}}`,
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ detail: 'JSON parse error - nested more than 1000 levels deep' });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/REJECTED .* body is not JSON: nested more than 1000 levels deep \(400\)$/);
    });
  });

  it('checks the signature over the raw bytes: the same event re-serialized does not pass', async () => {
    await withReceiver(SECRET, async (r) => {
      const event = vendorEvent();
      const signedCompact = signBody(SECRET, JSON.stringify(event));
      expect((await deliver(r.url, event, signedCompact)).status).toBe(401);
    });
  });

  it('answers a schema failure 200 (a 4xx would only bring the same bytes back) and prints the finding', async () => {
    await withReceiver(SECRET, async (r, lines, out) => {
      const event = vendorEvent();
      delete event.payload.plan_type;
      const res = await deliver(r.url, event, 'sign');
      expect(res.status).toBe(200);
      expect(((await res.json()) as { valid: boolean }).valid).toBe(false);
      expect(lines[0]).toMatch(/SCHEMA FAILED: .*plan_type/);
      expect(fileLines(out)).toHaveLength(1);
      expect(r.stats.invalid).toBe(1);
    });
  });

  it('without --secret takes unsigned events, and refuses a body that is not JSON', async () => {
    await withReceiver(null, async (r, lines) => {
      expect((await deliver(r.url, vendorEvent(), null)).status).toBe(200);
      expect(lines[0]).toMatch(/unsigned {2}schema ok$/);
      const bad = await fetch(r.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"event":',
      });
      expect(bad.status).toBe(400);
      expect(lines[1]).toMatch(/REJECTED .* body is not JSON/);
    });
  });
});

describe('omnitron-mock receive', () => {
  it('prints its help and refuses bad flags with one line', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
    expect(await runReceiveCommand(['--help'], {}, io)).toBe(0);
    expect(out.join('')).toBe(RECEIVE_HELP);
    expect(RECEIVE_HELP).toMatch(/^Usage: omnitron-mock receive/);
    for (const flag of ['--port N', '--secret KEY', '--out FILE', '-h, --help'])
      expect(RECEIVE_HELP).toContain(flag);
    expect(await runReceiveCommand(['--port', 'eighty'], {}, io)).toBe(2);
    expect(await runReceiveCommand(['--nope'], {}, io)).toBe(2);
    expect(err).toHaveLength(2);
    expect(err[1]).toContain('--nope');
  });

  it('refuses an --out it cannot append to before it listens, with one line and exit 2', async () => {
    const err: string[] = [];
    const out: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
    const code = await runReceiveCommand(['--port', '0', '--out', '/nonexistent-qa-dir/events.ndjson'], {}, io, Promise.resolve('test'));
    expect(code).toBe(2);
    expect(err).toEqual(['omnitron-mock receive: cannot append to --out /nonexistent-qa-dir/events.ndjson (ENOENT)\n']);
    expect(out.join('')).not.toContain('listening');
  });

  it('listens with --out a named pipe no one reads yet (opening it would wait for a reader)', async () => {
    const fifo = join(dir, 'events.fifo');
    execFileSync('mkfifo', [fifo]);
    const out: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t) };
    let stop!: () => void;
    const until = new Promise<void>((resolve) => (stop = resolve));
    const running = runReceiveCommand(['--port', '0', '--out', fifo], {}, io, until, () => stop());
    expect(await running).toBe(0);
    expect(out.join('')).toContain(`new events appended to ${fifo}`);
  });

  it('refuses an --out that is a socket, which no append reaches (ENXIO)', async () => {
    const path = join(dir, 'out.sock');
    const listener = createNetServer();
    await new Promise<void>((resolve) => listener.listen(path, resolve));
    try {
      const err: string[] = [];
      const io = { out: () => {}, err: (t: string) => void err.push(t) };
      expect(await runReceiveCommand(['--port', '0', '--out', path], {}, io, Promise.resolve('test'))).toBe(2);
      expect(err).toEqual([`omnitron-mock receive: cannot append to --out ${path} (ENXIO)\n`]);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it("takes the mock's signed deliveries end to end, never printing the secret", async () => {
    const out: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t) };
    const file = join(dir, 'e2e.ndjson');
    let stop!: () => void;
    const until = new Promise<void>((resolve) => (stop = resolve));
    let listening!: (url: string) => void;
    const url = new Promise<string>((resolve) => (listening = resolve));
    const running = runReceiveCommand(
      ['--port', '0', '--out', file],
      { MOCK_WEBHOOK_SECRET: SECRET },
      io,
      until,
      listening,
    );
    try {
      const mock = await createTestMock({ size: 20, webhookUrl: await url, webhookSecret: SECRET });
      try {
        const next = itemSupply(mock.store);
        const request = await createRequestVia(mock, createBody(mock.store, next()));
        const approved = await withPlan(
          mock,
          (await (await patchStatus(mock, request.id, 'approved')).json()) as { id: number },
        );
        await mock.webhooks.idle();
        const events = fileLines(file);
        expect(events).toHaveLength(1);
        expect(events[0].payload.pk).toBe(approved.cancellation_plan);
        expect(out.join('')).toMatch(
          new RegExp(
            `plan ${approved.cancellation_plan} \\(waiting, cancel\\).*signature ok {2}schema ok`,
          ),
        );
      } finally {
        await mock.webhooks.close();
      }
    } finally {
      stop();
      expect(await running).toBe(0);
    }
    expect(out.join('')).toMatch(/1 received, 1 accepted/);
    expect(out.join('')).toContain('signatures checked');
    expect(out.join('')).not.toContain(SECRET);
  });
});
