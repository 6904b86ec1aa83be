import type { Mock } from '../build-mock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { prepareServedSpecs } from '../engine/served-specs.ts';
import { loadSpecs } from '../spec/load-specs.ts';
import { watchSpecs, type SpecWatch } from '../spec/watch-specs.ts';

/**
 * `serve --watch`: reloads the served documents when one is added or changed, one reload at a
 * time. A document that does not load, or that the app refuses, is logged and the documents
 * served before keep serving; the state is never touched by a refused reload.
 */
export function watchAndReload(mock: Mock, config: Config, logger: Logger): SpecWatch {
  let queue: Promise<void> = Promise.resolve();
  const reload = async () => {
    try {
      const { specs } = prepareServedSpecs(await loadSpecs(config.specDir, config.spec));
      const seeded = await mock.reload(specs);
      logger.info(
        `specs reloaded: ${mock.served.domain} operations by the domain, ${mock.served.engine} by the resource engine` +
          (seeded.length > 0 ? `; seeded ${seeded.join(', ')}` : ''),
      );
    } catch (err) {
      logger.error(`specs not reloaded, the previous documents keep serving: ${(err as Error).message.split('\n')[0]}`);
    }
  };
  logger.info(`watching ${config.specDir}${config.spec.length > 0 ? ` and ${config.spec.join(', ')}` : ''} for changed documents`);
  return watchSpecs(config.specDir, config.spec, () => {
    queue = queue.then(reload);
  });
}
