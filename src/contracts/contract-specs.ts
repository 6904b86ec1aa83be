import { DEFAULT_SPEC_DIR, loadSpecs, type LoadedSpecs } from '../spec/load-specs.ts';
import { createResponseChecker, type ResponseChecker } from '../spec/response-checker.ts';
import { loadUnroutedSchema } from '../spec/unrouted-schema.ts';

export interface ContractSpecs {
  specs: LoadedSpecs;
  checker: ResponseChecker;
}

const loaded = new Map<string, Promise<ContractSpecs>>();

/**
 * The served specs and the response checker, built exactly as `buildMock` builds them, so the
 * harness judges answers by the same rules the mock's self-check does. Loaded (and the
 * validators compiled) once per process and spec directory: never per scenario or step.
 */
export function loadContractSpecs(specDir: string = DEFAULT_SPEC_DIR): Promise<ContractSpecs> {
  let pending = loaded.get(specDir);
  if (!pending) {
    pending = (async () => {
      const specs = await loadSpecs(specDir);
      return { specs, checker: createResponseChecker(specs, await loadUnroutedSchema(specDir)) };
    })();
    pending.catch(() => loaded.delete(specDir));
    loaded.set(specDir, pending);
  }
  return pending;
}
