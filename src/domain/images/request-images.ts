import { deflateSync, crc32 } from 'node:zlib';
import type { Store } from '../../store/store.ts';
import type { CancellationRequest } from '../../store/types.ts';

/**
 * Cancellation request images (apidocs.akinon.com/omnitron-openapis/
 * saleschannelcancellationrequestimage: `id, cancellation_request, image, description,
 * attributes, uploaded_by, created_date, modified_date`). The vendor publishes only reads, so
 * images are derived from the requests rather than stored: every third refund request has one
 * or two photos of the returned item, dated with the request. Nothing is added to the seeded
 * collections (their bytes are pinned), and a session or a state file needs nothing more.
 * The `image` URL is the mock's own (`/media/…`, a small generated PNG), so QA screens show
 * no broken images.
 */
export interface RequestImage {
  id: number;
  cancellation_request: number;
  /** Path of the picture under the mock's origin; serialized as an absolute URL. */
  path: string;
  description: string | null;
  uploaded_by: number | null;
  created_date: string;
  modified_date: string;
}

/**
 * Whether an image can change after it was made. Derived images are dated once, with their
 * request (`modified_date` = `created_date`), so the `updates/` feed holds none and need not walk
 * every request to find that out (issue 26: ~3 answers a second at 100,000 requests). Stored,
 * editable images would make this true.
 */
export const IMAGES_CHANGE_AFTER_MADE = false;

/** Whether a request has images (every third refund request: `imagesOfRequest`). */
export function hasImages(request: CancellationRequest): boolean {
  return request.cancellation_type === 'refund' && request.id % 3 === 0;
}

/** How many images a request that has any has: told by its id alone. */
export function imageCountOf(requestId: number): number {
  return requestId % 2 === 0 ? 2 : 1;
}

/** Images per request id: ids are `request.id * 10 + n`, so an image names its request. */
export function imagesOfRequest(request: CancellationRequest): RequestImage[] {
  if (!hasImages(request)) return [];
  const count = imageCountOf(request.id);
  return Array.from({ length: count }, (_, n) => {
    const id = request.id * 10 + n + 1;
    return {
      id,
      cancellation_request: request.id,
      path: `/media/cancellation_request_images/${id}.png`,
      description: n === 0 ? 'Ürünün fotoğrafı' : 'Ambalajın fotoğrafı',
      uploaded_by: null,
      created_date: request.created_date,
      modified_date: request.created_date,
    };
  });
}

/** One image by id, when its request exists and has it. */
export function findImage(store: Store, id: number): RequestImage | undefined {
  const request = store.requests.get(Math.floor(id / 10));
  return request ? imagesOfRequest(request).find((image) => image.id === id) : undefined;
}

/** Every image, oldest change first (the order a sync feed reads them in). */
export function allImages(store: Store): RequestImage[] {
  const out: RequestImage[] = [];
  for (const request of store.requests.values()) out.push(...imagesOfRequest(request));
  return out.sort((a, b) => (a.modified_date < b.modified_date ? -1 : a.modified_date > b.modified_date ? 1 : a.id - b.id));
}

/** The image as the vendor's schema has it, `image` an absolute URL on `origin`. */
export function serializeImage(image: RequestImage, origin: string): Record<string, unknown> {
  return {
    id: image.id,
    cancellation_request: image.cancellation_request,
    image: `${origin}${image.path}`,
    description: image.description,
    attributes: {},
    uploaded_by: image.uploaded_by,
    created_date: image.created_date,
    modified_date: image.modified_date,
  };
}

/** A 48×48 PNG of one colour drawn from the image id: small, valid, different per image. */
export function imagePng(id: number): Uint8Array<ArrayBuffer> {
  const size = 48;
  const [r, g, b] = [(id * 67) % 200 + 40, (id * 131) % 200 + 40, (id * 29) % 200 + 40];
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y += 1) {
    const row = y * (size * 3 + 1);
    for (let x = 0; x < size; x += 1) raw.set([r, g, b], row + 1 + x * 3);
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return new Uint8Array(Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]));
}
