/**
 * A bulk replacement (reset, reseed, import) whose snapshot could not be written: the state was
 * left as it was. The durable-write middleware answers it 503 `state_not_saved`.
 */
export class StateNotSavedError extends Error {
  override name = 'StateNotSavedError';
}
