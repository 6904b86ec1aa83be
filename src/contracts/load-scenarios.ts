import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from './scenario.ts';
import { validateScenario } from './validate-scenario.ts';

/** The package's own corpus: `contracts/`. */
export const DEFAULT_SCENARIO_DIR = resolve(fileURLToPath(new URL('../../contracts', import.meta.url)));

/** The scenario directory cannot be used: a usage error (exit 2), one line naming every problem. */
export class ScenarioError extends Error {}

/**
 * Reads every `*.json` file under `dir` (sub-folders too, sorted, so runs are reproducible) and
 * validates it. Any problem in any file stops the load, with every problem listed by file.
 */
export function loadScenarios(dir: string = DEFAULT_SCENARIO_DIR): Scenario[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ScenarioError(`scenario directory ${dir} does not exist`);
  const files = listJson(dir);
  if (files.length === 0) throw new ScenarioError(`no scenario files (*.json) in ${dir}`);
  const scenarios: Scenario[] = [];
  const problems: string[] = [];
  const ids = new Map<string, string>();
  for (const path of files) {
    const file = relative(dir, path);
    const id = file.replace(/\\/g, '/').replace(/\.json$/, '');
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      problems.push(`${file}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    const result = validateScenario(raw, id, file);
    problems.push(...result.problems.map((p) => `${file}: ${p}`));
    if (!result.scenario) continue;
    const other = ids.get(id);
    if (other) problems.push(`${file}: id ${id} is also ${other}`);
    ids.set(id, file);
    scenarios.push(result.scenario);
  }
  if (problems.length > 0) throw new ScenarioError(`invalid scenarios: ${problems.join('; ')}`);
  return scenarios;
}

function listJson(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listJson(path));
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(path);
  }
  return out;
}

/**
 * `--only PATTERN`: a glob (`*` matches anything) or, without `*`, a substring, matched without
 * case against the scenario id and the operation ids its steps call. Several patterns may be
 * given separated by commas.
 */
export function matchesOnly(pattern: string, scenario: Scenario, operationIds: readonly string[]): boolean {
  const candidates = [scenario.id, ...operationIds].map((s) => s.toLowerCase());
  return pattern.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean).some((p) => {
    if (!p.includes('*')) return candidates.some((c) => c.includes(p));
    const re = new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return candidates.some((c) => re.test(c));
  });
}
