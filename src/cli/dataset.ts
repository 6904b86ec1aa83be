import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULTS } from '../config.ts';
import { readState } from '../persist/state-stream.ts';
import { storeToDataset, unwrittenChanges } from '../seed/dataset-export.ts';
import { seedGenerated } from '../seed/seed-base.ts';
import { emptyObserved } from '../state/store-views.ts';
import { createStore } from '../store/store.ts';

export const DATASET_HELP = `Usage: omnitron-mock dataset export --url URL [options]

Writes a running mock's state as a dataset (seeds/README.md), so a story clicked together in a
QA session can be kept and loaded again with --dataset. Every object the generator did not make
is written; generated ones are named by pk, so load the file on the same --seed and --size.
Changes to generated objects and generic collections' rows cannot be written: stderr names them.
Webhook subscriptions are written without their secret_key.

Options:
  --url URL           the running mock, e.g. http://127.0.0.1:4010
  --session NAME      export that session's state (X-Mock-Session) instead of the shared one
  --out FILE          write the dataset to FILE (default: standard output)
  --name NAME         the dataset's name (default: export)
  --admin-token KEY   the admin token, if the mock has one [MOCK_ADMIN_TOKEN]
  --token KEY         the API token, to read webhook subscriptions [MOCK_TOKEN] (default ${DEFAULTS.token})
  -h, --help          this text
`;

/** Expected failures: one line, exit 2. */
class UsageError extends Error {}

const FLAGS = {
  url: { type: 'string' }, session: { type: 'string' }, out: { type: 'string' }, name: { type: 'string' },
  'admin-token': { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

export interface ExportOptions {
  url: string;
  session?: string | undefined;
  name?: string | undefined;
  adminToken?: string | null | undefined;
  token?: string | undefined;
  /** How to reach the mock (tests pass `app.request`). */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Told, in one line, what the state holds that the dataset cannot say (the CLI: stderr). */
  warn?: (line: string) => void;
}

/** At most this many objects named in the warning, then a count. */
const NAMED_CHANGES = 10;

/** The dataset text (YAML) of the mock at `url`. */
export async function exportDataset(options: ExportOptions): Promise<string> {
  const call = options.fetch ?? ((url, init) => fetch(url, init));
  const base = options.url.replace(/\/+$/, '');
  const headers: Record<string, string> = {};
  if (options.session) headers['X-Mock-Session'] = options.session;
  if (options.adminToken) headers.Authorization = `Token ${options.adminToken}`;
  const res = await call(`${base}/__mock/state`, { headers });
  if (res.status !== 200 || !res.body)
    throw new UsageError(`GET ${base}/__mock/state answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const store = emptyObserved();
  const header = await readState(res.body as unknown as AsyncIterable<Uint8Array>, store);
  const generated = createStore();
  seedGenerated(generated, header.seed, header.size, Boolean(header.dataset));
  const unwritten = unwrittenChanges(store, generated);
  if (unwritten.length > 0 && options.warn) {
    const named = unwritten.slice(0, NAMED_CHANGES).join(', ');
    const more = unwritten.length > NAMED_CHANGES ? ` and ${unwritten.length - NAMED_CHANGES} more` : '';
    options.warn(`not written, a dataset cannot say them: changes to generated objects (${named}${more}); keep them with a --state-file or GET /__mock/state instead`);
  }
  if (store.engineRows.size > 0 && options.warn) {
    options.warn(`not written: ${store.engineRows.size} rows of generic collections (a dataset holds the cancellation family; the same --seed, --size and --spec make the generated rows again, but rows added or changed are not kept: use a --state-file or GET /__mock/state for them)`);
  }
  const name = options.name ?? 'export';
  const dataset = storeToDataset(store, generated.sequences, {
    name,
    description: `Exported from ${base}${options.session ? ` (session ${options.session})` : ''}; seed ${header.seed}, size ${header.size}.`,
  });
  const hooks = await call(`${base}/whisperer/hooks/?limit=1000`, {
    headers: { Authorization: `Token ${options.token ?? DEFAULTS.token}` },
  });
  if (hooks.status === 200) {
    const body = (await hooks.json()) as { results: Array<Record<string, unknown>> };
    // Secrets stay behind: no secret_key, no basic-auth password (the API masks both anyway).
    dataset.webhooks = body.results.reverse().map((h) => {
      const { auth: _auth, ...config } = (h.config ?? {}) as Record<string, unknown>;
      return {
        event_type: h.event_type, target_url: h.target_url, is_active: h.is_active,
        retry_countdown_config: h.retry_countdown_config, additional_headers: h.additional_headers, config,
      };
    });
  }
  // The schema path holds for a file kept in seeds/, where --dataset NAME finds it.
  const note = `# yaml-language-server: $schema=./dataset.schema.json\n# Load on --seed ${header.seed} --size ${header.size}: omnitron-mock --seed ${header.seed} --size ${header.size} --dataset FILE\n`;
  // Loaded here, not at the top: every command shares one bundle, and `serve` needs no YAML writer.
  const { stringify } = await import('yaml');
  return note + stringify(dataset, { lineWidth: 0 });
}

/** `omnitron-mock dataset export …`: answers the exit code. */
export async function runDatasetCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  try {
    const [sub, ...rest] = argv;
    if (sub === '--help' || sub === '-h') {
      process.stdout.write(DATASET_HELP);
      return 0;
    }
    // No command is a usage error, as `diff` with no documents is: one line, exit 2.
    if (sub === undefined) throw new UsageError('give a command: export (omnitron-mock dataset --help)');
    if (sub !== 'export') throw new UsageError(`unknown dataset command "${sub}" (try: export)`);
    let values: Record<string, string | boolean | undefined>;
    try {
      values = parseArgs({ args: [...rest], options: FLAGS, strict: true, allowPositionals: false }).values;
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    if (values.help) {
      process.stdout.write(DATASET_HELP);
      return 0;
    }
    if (typeof values.url !== 'string') throw new UsageError('--url is required (the running mock, e.g. http://127.0.0.1:4010)');
    const text = await exportDataset({
      url: values.url,
      session: values.session as string | undefined,
      name: values.name as string | undefined,
      adminToken: (values['admin-token'] as string | undefined) ?? env.MOCK_ADMIN_TOKEN ?? null,
      token: (values.token as string | undefined) ?? env.MOCK_TOKEN ?? DEFAULTS.token,
      warn: (line) => process.stderr.write(`omnitron-mock dataset: ${line}\n`),
    });
    if (typeof values.out === 'string') writeFileSync(values.out, text);
    else process.stdout.write(text);
    return 0;
  } catch (err) {
    process.stderr.write(`omnitron-mock dataset: ${(err as Error).message}\n`);
    return 2;
  }
}
