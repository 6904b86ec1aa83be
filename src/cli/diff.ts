import { parseArgs } from 'node:util';
import { SPEC_RULES, type SpecChange } from '../contracts/spec-change.ts';
import { diffSpecs, loadOpenApi } from '../contracts/spec-diff.ts';

export const DIFF_HELP = `Usage: omnitron-mock diff OLD NEW [options]

Compares two OpenAPI 3.0 documents (JSON or YAML; $refs to other files followed) and classifies
every change as breaking or not for a client written against OLD: a removed operation, field or
response; a field no longer always sent or newly nullable; a response enum value a client does
not know; a request that accepts less (narrowed type, removed enum value, new required field,
closed object, new required parameter); a changed operationId. New operations, fields,
parameters and statuses, and anything a client cannot notice, are not breaking.

Options:
  --format text|json  text (default): one line per change, breaking first; json: every change
  --breaking-only     list only the breaking changes
  -h, --help          this text

Exit codes: 0 nothing breaking; 1 a breaking change; 2 usage error or a document that cannot be read.
`;

export interface DiffIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: DiffIo = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };

/** `omnitron-mock diff OLD NEW`: returns the exit code, so tests run it in process. */
export async function runDiffCommand(argv: readonly string[], io: DiffIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv], allowPositionals: true, strict: true,
      options: { format: { type: 'string' }, 'breaking-only': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    return usage(io, (err as Error).message.split('\n')[0]!);
  }
  const { values, positionals } = parsed;
  if (values.help) return io.out(DIFF_HELP), 0;
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') return usage(io, `--format must be text or json; got "${format}"`);
  if (positionals.length !== 2) return usage(io, `give two documents, OLD and NEW (got ${positionals.length})`);
  let changes: SpecChange[];
  try {
    // Both read at once; when both fail, OLD's error is the one named, whichever failed first.
    const [before, after] = await Promise.allSettled(positionals.map((f) => loadOpenApi(f)));
    if (before!.status === 'rejected') throw before!.reason;
    if (after!.status === 'rejected') throw after!.reason;
    changes = diffSpecs(before!.value, after!.value);
  } catch (err) {
    return usage(io, (err as Error).message.split('\n')[0]!);
  }
  const shown = values['breaking-only'] ? changes.filter((c) => c.breaking) : changes;
  const breaking = changes.filter((c) => c.breaking).length;
  if (format === 'json') io.out(`${JSON.stringify({ old: positionals[0], new: positionals[1], breaking, changes: shown }, null, 2)}\n`);
  else io.out(textReport(shown, breaking, changes.length));
  return breaking > 0 ? 1 : 0;
}

function usage(io: DiffIo, message: string): number {
  io.err(`omnitron-mock diff: ${message}\n`);
  return 2;
}

function textReport(changes: readonly SpecChange[], breaking: number, total: number): string {
  const sorted = [...changes].sort((a, b) => Number(b.breaking) - Number(a.breaking));
  const lines = sorted.map((c) => {
    const why = c.correction ? ` [${c.correction}]` : '';
    return `${c.breaking ? 'BREAKING' : 'ok      '}  ${c.operation}  ${c.location}: ${c.message} (${SPEC_RULES[c.rule as keyof typeof SPEC_RULES].text})${why}`;
  });
  lines.push('', `${total} change${total === 1 ? '' : 's'}, ${breaking} breaking for a client.`);
  return `${lines.join('\n')}\n`;
}
