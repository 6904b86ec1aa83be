import { describe, expect, it } from 'vitest';
import { channelOfRequest } from '../src/domain/channels/channel-scope.ts';
import { allImages } from '../src/domain/images/request-images.ts';
import { createTestMock } from './support/test-mock.ts';

/**
 * A request image's picture is a file in storage, served by its name: the one its `image` URL
 * carries (`181.png`). Another spelling of the number (`0181.png`) is another name and no file:
 * Django's media serving answers 404. The mock once served image 181 there too.
 */
describe('a request image file', () => {
  it('is served at the name its image URL carries, and at no other spelling of its number', async () => {
    const mock = await createTestMock({ size: 60 });
    const image = allImages(mock.store)[0]!;
    const channel = channelOfRequest(mock.store, mock.store.requests.get(image.cancellation_request)!);
    const answered = await mock.getJson(`/api/channel/${channel}/cancellation_request_images/${image.id}/`);
    const path = new URL(answered.image).pathname;
    expect(path).toBe(`/media/cancellation_request_images/${image.id}.png`);
    const served = await mock.request(path);
    expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/png']);
    for (const other of [`0${image.id}`, `00${image.id}`, `${image.id}.0`, `+${image.id}`]) {
      const res = await mock.request(`/media/cancellation_request_images/${other}.png`);
      expect([res.status, await res.json()], other).toEqual([404, { detail: 'Not found.', code: 'not_found' }]);
    }
    expect((await mock.request(`/media/cancellation_request_images/${image.id}.PNG`)).status).toBe(404);
  });
});
