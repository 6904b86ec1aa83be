import type { AddressInfo } from 'node:net';
import { buildMock } from '../build-mock.ts';
import { DEFAULTS, loadConfig } from '../config.ts';
import { serveApp } from '../http/serve-app.ts';
import { secretScrubber, secretsOf } from '../log-secrets.ts';
import { createLogger } from '../logger.ts';
import { watchAndReload } from './watch-reload.ts';
import { redactUrl } from '../webhooks/serialize-subscription.ts';

export const SERVE_HELP = `Usage: omnitron-mock serve [options]   (npm start -- [options])

Serves the Omnitron cancellation API mock.

Options (each also read from the environment variable in brackets; a flag wins):
  --host HOST              interface to listen on [HOST] (default ${DEFAULTS.host})
  --port N                 port [PORT] (default ${DEFAULTS.port})
  --seed N                 faker seed [SEED] (default ${DEFAULTS.seed})
  --size N                 number of seeded cancellation plans [MOCK_SIZE] (default ${DEFAULTS.size})
  --dataset NAME|PATH      load a dataset of seeds/ (or a file) on top of the seed; with
                           --size 0, alone [MOCK_DATASET] (default: none)
  --strict                 refuse unknown query parameters; replace responses that fail the
                           spec self-check with a 500 [MOCK_STRICT]
  --token KEY              API token [MOCK_TOKEN] (default ${DEFAULTS.token})
  --readonly-token KEY     read-only API token [MOCK_READONLY_TOKEN] (default: none)
  --admin-token KEY        token for /__mock/ admin routes [MOCK_ADMIN_TOKEN] (default: loopback only)
  --state-file PATH        keep the state in PATH across restarts (journal + snapshots; SIGTERM
                           flushes) [MOCK_STATE_FILE] (default: memory only)
  --username NAME          login username [MOCK_USERNAME] (default ${DEFAULTS.username})
  --password PASS          login password [MOCK_PASSWORD] (default ${DEFAULTS.password})
  --webhook-url URL        deliver events to URL [MOCK_WEBHOOK_URL] (default: none)
  --webhook-secret KEY     sign deliveries with KEY [MOCK_WEBHOOK_SECRET] (default: none)
  --webhook-allow HOSTS    comma list of hosts webhooks may target [MOCK_WEBHOOK_ALLOW]
                           (default ${DEFAULTS.webhookAllow.join(',')})
  --cors-origins LIST      comma list of origins browsers may call from, or * for any (then
                           without credentials) [MOCK_CORS_ORIGINS] (default: any http(s)
                           origin on localhost, 127.0.0.1 or [::1])
  --allowed-hosts LIST     comma list of Host names (any port) to answer besides loopback ones,
                           .name for a domain, * for any [MOCK_ALLOWED_HOSTS] (default: loopback
                           names when HOST is loopback, any name otherwise)
  --log-level LEVEL        silent|error|warn|info|debug [LOG_LEVEL] (default ${DEFAULTS.logLevel});
                           one line per request at info, nothing at all when silent
  --spec-dir DIR           served OpenAPI documents [MOCK_SPEC_DIR] (default: the package's specs/)
  --spec FILE              one more OpenAPI document to serve beside them; repeatable
                           [MOCK_SPECS] (a comma list)
  --watch                  reload the spec directory and the --spec files when a document is
                           added or changed, keeping the state; a broken one is refused and
                           logged [MOCK_WATCH]
  -h, --help               this text
`;

/** `omnitron-mock serve`: seed, build, listen, print the banner; close cleanly on SIGTERM/SIGINT. */
export async function runServe(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const config = loadConfig(argv, env);
  // Every line is scrubbed of the operator's secrets (a client may send a token in a query).
  const scrub = secretScrubber(secretsOf(config));
  const logger = createLogger(config.logLevel, (line) => process.stderr.write(`${scrub(line)}\n`));
  const started = performance.now();
  const mock = await buildMock(config, { logger, start: false });
  // Header size, slow-client timeouts (README "Limits"); early and Node's own answers as JSON.
  // Through `mock.app` on each request: `--watch` swaps the app in place (issue 20).
  const server = serveApp({ fetch: (req, env) => mock.app.fetch(req, env), hostname: config.host, port: config.port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch(async (err: unknown) => {
    // Not listening (a busy port): the state file's lock and a snapshot begun are let go first,
    // so the next start finds the folder as this one did.
    await mock.webhooks.close().then(() => mock.admin.close()).catch(() => undefined);
    throw err;
  });
  // Listening: now the mock's own work starts (a busy port stopped start-up before any of it).
  mock.start();
  // The port listened on: `--port 0` asks the system for a free one, and the banner names it.
  const port = (server.address() as AddressInfo | null)?.port ?? config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const s = mock.summary;
  const tokenShown = config.token === DEFAULTS.token ? config.token : '(set by MOCK_TOKEN)';
  // The handlers go in before the banner: a SIGTERM sent on reading "listening" must find them
  // (before them, Node's default action ends the process at once, with no pending write made).
  let watching: ReturnType<typeof watchAndReload> | null = null;
  let closing = false;
  const close = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info(`${signal} received, closing`);
    watching?.close();
    // The state file's pending changes are written once in-flight requests are done (or after 5 s).
    let exiting = false;
    const exit = () => {
      if (exiting) return;
      exiting = true;
      // Pending webhook retries end `cancelled`; nothing more is sent once closing starts.
      mock.webhooks.close().then(() => mock.admin.close()).then(
        () => process.exit(0),
        (err: Error) => {
          logger.error(`state file: could not write pending changes: ${err.message}`);
          process.exit(1);
        },
      );
    };
    server.close(exit);
    // Keep-alive sockets would hold close() open: end idle ones now, and give up after 5 s.
    (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    setTimeout(exit, 5000).unref();
  };
  process.once('SIGTERM', () => close('SIGTERM'));
  process.once('SIGINT', () => close('SIGINT'));
  if (config.logLevel !== 'silent') {
    process.stdout.write(
      [
        `omnitron-mock listening on ${url}  (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
        `  docs      ${url}/docs  (API reference; try requests from the browser)`,
        `  API       ${url}/api/v1/cancellation_plans/`,
        `  token     Authorization: Token ${tokenShown}`,
        `  seed      ${mock.admin.state.header().seed}${mock.admin.state.header().dataset ? `, dataset ${mock.admin.state.header().dataset}` : ''}${config.strict ? '  (strict)' : ''}`,
        `  objects   ${s.plans} plans, ${s.requests} requests, ${s.orders} orders, ${s.orderItems} order items, ${s.customers} customers, ${s.products} products`,
        `  served    ${mock.served.domain} operations by the domain, ${mock.served.engine} by the resource engine`,
        `  status    ${url}/__mock/  (counts, recent requests, sessions, faults)`,
        `  health    ${url}/__mock/health`,
        `  admin     ${url}/__mock/ (reset, state, requests, sessions, faults, clock, fixtures)${config.stateFile ? `; state file ${config.stateFile}` : ''}`,
        // The target without user info or query values, and never the secret (DOMAIN.md §1).
        `  webhooks  ${config.webhookUrl ? `cancellation_plan.created → ${redactUrl(config.webhookUrl)} (${config.webhookSecret ? 'signed' : 'unsigned'}); ` : ''}subscribe at ${url}/whisperer/hooks/, log at ${url}/__mock/webhooks/deliveries`,
        '',
      ].join('\n'),
    );
  }
  watching = config.watch ? watchAndReload(mock, config, logger) : null;
}
