import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { appendProblem } from './check-output.ts';
import { DEFAULT_SPEC_DIR } from '../spec/load-specs.ts';
import { loadEventValidator } from '../webhooks/event-schema.ts';
import { startReceiver } from '../webhooks/receiver.ts';
import { signalled } from './signalled.ts';

export const RECEIVE_HELP = `Usage: omnitron-mock receive [options]   (npm run receive -- …)

A local webhook receiver for cancellation_plan.created, for the mock or a live Omnitron. For
each delivery it checks the signature (when --secret is given), validates the event against
the served schema (specs/webhooks.openapi.yaml), prints one line, and appends each new event
(by its uuid) to --out as one JSON line.

Options:
  --port N            port to listen on (default 4012; 0 picks a free one)
  --host HOST         interface to listen on (default 127.0.0.1; 0.0.0.0 to take deliveries
                      from another machine or a tunnel)
  --secret KEY        the subscription's secret_key: deliveries without a valid
                      X-Whisperer-Signature get 401 [MOCK_WEBHOOK_SECRET]
  --out FILE          append each new event to FILE (NDJSON; repeats of a uuid are not appended)
  --spec-dir DIR      served OpenAPI documents (default: the package's specs/)
  -h, --help          this text

Answers: 200 for every signed-right JSON body — a schema failure too (it is printed; a 4xx would
only make Omnitron retry the same bytes); 401 for a missing or wrong signature; 400 for a body
that is not JSON. Subscribe it with the mock's quick path:
  omnitron-mock receive --secret s3cret &
  MOCK_WEBHOOK_SECRET=s3cret omnitron-mock serve --webhook-url http://127.0.0.1:4012/
or with POST /whisperer/hooks/ {"event_type": "cancellation_plan.created", "target_url": …}.
`;

/** Expected failures: printed as one line, exit 2. */
class UsageError extends Error {}

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  secret: { type: 'string' },
  out: { type: 'string' },
  'spec-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface ReceiveIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: ReceiveIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

/**
 * `omnitron-mock receive`: listens until `until` settles (by default SIGINT or SIGTERM) and
 * returns the exit code, so tests run it in process. The secret is never printed.
 */
export async function runReceiveCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
  io: ReceiveIo = processIo,
  until?: Promise<unknown>,
  onListening?: (url: string) => void,
): Promise<number> {
  let options;
  try {
    options = parse(argv, env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`omnitron-mock receive: ${err.message}\n`);
    return 2;
  }
  if (options === 'help') return (io.out(RECEIVE_HELP), 0);
  const validate = await loadEventValidator(options.specDir);
  let receiver;
  try {
    receiver = await startReceiver({ ...options, validate, onLine: (line) => io.out(`${line}\n`) });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code !== 'EADDRINUSE' && e.code !== 'EACCES') throw err;
    io.err(`omnitron-mock receive: cannot listen on port ${options.port} (${e.code})\n`);
    return 2;
  }
  // Listened for before "listening" is written: a signal sent on reading it must find the handler.
  const stopped = until ?? signalled();
  io.out(
    `omnitron-mock receive: listening on ${receiver.url} (${options.secret ? 'signatures checked' : 'signatures not checked'})${options.outFile ? `, new events appended to ${options.outFile}` : ''}\n`,
  );
  onListening?.(receiver.url);
  const reason = await stopped;
  await receiver.close();
  const s = receiver.stats;
  io.out(
    `omnitron-mock receive: ${typeof reason === 'string' ? `${reason}, ` : ''}${s.received} received, ${s.accepted} accepted (${s.repeats} repeats, ${s.invalid} failing the schema), ${s.badSignature} with a bad signature\n`,
  );
  return 0;
}

function parse(argv: readonly string[], env: Readonly<Record<string, string | undefined>>) {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: FLAGS,
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
  if (values.help) return 'help' as const;
  const portText = (values.port as string | undefined) ?? '4012';
  if (!/^\d+$/.test(portText) || Number(portText) > 65535)
    throw new UsageError(`--port must be a whole number from 0 to 65535; got "${portText}"`);
  const secret = (values.secret as string | undefined) ?? env.MOCK_WEBHOOK_SECRET;
  const out = values.out as string | undefined;
  const outFile = out === undefined ? null : resolve(out);
  const outProblem = outFile === null ? null : appendProblem(outFile);
  if (outProblem !== null) throw new UsageError(`cannot append to --out ${outFile} (${outProblem})`);
  return {
    port: Number(portText),
    host: (values.host as string | undefined) ?? '127.0.0.1',
    secret: secret === undefined || secret === '' ? null : secret,
    outFile,
    specDir: (values['spec-dir'] as string | undefined) ?? DEFAULT_SPEC_DIR,
  };
}
