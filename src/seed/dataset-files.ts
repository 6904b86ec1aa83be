import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative, resolve } from 'node:path';
import { readDataset } from './dataset-read.ts';
import { DatasetError, type Dataset } from './dataset-types.ts';

/** The package's `seeds/` folder: where `--dataset NAME` and `POST /__mock/reseed` look. */
export const DATASET_DIR = fileURLToPath(new URL('../../seeds/', import.meta.url));

/** What a dataset name may be: a file name in the dataset folder, without its extension. */
export const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** The file of dataset `name` in `dir`, or null when there is none. */
export function datasetFileOf(name: string, dir = DATASET_DIR): string | null {
  if (!DATASET_NAME.test(name)) return null;
  for (const ext of EXTENSIONS) {
    const file = join(dir, `${name}${ext}`);
    if (existsSync(file)) return file;
  }
  return null;
}

/** The names of the datasets in `dir` (for messages). */
export function datasetNames(dir = DATASET_DIR): string[] {
  const names = readdirSync(dir)
    .filter((f) => EXTENSIONS.some((ext) => f.endsWith(ext)) && !f.endsWith('.schema.json'))
    .map((f) => f.slice(0, f.lastIndexOf('.')));
  return [...new Set(names)].filter((n) => DATASET_NAME.test(n)).sort();
}

/**
 * `--dataset NAME|PATH`: a bare name is looked up in the dataset folder; anything with a path
 * separator or an extension is a file path. Throws a `DatasetError` (one line) when it cannot be
 * read or does not hold a valid dataset.
 */
export function readDatasetArgument(nameOrPath: string, dir = DATASET_DIR): Dataset {
  const isName = DATASET_NAME.test(nameOrPath);
  const file = isName ? datasetFileOf(nameOrPath, dir) : resolve(nameOrPath);
  if (file === null || !existsSync(file))
    throw new DatasetError(
      isName
        ? `dataset "${nameOrPath}": no ${nameOrPath}.yaml, .yml or .json in ${dir}`
        : `dataset ${nameOrPath}: no such file`,
    );
  return readDatasetFile(file, nameOrPath);
}

/** Reads and checks one dataset file. */
export function readDatasetFile(file: string, name: string): Dataset {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DatasetError(`dataset ${file}: ${(err as Error).message}`);
  }
  const shown = relative(process.cwd(), file);
  return readDataset(text, shown.startsWith('..') ? file : shown, name);
}
