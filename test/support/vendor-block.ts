import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The seeds' vendor text, kept verbatim in the repository (specs/vendor/README.md). */
const SEEDS = fileURLToPath(new URL('../../specs/vendor/', import.meta.url));

/** The vendor's published block under `heading` in seed 002, byte for byte. */
export function vendorBlock(heading: string): string {
  const file = readdirSync(SEEDS).find((f) => f.startsWith('002_'))!;
  const text = readFileSync(`${SEEDS}/${file}`, 'utf8');
  const at = text.indexOf(`## ${heading}`);
  const start = text.indexOf('```json\n', at) + '```json\n'.length;
  return text.slice(start, text.indexOf('\n```', start));
}
