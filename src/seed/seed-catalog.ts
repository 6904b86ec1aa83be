import { nextId } from '../store/store.ts';
import type { Store } from '../store/store.ts';
import type { CancellationReason, CancellationType, Channel, User } from '../store/types.ts';
import { asciiSlug, type SeedPools } from './seed-pools.ts';
import { US, type SeedRandom } from './seed-random.ts';
import { isoFromMicros } from './seed-strings.ts';

/**
 * The reference data every order points at: staff users, sales channels, price and stock
 * lists, cancellation reasons. Small, fixed in shape, and written first so their pks are stable
 * (`shop_price_list` is pk 1 as in seed 003; user pk 1 is `akinon`).
 */

/** Channels of several `channel_type`s (the spec's `ChannelType` list), with order weights. */
const CHANNELS: ReadonlyArray<readonly [name: string, type: string, weight: number]> = [
  ['akinon.com', 'web', 36],
  ['Trendyol', 'trendyol', 20],
  ['Hepsiburada', 'hepsiburada', 12],
  ['n11', 'n11', 6],
  ['Amazon TR', 'amazon', 8],
  ['Mağaza Satış', 'sales_channel', 10],
  ['Çiçeksepeti', 'ciceksepeti', 4],
  ['Pazarama', 'pazarama', 4],
];

const REASONS: ReadonlyArray<
  readonly [type: CancellationType, subject: string, order: number, extra: boolean, active: boolean]
> = [
  ['cancel', 'Siparişimi yanlışlıkla verdim.', 90, false, true],
  ['cancel', 'Ürünü satın almaktan vazgeçtim.', 100, false, true],
  ['cancel', 'Teslimat süresi çok uzun.', 110, false, true],
  ['cancel', 'Daha uygun fiyata buldum.', 120, false, true],
  ['cancel', 'Teslimat adresini değiştirmek istiyorum.', 130, false, true],
  ['cancel', 'Diğer', 900, true, true],
  ['refund', 'Ürün hasarlı geldi.', 100, false, true],
  ['refund', 'Beden uymadı.', 110, false, true],
  ['refund', 'Ürün beklentimi karşılamadı.', 120, false, true],
  ['refund', 'Yanlış ürün gönderildi.', 130, false, true],
  ['refund', 'Ürün açıklamadaki gibi değil.', 140, false, true],
  ['refund', 'Diğer', 900, true, true],
  ['refund', 'Kargo paketi eksik geldi.', 150, false, false],
];

/** What later generators need to know about the reference data they point at. */
export interface Catalog {
  /** Staff users who create and update plans. */
  staff: number[];
  /** Channel pks with their order weights. */
  channelWeights: Array<readonly [number, number]>;
  /** Channel pk → `channel_type`. */
  channelType: Map<number, string>;
  /** Active reason pks per type: requests and plans only cite these. */
  reasons: Record<CancellationType, number[]>;
  priceLists: { try: number; eur: number };
  stockLists: { shop: number; store: number };
}

/** Writes users, channels, price and stock lists and reasons, in that order, and answers their pks. */
export function seedCatalog(store: Store, random: SeedRandom, pools: SeedPools, refUs: number): Catalog {
  const staff = seedUsers(store, random, pools, refUs);
  const channelWeights: Array<readonly [number, number]> = [];
  const channelType = new Map<number, string>();
  for (const [name, type, weight] of CHANNELS) {
    const channel: Channel = { pk: nextId(store, 'channels'), name, channel_type: type, is_active: true };
    store.channels.set(channel.pk, channel);
    channelWeights.push([channel.pk, weight]);
    channelType.set(channel.pk, type);
  }
  const listDate = (days: number) => refUs - days * US.day + random.int(0, US.minute);
  const priceList = (code: string, currency: string, days: number) => {
    const created = listDate(days);
    const pk = nextId(store, 'priceLists');
    store.priceLists.set(pk, {
      pk, code, name: code, currency, is_auto_sync: true,
      created_date: isoFromMicros(created), modified_date: isoFromMicros(created + random.int(20, 60)),
    });
    return pk;
  };
  const stockList = (code: string, days: number) => {
    const created = listDate(days);
    const pk = nextId(store, 'stockLists');
    store.stockLists.set(pk, {
      pk, code, name: code, is_auto_sync: code === 'shop_stock_list',
      created_date: isoFromMicros(created), modified_date: isoFromMicros(created + random.int(20, 60)),
    });
    return pk;
  };
  const priceLists = { try: priceList('shop_price_list', 'try', 1940), eur: priceList('eur_price_list', 'eur', 900) };
  const stockLists = { shop: stockList('shop_stock_list', 1940), store: stockList('magaza_stock_list', 900) };

  const reasons: Record<CancellationType, number[]> = { cancel: [], refund: [] };
  for (const [type, subject, order, extra, active] of REASONS) {
    const reason: CancellationReason = {
      pk: nextId(store, 'reasons'), order, subject, is_active: active,
      modified_date: isoFromMicros(refUs - random.int(400, 1900) * US.day + random.int(0, US.day)),
      send_to_remote: true, cancellation_type: type, extra_information_needed: extra,
    };
    store.reasons.set(reason.pk, reason);
    if (active) reasons[type].push(reason.pk);
  }
  return { staff, channelWeights, channelType, reasons, priceLists, stockLists };
}

function seedUsers(store: Store, random: SeedRandom, pools: SeedPools, refUs: number): number[] {
  const staff: number[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < 20; i += 1) {
    const first = i === 0 ? 'Akinon' : random.pick(random.chance(0.5) ? pools.maleFirstNames : pools.femaleFirstNames);
    const last = i === 0 ? 'Destek' : random.pick(pools.lastNames);
    let username = i === 0 ? 'akinon' : asciiSlug(`${first}.${last}`);
    while (taken.has(username)) username = `${username}${random.int(1, 9)}`;
    taken.add(username);
    const joined = refUs - random.int(200, 1500) * US.day - random.int(0, US.day);
    const isStaff = i === 0 || i < 17;
    const user: User = {
      pk: nextId(store, 'users'),
      username,
      first_name: first,
      last_name: last,
      email: i === 0 ? 'destek@akinon.com' : `${username}@akinon.com`,
      is_active: i !== 19,
      is_staff: isStaff,
      is_superuser: i < 3,
      date_joined: isoFromMicros(joined),
      last_login: i === 18 ? null : isoFromMicros(refUs - random.int(1, 90) * US.day - random.int(0, US.day)),
      groups: i < 3 ? [1, 2] : isStaff ? [2] : [],
    };
    store.users.set(user.pk, user);
    if (isStaff && user.is_active) staff.push(user.pk);
  }
  return staff;
}
