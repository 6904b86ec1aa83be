import { rangeIndexOf, type RangeSpec } from '../../store/range-index.ts';
import { readinessOf } from '../../store/readiness.ts';
import type { Store } from '../../store/store.ts';
import type { CancellationRequest } from '../../store/types.ts';
import { channelOfRequest } from '../channels/channel-scope.ts';
import { requestOrderReads } from '../requests/request-indexes.ts';
import { hasImages, imageCountOf, imagesOfRequest, type RequestImage } from './request-images.ts';

/** Between a channel and a date in the index's values: below every character of a date. */
const SEP = '\u0001';

/**
 * The requests that have images, sorted by channel and then by `created_date` (ties by request
 * id): one index value `"<channel>\u0001<created_date>"` a request. A channel's image feed is
 * then one range of it, in the feed's own order — an image is dated with its request and its id
 * is its request's id × 10 + n (request-images.ts), so (modified date, image id) sorts as
 * (request `created_date`, request id) — and a page reads the channel's image requests up to its
 * end, no other request (issue 26: the feed walked every request of the store by date, ~6 of 7
 * without images, and tested each one's channel).
 *
 * Compared as text, as the feed orders `modified_date` (`sync-feed.ts`), so any stored date
 * spelling is ordered as the sort over every image orders it. Kept true as a range index is
 * (ADR 0011): a request's own writes, its order item's and its order's (the channel), a reset.
 */
const IMAGE_FEED: RangeSpec<CancellationRequest> = {
  rows: (s) => s.requests,
  value: (r, s) => {
    if (!hasImages(r)) return undefined;
    const channel = channelOfRequest(s, r);
    return channel === undefined ? undefined : `${channel}${SEP}${r.created_date}`;
  },
  accepts: () => true,
  reads: requestOrderReads,
};

const NAME = 'request-images-by-channel';

/** Null once the image feed's index is built (or none can be: a session's view); else a promise of it (issue 19). */
export const imageFeedReady: (store: Store) => Promise<void> | null = readinessOf(
  (store) => [rangeIndexOf(store, NAME, IMAGE_FEED)],
  // The collections it files and reads: a reset or reseed assigns new ones.
  (store) => [store.requests, store.orderItems, store.orders],
);

/**
 * Images `skip` to `skip + take` of `channel`'s feed (oldest change first) among those `keep`
 * passes (null: every image); null where the requests have no range index (a session's view):
 * the caller then sorts every image. Without `keep`, the images before the page are counted from
 * their requests' ids (`imageCountOf`), not made.
 */
export function channelImagesPage(
  store: Store,
  channel: number,
  keep: ((image: RequestImage) => boolean) | null,
  skip: number,
  take: number,
): RequestImage[] | null {
  const found = rangeIndexOf(store, NAME, IMAGE_FEED)?.lookup({
    lower: { value: `${channel}${SEP}`, inclusive: true },
    upper: { value: `${channel}\u0002`, inclusive: false },
  });
  if (!found) return null;
  const out: RequestImage[] = [];
  if (take <= 0) return out;
  let seen = 0;
  for (const key of found.keys()) {
    if (keep === null && seen + imageCountOf(key) <= skip) {
      seen += imageCountOf(key);
      continue;
    }
    const request = store.requests.get(key);
    if (request === undefined) continue;
    for (const image of imagesOfRequest(request)) {
      if (keep !== null && !keep(image)) continue;
      seen += 1;
      if (seen <= skip) continue;
      out.push(image);
      if (out.length >= take) return out;
    }
  }
  return out;
}
