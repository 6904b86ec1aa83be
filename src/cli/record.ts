import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { folderProblem } from './check-output.ts';
import { startRecording } from '../record/start-recording.ts';
import { signalled } from './signalled.ts';

export const RECORD_HELP = `Usage: omnitron-mock record --target URL --out DIR [options]   (npm run record -- …)

A recording proxy on 127.0.0.1: point a browser, curl or a frontend dev server at it. It
forwards every request to the target unchanged and writes what went through as contract
scenarios (contracts/README.md), secrets and personal data replaced by typed placeholders and
ids captured from earlier answers, so "npm run contract -- --scenarios DIR" replays them.

Options:
  --target URL        where requests go (the mock, a staging Omnitron, …); required
  --out DIR           where scenario files are written (made if missing); required
  --port N            the proxy's port (default 4011; 0 picks a free one)
  --gap SECONDS       a pause this long closes a scenario and writes it (default 30)
  --group-by KIND     without an X-Record-Session header: "token" (one session per
                      Authorization value; a login joins the token it answers) or "none"
                      (default token)
  --paths PREFIX      record only paths under PREFIX; the rest is forwarded (default /api/)
  --header NAME       also record this request header, redacted (repeatable)
  --max-steps N       a scenario closes at N steps (default 100)
  --max-body BYTES    bodies longer than this are forwarded but not recorded (default 1048576)
  --timeout SECONDS   how long the target may stay silent on one request (default 120)
  -h, --help          this text

A client names its session with the X-Record-Session header (not forwarded). Scenarios are
written when they close, and all of them on Ctrl-C (SIGINT) or SIGTERM.
`;

/** Expected failures: printed as one line, exit 2. */
class UsageError extends Error {}

const FLAGS = {
  target: { type: 'string' }, out: { type: 'string' }, port: { type: 'string' }, gap: { type: 'string' },
  'group-by': { type: 'string' }, paths: { type: 'string' }, header: { type: 'string', multiple: true },
  'max-steps': { type: 'string' }, 'max-body': { type: 'string' }, timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface RecordIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: RecordIo = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };

/**
 * `omnitron-mock record`: records until `until` settles (by default SIGINT or SIGTERM), writes
 * every open scenario, and returns the exit code, so tests run it in process. Usage errors and a
 * port in use are one line on stderr and exit 2.
 */
export async function runRecordCommand(argv: readonly string[], io: RecordIo = processIo, until?: Promise<unknown>): Promise<number> {
  let options;
  try {
    options = parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`omnitron-mock record: ${err.message}\n`);
    return 2;
  }
  if (options === 'help') return io.out(RECORD_HELP), 0;
  let recording;
  try {
    recording = await startRecording({ ...options, onLine: (line) => io.out(`${line}\n`) });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code !== 'EADDRINUSE' && e.code !== 'EACCES') throw err;
    io.err(`omnitron-mock record: cannot listen on port ${options.port} (${e.code})\n`);
    return 2;
  }
  // Listened for before the banner is written: a signal sent on reading it must find the handler.
  const stopped = until ?? signalled();
  io.out(`omnitron-mock record: ${recording.url} → ${options.target.origin}${options.target.pathname.replace(/\/$/, '')}, recording ${options.pathPrefix}… into ${options.outDir}\n`);
  const reason = await stopped;
  io.out(`omnitron-mock record: ${typeof reason === 'string' ? `${reason}, ` : ''}writing open scenarios\n`);
  const written = await recording.stop();
  io.out(`omnitron-mock record: ${written.length} scenario file${written.length === 1 ? '' : 's'} written\n`);
  return written.some((w) => w.problems.length > 0) ? 1 : 0;
}

function parse(argv: readonly string[]) {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
  if (values.help) return 'help' as const;
  if (!values.target) throw new UsageError('--target URL is required (where requests go)');
  if (!values.out) throw new UsageError('--out DIR is required (where scenario files go)');
  let target: URL;
  try {
    target = new URL(values.target as string);
  } catch {
    throw new UsageError(`--target must be an http(s) URL; got "${values.target}"`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new UsageError(`--target must be an http(s) URL; got "${values.target}"`);
  if (target.username || target.password) throw new UsageError('--target must not carry credentials: the client sends its own');
  if (target.search || target.hash) throw new UsageError('--target is a base URL: no query or fragment');
  const groupBy = (values['group-by'] as string | undefined) ?? 'token';
  if (groupBy !== 'token' && groupBy !== 'none') throw new UsageError(`--group-by must be token or none; got "${groupBy}"`);
  const pathPrefix = (values.paths as string | undefined) ?? '/api/';
  if (!pathPrefix.startsWith('/')) throw new UsageError(`--paths must start with /; got "${pathPrefix}"`);
  const options = {
    target,
    outDir: resolve(values.out as string),
    port: int(values.port, '--port', 4011, 0, 65535),
    gapMs: num(values.gap, '--gap', 30) * 1000,
    groupBy: groupBy as 'token' | 'none',
    pathPrefix,
    keepHeaders: ((values.header as string[] | undefined) ?? []).map((h) => h.toLowerCase()),
    maxSteps: int(values['max-steps'], '--max-steps', 100, 1, 10_000),
    maxBodyBytes: int(values['max-body'], '--max-body', 1024 * 1024, 0, 1024 ** 3),
    timeoutMs: num(values.timeout, '--timeout', 120) * 1000,
  };
  // Last, once every flag is read: a refused flag must not leave a folder behind.
  const outProblem = folderProblem(options.outDir);
  if (outProblem !== null) throw new UsageError(`cannot write scenarios to --out ${options.outDir} (${outProblem})`);
  return options;
}

function int(text: unknown, flag: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(String(text)) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}; got "${text}"`);
  return n;
}

function num(text: unknown, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (String(text).trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number of seconds; got "${text}"`);
  return n;
}
