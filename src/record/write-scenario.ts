import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { validateScenario } from '../contracts/validate-scenario.ts';
import type { ClosedScenario } from './scenario-recorder.ts';

/** What was written: the file, and any problem the harness's own loader finds in it. */
export interface WrittenScenario {
  file: string;
  steps: number;
  problems: string[];
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/**
 * Writes one recorded scenario as `rec-<date>-<time>-<n>-<session>.json` in the output directory
 * (names sort in the order scenarios started, which is the order the harness replays them in)
 * — made if missing; an existing file is never overwritten — through a temporary file and a
 * rename, so `npm run contract` never reads half a file. The scenario is checked with the
 * harness's own validator first: one it would refuse goes to `<file>.invalid` instead (the
 * loader reads only `*.json`, and one bad file stops a whole run) and its problems are reported.
 */
export function writeRecordedScenario(dir: string, scenario: ClosedScenario, source: string): WrittenScenario {
  mkdirSync(dir, { recursive: true });
  const base = `rec-${stamp(scenario.startedAt)}-${String(scenario.number).padStart(3, '0')}-${scenario.slug}`;
  let file = join(dir, `${base}.json`);
  for (let n = 2; existsSync(file); n++) file = join(dir, `${base}-${n}.json`);
  const steps = scenario.steps.length;
  const first = scenario.steps[0]!.request;
  const json = {
    name: `Recorded ${scenario.label}: ${first.method} ${first.path}${steps > 1 ? ` and ${steps - 1} more step${steps > 2 ? 's' : ''}` : ''}`,
    description: `Recorded by omnitron-mock record from ${source} at ${scenario.startedAt.toISOString()}. `
      + '{{secret_…}} placeholders replay as synthetic values of their kind (or the run\'s own token and login); captured ids are read from each side\'s own answers.',
    steps: scenario.steps,
  };
  const id = basename(file).replace(/\.json$/, '');
  const { problems } = validateScenario(JSON.parse(JSON.stringify(json)), id, basename(file));
  if (problems.length > 0) file = `${file}.invalid`;
  const temporary = `${file}.partial`;
  writeFileSync(temporary, `${JSON.stringify(json, null, 2)}\n`);
  renameSync(temporary, file);
  return { file, steps, problems };
}
