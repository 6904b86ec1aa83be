import { DOMAIN_OPERATIONS } from '../../src/spec/domain-operations.ts';
import { servedOperations } from '../../src/spec/served-operations.ts';
import { sharedSpecs } from './test-mock.ts';

/** How many operations of the built-in specs a domain handler serves (the banner's and health's count). */
export async function builtInDomainOperations(): Promise<number> {
  const { specs } = await sharedSpecs();
  return servedOperations(specs).filter((op) => DOMAIN_OPERATIONS.has(op.operationId)).length;
}

/** How many operations of the built-in specs the resource engine serves (reads and writes over domain-held resources). */
export async function builtInEngineOperations(): Promise<number> {
  const { specs } = await sharedSpecs();
  return servedOperations(specs).filter((op) => !DOMAIN_OPERATIONS.has(op.operationId)).length;
}
