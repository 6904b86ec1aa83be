import type { Operation } from '../spec/load-specs.ts';
import type { Store } from '../store/store.ts';

/** Who made a request, once the token is known. */
export interface Principal {
  /** The user whose pk is stamped as `created_by`/`last_updated_by`. */
  userPk: number;
  /** `readonly` tokens may read everything and mutate nothing (DOMAIN.md §1). */
  role: 'full' | 'readonly';
}

/** Hono's context variables, set by the middleware that owns each. */
export type AppEnv = {
  Variables: {
    /** The served operation this request matched; unset for unrouted answers. */
    operation: Operation;
    principal: Principal;
    requestId: string;
    /**
     * The state this request reads and writes. Handlers take it from here, never from a
     * closure, so that per-caller state (sessions, issue #10) needs no handler changes.
     */
    store: Store;
  };
};
