import { DatasetError, type Dataset } from '../seed/dataset-types.ts';
import { TOKEN_USER_PK } from '../http/tokens.ts';
import { readSubscriptionInput } from './subscription-input.ts';
import type { SubscriptionRegistry } from './subscriptions.ts';

/**
 * The webhook subscriptions a dataset names, read as `POST /whisperer/hooks/` reads a body (the
 * allow-list included) and owned by the full token's user. With `check`, only read: a bad one
 * throws a `DatasetError` naming the file, the line and the object, before anything is loaded.
 * A subscription already registered (same user, URL and event type) is left as it is, so
 * loading a dataset again adds nothing twice.
 */
export function subscribeDataset(
  registry: SubscriptionRegistry,
  dataset: Dataset,
  allow: readonly string[],
  check: boolean,
): void {
  for (const hook of dataset.webhooks) {
    const read = readSubscriptionInput(hook.body, allow);
    if (!read.ok) {
      const detail = read.error.kind === 'field' ? Object.entries(read.error.errors).map(([f, m]) => `${f}: ${JSON.stringify(m)}`).join('; ') : 'invalid';
      throw new DatasetError(`${hook.where}: ${hook.label}: ${detail}`);
    }
    if (!check) registry.create(TOKEN_USER_PK, read.value);
  }
}
