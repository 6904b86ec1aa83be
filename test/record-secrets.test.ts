import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlaceholder, placeholderBuiltIn, PLACEHOLDER_KINDS, resolvePlaceholder } from '../src/contracts/placeholders.ts';
import { validateScenario } from '../src/contracts/validate-scenario.ts';
import { isValidTurkishIban } from '../src/common/iban.ts';
import { startRecording, type Recording } from '../src/record/start-recording.ts';

/** Every kind of secret the recorder must keep off disk, as a client would send it. */
const S = {
  username: 'ops.manager',
  password: 'Pa55word!Secret',
  loginKey: 'k3y4f8e9a7b6c5d4e3f2a1b0',
  staticToken: 'static-live-token-0123456789',
  badToken: 'revoked-token-987654321',
  iban: 'TR330006100519786457841326',
  ibanSpaced: 'TR33 0006 1005 1978 6457 8413 26',
  email: 'zeynep.celik@example.org',
  phone: '+905321234567',
  phoneSpaced: '+90 532 123 45 67',
  phoneNational: '0532 123 45 67',
  firstName: 'Zeynep',
  lastName: 'Çelik',
  holder: 'Zeynep Çelik',
  line: 'Bağdat Caddesi No: 5 Daire 3',
  city: 'Erenköy',
  postcode: '34738',
  cookie: 'sessionid=5f2c9a1e7b3d',
  webhookSecret: 'whsec-9a8b7c6d5e4f',
};

/** A target that answers a login with a key, lists one customer full of personal data, echoes the rest. */
function startEchoTarget(): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.url === '/api/v1/auth/login/') return send(200, { key: S.loginKey });
      if (req.headers.authorization === `Token ${S.badToken}`) return send(401, { detail: 'Invalid token.', code: 'authentication_failed' });
      if (req.url?.startsWith('/api/v1/customers/?')) {
        return send(200, { count: 1, next: null, previous: null, results: [{
          id: 9001, first_name: S.firstName, last_name: S.lastName, email: S.email, phone_number: S.phone, iban: S.iban,
          address: { pk: 77, line: S.line, city: S.city, postcode: S.postcode },
        }] });
      }
      send(200, { method: req.method, url: req.url, headers: req.headers, body });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let target: Server;
let recording: Recording;
let dir: string;
const lines: string[] = [];
let files: Array<{ name: string; text: string }> = [];

async function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string; session?: string } = {}) {
  const headers = { 'X-Record-Session': init.session ?? 'secrets', ...init.headers };
  const res = await fetch(recording.url + path, { method: init.method ?? 'GET', headers, body: init.body, signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer();
  return res.status;
}

const auth = (token: string) => ({ Authorization: `Token ${token}` });
const jsonHeaders = (token: string) => ({ ...auth(token), 'Content-Type': 'application/json' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'record-secrets-'));
  target = await startEchoTarget();
  try {
    recording = await startRecording({
      target: new URL(`http://127.0.0.1:${(target.address() as AddressInfo).port}`), outDir: dir, port: 0, gapMs: 60_000, maxSteps: 100,
      groupBy: 'token', pathPrefix: '/api/', keepHeaders: ['x-customer-email', 'x-customer-phone'], maxBodyBytes: 1 << 20, timeoutMs: 5000,
      onLine: (l) => lines.push(l),
    });
    const e = encodeURIComponent;
    await send('/api/v1/auth/login/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: S.username, password: S.password }) });
    await send('/api/v1/customers/?limit=1', { headers: auth(S.loginKey) });
    await send(`/api/v1/cancellation_requests/?customer_email=${e(S.email)}&customer_first_name=${e(S.firstName)}&customer_last_name=${e(S.lastName)}&iban=${e(S.iban)}&phone=${e(S.phone)}`, { headers: auth(S.staticToken) });
    // Free text that only an earlier answer shows to be a name and an address.
    await send(`/api/v1/search/?q=${e(`${S.firstName} ${S.lastName}`)}&where=${e(S.line)}&token=${S.loginKey}`, { headers: auth(S.staticToken) });
    await send('/api/v1/cancellation_requests/', {
      method: 'POST', headers: jsonHeaders(S.staticToken),
      body: JSON.stringify({
        order_item: 12, reason: 3, cancellation_type: 'refund', iban: S.ibanSpaced, holder_name: S.holder,
        description: `Call ${S.phoneSpaced} or ${S.phoneNational}, or write to ${S.email}; IBAN ${S.ibanSpaced}`,
        shipping_address: { line: S.line, city: S.city, postcode: S.postcode },
        customer: { email: S.email, phone_number: Number(S.phone.slice(1)), first_name: S.firstName, last_name: S.lastName },
        secret_key: S.webhookSecret,
      }),
    });
    await send('/api/v1/customers/9001/', {
      method: 'PATCH', headers: { ...auth(S.staticToken), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: S.email, phone_number: S.phoneSpaced, first_name: S.firstName, password: S.password }).toString(),
    });
    await send(`/api/v1/customers/${e(S.email)}/`, { headers: { ...auth(S.staticToken), 'X-Customer-Email': S.email, 'X-Customer-Phone': S.phoneNational, Cookie: S.cookie } });
    await send('/api/v1/notes/', { method: 'POST', headers: { ...auth(S.staticToken), 'Content-Type': 'text/plain' }, body: `pay ${S.iban} to ${S.holder} <${S.email}>` });
    expect(await send('/api/v1/cancellation_plans/', { headers: auth(S.badToken) })).toBe(401);
    await send('/api/v1/cancellation_plans/', { headers: auth(S.loginKey), session: 'another' });
  } finally {
    await recording?.stop();
    await new Promise((r) => target.close(r));
  }
  files = readdirSync(dir).map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('secrets in recorded traffic', () => {
  it('writes the scenarios, one per session, and prints a line per exchange', () => {
    expect(files.map((f) => f.name).sort()).toEqual([expect.stringMatching(/^rec-\d{8}-\d{6}-001-secrets\.json$/), expect.stringMatching(/^rec-\d{8}-\d{6}-002-another\.json$/)]);
    expect(lines.filter((l) => l.startsWith('REC '))).toHaveLength(10);
  });

  it('never writes any secret, in any spelling, to any file or console line', () => {
    const spellings = (v: string) => [v, encodeURIComponent(v), new URLSearchParams({ v }).toString().slice(2), JSON.stringify(v).slice(1, -1)];
    const written = [...files.map((f) => f.text), lines.join('\n')].join('\n').toLowerCase();
    for (const [kind, value] of Object.entries(S)) {
      for (const spelling of spellings(value)) expect(written.includes(spelling.toLowerCase()), `${kind}: ${spelling}`).toBe(false);
    }
    expect(written).not.toContain(S.phone.slice(1)); // the phone number sent as a JSON number
  });

  it('uses typed placeholders, the same one for the same value', () => {
    const scenario = JSON.parse(files.find((f) => f.name.endsWith('-secrets.json'))!.text);
    const [login, customers, filtered, search, create, patch, byEmail, note, revoked] = scenario.steps;
    expect(login.request.body).toEqual({ username: '{{secret_username_1}}', password: '{{secret_password_1}}' });
    expect(login.request.headers).toEqual({ Authorization: null });
    // The key the login answered is read from the login's answer, not written.
    expect(login.capture).toEqual({ key: '/key' });
    expect(customers.request.headers.Authorization).toBe('Token {{key}}');
    const email = filtered.request.query.customer_email;
    expect(email).toMatch(/^\{\{secret_email_\d+\}\}$/);
    expect(filtered.request.headers.Authorization).toBe('Token {{secret_token_1}}');
    expect(filtered.request.query.iban).toMatch(/^\{\{secret_iban_\d+\}\}$/);
    expect(filtered.request.query.phone).toMatch(/^\{\{secret_phone_\d+\}\}$/);
    expect(search.request.query.q).toBe(`${filtered.request.query.customer_first_name} ${filtered.request.query.customer_last_name}`);
    expect(search.request.query.where).toMatch(/^\{\{secret_address_\d+\}\}$/);
    expect(search.request.query.token).toMatch(/^\{\{secret_token_\d+\}\}$/);
    expect(create.request.body.customer.email).toBe(email);
    // Spelled another way (spaced, national, as a JSON number), a value keeps its placeholder.
    const { iban, phone } = filtered.request.query;
    expect(create.request.body.iban).toBe(iban);
    expect(create.request.body.customer.phone_number).toBe(phone);
    expect(create.request.body.description).toBe(`Call ${phone} or ${phone}, or write to ${email}; IBAN ${iban}`);
    expect(create.request.body.holder_name).toMatch(/^\{\{secret_name_\d+\}\}$/);
    expect(create.request.body.secret_key).toMatch(/^\{\{secret_credential_\d+\}\}$/);
    expect(create.request.body).toMatchObject({ order_item: 12, reason: 3, cancellation_type: 'refund' });
    expect(patch.request.rawBody).toContain(`email=${email}`);
    expect(patch.request.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(byEmail.request.path).toBe(`/api/v1/customers/${email}/`);
    expect(byEmail.request.headers['x-customer-email']).toBe(email);
    expect(byEmail.request.headers).not.toHaveProperty('cookie');
    expect(note.request.rawBody).toMatch(/^pay \{\{secret_iban_\d+\}\} to \{\{secret_name_\d+\}\} <\{\{secret_email_\d+\}\}>$/);
    expect(revoked.request.headers.Authorization).toBe('Token {{secret_invalid_token_1}}');
    const other = JSON.parse(files.find((f) => f.name.endsWith('-another.json'))!.text);
    // No login in that scenario: the key is a token like any other, with the placeholder it had before.
    expect(other.steps[0].request.headers.Authorization).toBe(`Token ${search.request.query.token}`);
  });

  it('writes files the harness loads as they are', () => {
    for (const f of files) expect(validateScenario(JSON.parse(f.text), 'x', f.name).problems).toEqual([]);
  });
});

describe('placeholders at replay', () => {
  const vars = { token: 'run-token', username: 'run-user', password: 'run-pass' };

  it('become valid synthetic values of their kind, the same each time', () => {
    for (const n of [1, 2, 17]) {
      expect(isValidTurkishIban(resolvePlaceholder(`secret_iban_${n}`, vars)!)).toBe(true);
      expect(resolvePlaceholder(`secret_email_${n}`, vars)).toMatch(/^[\w.]+@example\.com$/);
      expect(resolvePlaceholder(`secret_phone_${n}`, vars)).toMatch(/^\+905\d{9}$/);
      expect(resolvePlaceholder(`secret_name_${n}`, vars)).toMatch(/^\p{L}+ \p{L}+$/u);
      expect(resolvePlaceholder(`secret_address_${n}`, vars)).toMatch(/No: \d+/);
    }
    expect(resolvePlaceholder('secret_iban_1', vars)).not.toBe(resolvePlaceholder('secret_iban_2', vars));
    expect(resolvePlaceholder('secret_email_3', vars)).toBe(resolvePlaceholder('secret_email_3', {}));
  });

  it('take the run\'s token and login, and the scenario needs them', () => {
    expect(resolvePlaceholder('secret_token_4', vars)).toBe('run-token');
    expect(resolvePlaceholder('secret_username_1', vars)).toBe('run-user');
    expect(resolvePlaceholder('secret_password_2', vars)).toBe('run-pass');
    expect(resolvePlaceholder('secret_invalid_token_1', vars)).not.toBe('run-token');
    expect(placeholderBuiltIn('secret_password_2')).toBe('password');
    expect(placeholderBuiltIn('secret_iban_2')).toBeNull();
  });

  it('are names of every kind, and no capture may take one', () => {
    for (const kind of PLACEHOLDER_KINDS) expect(isPlaceholder(`secret_${kind}_1`)).toBe(true);
    expect(isPlaceholder('secret_iban_0')).toBe(false);
    expect(isPlaceholder('secret_thing_1')).toBe(false);
    const { problems } = validateScenario({
      name: 'x',
      steps: [{ request: { method: 'GET', path: '/a/{{secret_iban_1}}/' }, expect: { status: 200 }, capture: { secret_email_1: '/x' } }],
    }, 'x', 'x.json');
    expect(problems).toEqual(['steps[0].capture.secret_email_1: secret_<kind>_<n> names are placeholders, not captures']);
  });
});
