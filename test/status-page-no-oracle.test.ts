import { afterAll, beforeAll, expect, it } from 'vitest';
import { rawRequest } from './support/raw-http.ts';
import { servedMock } from './support/served-mock.ts';

// rev-qa5 (nineteenth session): the page needs no token, so masking what merely *begins* a secret
// before a `…` (as the log scrubber does for a clipped value) answered a guesser "yes, it starts
// so": an admin token was recovered in 23 requests. The page masks whole secrets only.
let port: number;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ port, close } = await servedMock({ adminToken: 'admin-secret-3' }));
}, 60_000);
afterAll(() => close());

it('shows a guessed start of a secret as it shows any other guess, and still masks the whole secret', async () => {
  // A dot segment is logged decoded, so %E2%80%A6 reaches the page as '…'.
  await rawRequest(port, { path: '/api/v1/../admin-s%E2%80%A6/zzzzzzz%E2%80%A6/' });
  await rawRequest(port, { path: '/api/v1/../admin-secret-3/' });
  const page = (await rawRequest(port, { path: '/__mock/' })).body;
  expect(page).toContain('/api/v1/../admin-s…/zzzzzzz…/');
  expect(page).not.toContain('admin-secret-3');
  expect(page).toContain('/api/v1/../********/');
});
