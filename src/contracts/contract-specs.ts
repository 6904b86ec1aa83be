import { prepareServedSpecs } from '../engine/served-specs.ts';
import { DEFAULT_SPEC_DIR, loadSpecs, type LoadedSpecs } from '../spec/load-specs.ts';
import { createResponseChecker, type ResponseChecker } from '../spec/response-checker.ts';
import { loadUnroutedSchema } from '../spec/unrouted-schema.ts';

export interface ContractSpecs {
  specs: LoadedSpecs;
  checker: ResponseChecker;
}

const loaded = new Map<string, Promise<ContractSpecs>>();

/**
 * The served specs and the response checker, built exactly as `buildMock` builds them (one
 * `prepareServedSpecs`, then the checker), so the
 * harness judges answers by the same rules the mock's self-check does. Loaded (and the
 * validators compiled) once per process, spec directory and `--spec` documents: never per
 * scenario or step.
 */
export function loadContractSpecs(specDir: string = DEFAULT_SPEC_DIR, extra: readonly string[] = []): Promise<ContractSpecs> {
  const key = [specDir, ...extra].join('\n');
  let pending = loaded.get(key);
  if (!pending) {
    pending = (async () => {
      // Prepared as `serve` prepares them (the engine's corrections, its 405s and the write budget's
      // 507) before the checker is built from them, so an answer the mock may give is documented.
      const { specs } = prepareServedSpecs(await loadSpecs(specDir, extra));
      return { specs, checker: createResponseChecker(specs, await loadUnroutedSchema(specDir)) };
    })();
    pending.catch(() => loaded.delete(key));
    loaded.set(key, pending);
  }
  return pending;
}
