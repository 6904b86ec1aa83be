import { ConfigError, wantsHelp } from '../config.ts';
import { runContractCommand } from './contract.ts';
import { runDiffCommand } from './diff.ts';
import { runDatasetCommand } from './dataset.ts';
import { runReceiveCommand } from './receive.ts';
import { runRecordCommand } from './record.ts';
import { runServe, SERVE_HELP } from './serve.ts';

const USAGE = `Usage: omnitron-mock <command> [options]

Commands:
  serve      serve the mock (default)
  contract   replay the contract scenarios against the mock and a live target
  record     a recording proxy: real traffic in, contract scenarios out
  diff       classify the changes between two OpenAPI documents as breaking or not for a client
  receive    a local webhook receiver: checks signatures and the event schema, logs events
  dataset    dataset export: a running mock's state as a dataset file (seeds/README.md)

Run "omnitron-mock <command> --help" for a command's options.
`;

/** The thin entry point: pick the command, run it, turn expected failures into one line. */
async function main(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  const command = first === undefined || first.startsWith('-') ? 'serve' : first;
  const args = command === first ? rest : argv;
  if (command === 'help' || (command === 'serve' && first !== undefined && wantsHelp([first]) && rest.length === 0)) {
    return void process.stdout.write(USAGE);
  }
  if (command === 'contract') return void (process.exitCode = await runContractCommand(args, process.env));
  if (command === 'record') return void (process.exitCode = await runRecordCommand(args));
  if (command === 'diff') return void (process.exitCode = await runDiffCommand(args));
  if (command === 'receive') return void (process.exitCode = await runReceiveCommand(args, process.env));
  if (command === 'dataset') return void (process.exitCode = await runDatasetCommand(args, process.env));
  if (command !== 'serve') throw new ConfigError(`unknown command "${command}" (try: serve, contract, record, receive, diff, dataset)`);
  if (wantsHelp(args)) return void process.stdout.write(SERVE_HELP);
  await runServe(args, process.env);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') process.stderr.write(`omnitron-mock: port already in use (${e.message})\n`);
  else process.stderr.write(`omnitron-mock: ${e.message}\n`);
  process.exit(2);
});
