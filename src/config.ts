import { parseArgs } from 'node:util';
import { DEFAULT_SPEC_DIR } from './spec/load-specs.ts';

/** Log levels, quietest first. `silent` logs nothing at all. */
export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Everything the mock can be told, from flags or environment variables (a flag wins). Names
 * are part of the product: scripts, CI jobs and QA set-ups are written against them, so add,
 * never rename.
 */
export interface Config {
  /** `HOST`/`--host`: interface to listen on. Loopback by default: a laptop mock is not a server. */
  host: string;
  /** `PORT`/`--port`: 4010 by default (Prism's port, so tooling written for Prism finds us). */
  port: number;
  /** `SEED`/`--seed`: faker seed; the same seed gives byte-identical reads from a fresh start. */
  seed: number;
  /** `MOCK_SIZE`/`--size`: number of seeded cancellation plans (requests are about as many). */
  size: number;
  /** `MOCK_STRICT`/`--strict`: refuse unknown query parameters and replace any response that
   * fails the spec self-check with a 500 listing the violations. */
  strict: boolean;
  /**
   * `MOCK_DATASET`/`--dataset`: a dataset of `seeds/` by name, or a file path, loaded on top of
   * the generated seed (`--size 0`: alone); null: none. A state file that exists wins over it.
   */
  dataset: string | null;
  /** `MOCK_STATE_FILE`/`--state-file`: where state survives restarts (admin issue); null: memory only. */
  stateFile: string | null;
  /** `MOCK_TOKEN`/`--token`: the full-access API token (`Authorization: Token <key>`). */
  token: string;
  /** `MOCK_READONLY_TOKEN`/`--readonly-token`: reads everything, may not mutate; unset: none. */
  readonlyToken: string | null;
  /** `MOCK_ADMIN_TOKEN`/`--admin-token`: guards `/__mock/` admin routes; unset: loopback only. */
  adminToken: string | null;
  /** `MOCK_USERNAME`/`--username` and `MOCK_PASSWORD`/`--password`: what login accepts. */
  username: string;
  password: string;
  /** `MOCK_WEBHOOK_URL`/`--webhook-url`, `MOCK_WEBHOOK_SECRET`/`--webhook-secret`: quick-path subscription. */
  webhookUrl: string | null;
  webhookSecret: string | null;
  /** `MOCK_WEBHOOK_ALLOW`/`--webhook-allow`: comma list of hosts webhooks may target (default loopback). */
  webhookAllow: string[];
  /** `MOCK_CORS_ORIGINS`/`--cors-origins`: comma list of allowed origins (default: localhost origins). */
  corsOrigins: string[] | null;
  /**
   * `MOCK_ALLOWED_HOSTS`/`--allowed-hosts`: comma list of `Host` names (any port) allowed besides
   * loopback ones, `.example.com` for a domain and its subdomains, `*` for any. null: loopback
   * names when `host` is loopback, any name otherwise (`http/allowed-hosts.ts`).
   */
  allowedHosts: string[] | null;
  /** `LOG_LEVEL`/`--log-level`. */
  logLevel: LogLevel;
  /** `--spec-dir`: the directory of served OpenAPI documents (default: the package's `specs/`). */
  specDir: string;
  /** `--spec FILE` (repeatable) / `MOCK_SPECS` (comma list): more documents, served beside `specDir`'s. */
  spec: string[];
  /**
   * `MOCK_WATCH`/`--watch` (serve): reload the spec directory's documents and the `--spec` files
   * when one is added or changed, without a restart, keeping the state (issue 20).
   */
  watch: boolean;
}

/**
 * The largest seed `size` (`MOCK_SIZE`, `--size`, `POST /__mock/reseed`): what a server holds in
 * 2 GiB of RSS on a 2-core machine through a reseed at that size, when the old state and the new
 * one live side by side until the swap, with the reseed's slices holding the event loop ~50 ms at
 * most (measured: bench/SOAK.md "Largest seed": 1,570–1,655 MiB peak through a reseed at 150,000
 * and 38–54 ms of longest block at a load average of 9–10, by `bench/seed-blocks.ts`; ~5.2 MB
 * more per 1,000 plans). A million plans needed ~6 GB and died out of memory.
 */
export const MAX_SIZE = 150_000;
/** What the start-up refusal of a larger `MOCK_SIZE` says about the limit. */
const MAX_SIZE_WHY = ' (the largest seed a reseed holds in 2 GiB of RSS without blocking the server: README "Limits, reliability, security")';

/** The documented defaults (README "Configuration" lists the same values). */
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 4010,
  seed: 1,
  size: 300,
  token: 'omnitron-mock-token',
  username: 'akinon',
  password: 'akinon',
  webhookAllow: ['127.0.0.1', 'localhost', '::1'],
  logLevel: 'info' as LogLevel,
} as const;

/** A bad flag or variable: the CLI prints the message as one line and exits non-zero. */
export class ConfigError extends Error {}

const FLAGS = {
  host: { type: 'string' }, port: { type: 'string' }, seed: { type: 'string' },
  size: { type: 'string' }, strict: { type: 'boolean' }, 'state-file': { type: 'string' },
  dataset: { type: 'string' },
  token: { type: 'string' }, 'readonly-token': { type: 'string' }, 'admin-token': { type: 'string' },
  username: { type: 'string' }, password: { type: 'string' }, 'webhook-url': { type: 'string' },
  'webhook-secret': { type: 'string' }, 'webhook-allow': { type: 'string' },
  'cors-origins': { type: 'string' }, 'allowed-hosts': { type: 'string' }, 'log-level': { type: 'string' }, 'spec-dir': { type: 'string' },
  spec: { type: 'string', multiple: true }, watch: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Reads flags (`argv` without the command name) over environment variables over defaults. */
export function loadConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Config {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const str = (flag: string, name: string): string | undefined => {
    const v = (values[flag] as string | undefined) ?? env[name];
    return v === undefined || v === '' ? undefined : v;
  };
  const logLevel = str('log-level', 'LOG_LEVEL') ?? DEFAULTS.logLevel;
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}"`);
  }
  const config: Config = {
    host: str('host', 'HOST') ?? DEFAULTS.host,
    port: int(str('port', 'PORT'), DEFAULTS.port, 'PORT', 0, 65535),
    seed: int(str('seed', 'SEED'), DEFAULTS.seed, 'SEED', 0, 2 ** 31 - 1),
    size: int(str('size', 'MOCK_SIZE'), DEFAULTS.size, 'MOCK_SIZE', 0, MAX_SIZE, MAX_SIZE_WHY),
    strict: values.strict === true || bool(env.MOCK_STRICT, 'MOCK_STRICT'),
    dataset: str('dataset', 'MOCK_DATASET') ?? null,
    stateFile: str('state-file', 'MOCK_STATE_FILE') ?? null,
    token: str('token', 'MOCK_TOKEN') ?? DEFAULTS.token,
    readonlyToken: str('readonly-token', 'MOCK_READONLY_TOKEN') ?? null,
    adminToken: str('admin-token', 'MOCK_ADMIN_TOKEN') ?? null,
    username: str('username', 'MOCK_USERNAME') ?? DEFAULTS.username,
    password: str('password', 'MOCK_PASSWORD') ?? DEFAULTS.password,
    webhookUrl: str('webhook-url', 'MOCK_WEBHOOK_URL') ?? null,
    webhookSecret: str('webhook-secret', 'MOCK_WEBHOOK_SECRET') ?? null,
    webhookAllow: list(str('webhook-allow', 'MOCK_WEBHOOK_ALLOW')) ?? [...DEFAULTS.webhookAllow],
    corsOrigins: list(str('cors-origins', 'MOCK_CORS_ORIGINS')),
    allowedHosts: list(str('allowed-hosts', 'MOCK_ALLOWED_HOSTS')),
    logLevel: logLevel as LogLevel,
    specDir: str('spec-dir', 'MOCK_SPEC_DIR') ?? DEFAULT_SPEC_DIR,
    spec: (values.spec as string[] | undefined) ?? list(env.MOCK_SPECS || undefined) ?? [],
    watch: values.watch === true || bool(env.MOCK_WATCH, 'MOCK_WATCH'),
  };
  checkDistinctTokens(config);
  for (const entry of config.corsOrigins ?? []) checkCorsOrigin(entry);
  return config;
}

/**
 * A browser's `Origin` is `scheme://host[:port]`, default port left out; an entry that cannot
 * equal one (`localhost:3000`, a path, `:443` on https) matched no request, so the page it was
 * meant for got no CORS headers and no word why. `*` stays the any-origin switch.
 */
function checkCorsOrigin(entry: string): void {
  if (entry === '*') return;
  if (entry === 'null') throw new ConfigError('MOCK_CORS_ORIGINS (--cors-origins): "null" is the Origin of sandboxed frames, files and redirects, which any page can send: it is not allowed');
  let origin: string | null = null;
  try {
    const url = new URL(entry);
    if (url.origin !== 'null') origin = url.origin;
    // An app's or extension's own scheme (`capacitor://localhost`, `chrome-extension://id`): the
    // URL standard gives it an opaque origin, but its webview sends `Origin` as written.
    else if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]+\/?$/i.test(entry) && url.host !== '') return;
  } catch {
    // Not a URL at all: the message below says what one looks like.
  }
  if (origin !== null && origin === entry.replace(/\/+$/, '').toLowerCase()) return;
  const hint = origin !== null ? `"${origin}"` : `"http://${entry.replace(/^\/+|\/+$/g, '')}"`;
  throw new ConfigError(`MOCK_CORS_ORIGINS (--cors-origins): "${entry}" is not an origin as a browser sends it (scheme://host[:port], no path, no default port), e.g. ${hint}`);
}

/**
 * Each token is one role (SECURITY.md): an admin token that is also an API token makes every API
 * client an administrator, and a read-only token equal to MOCK_TOKEN made MOCK_TOKEN read-only
 * (the later entry won), so such a start is refused. The message names variables, never values.
 */
export function checkDistinctTokens(config: Config): void {
  const same = (a: string | null, b: string | null) => a !== null && a === b;
  if (same(config.adminToken, config.token) || same(config.adminToken, config.readonlyToken)) {
    const other = same(config.adminToken, config.token) ? 'MOCK_TOKEN (--token)' : 'MOCK_READONLY_TOKEN (--readonly-token)';
    throw new ConfigError(`MOCK_ADMIN_TOKEN (--admin-token) must differ from ${other}: the admin token is not an API token`);
  }
  if (same(config.readonlyToken, config.token)) {
    throw new ConfigError('MOCK_READONLY_TOKEN (--readonly-token) must differ from MOCK_TOKEN (--token): one key cannot both write and be refused writes');
  }
}

/** True when `--help` was given. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

function int(text: string | undefined, fallback: number, name: string, min: number, max: number, why = ''): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}${why}; got "${text}"`);
  }
  return Number(text);
}

function bool(text: string | undefined, name: string): boolean {
  if (text === undefined || text === '') return false;
  if (/^(1|true|yes|on)$/i.test(text)) return true;
  if (/^(0|false|no|off)$/i.test(text)) return false;
  throw new ConfigError(`${name} must be true or false; got "${text}"`);
}

function list(text: string | undefined): string[] | null {
  if (text === undefined) return null;
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

/** A default config for tests and the embedded contract target: no environment read. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig([], {}), logLevel: 'silent', ...overrides };
}
