import { nextId } from '../store/store.ts';
import type { Store } from '../store/store.ts';
import type { Customer } from '../store/types.ts';
import type { Catalog } from './seed-catalog.ts';
import { FIXED_CUSTOMER_NAMES, asciiSlug, type SeedPools } from './seed-pools.ts';
import type { SeedRandom } from './seed-random.ts';
import { flat } from './seed-strings.ts';

/**
 * A seeded customer with the address pks its orders bill and ship to, and its channel's
 * `channel_type` (the order, plan and shipping draws branch on it: read here, not looked up in
 * the catalog's map once per order, plan and parcel).
 */
export interface SeededCustomer {
  customer: Customer;
  addresses: number[];
  channelType: string;
}

const MAIL_DOMAINS = ['gmail.com', 'hotmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'yandex.com'];
const MOBILE_PREFIXES = ['530', '532', '533', '535', '536', '541', '542', '543', '544', '505', '506', '507', '551', '552', '555'];
const DISTRICTS = ['Merkez', 'Çankaya', 'Kadıköy', 'Üsküdar', 'Beşiktaş', 'Karşıyaka', 'Nilüfer', 'Muratpaşa', 'Şişli', 'Bağcılar', 'Odunpazarı', 'Atakum'];

/**
 * Customers with Turkish names (the fixed ones first, so small seeds still hold `İsmail`,
 * `Işık`, `Ayşe`), ASCII e-mails, mobile numbers, and one or two addresses each.
 */
export function* seedCustomers(store: Store, random: SeedRandom, pools: SeedPools, catalog: Catalog, count: number): Generator<void, SeededCustomer[]> {
  const out: SeededCustomer[] = [];
  const emails = new Set<string>();
  const slugs = new Map<string, string>();
  for (let i = 0; i < count; i += 1) {
    const fixed = FIXED_CUSTOMER_NAMES[i];
    const female = random.chance(0.55);
    const first = fixed ? fixed[0] : random.pick(female ? pools.femaleFirstNames : pools.maleFirstNames);
    const last = fixed ? fixed[1] : random.pick(pools.lastNames);
    // The fixed customers shop on the web channel, so channel filters find them too.
    const channel = fixed ? catalog.channelWeights[0]![0] : random.weighted(catalog.channelWeights);
    let local = nameSlug(first, last, slugs);
    if (random.chance(0.5)) local += String(random.int(1, 99));
    let email = flat(`${local}@${random.pick(MAIL_DOMAINS)}`);
    while (emails.has(email)) email = flat(email.replace('@', String(random.int(0, 9)) + '@'));
    emails.add(email);
    const customer: Customer = {
      pk: nextId(store, 'customers'),
      channel,
      first_name: first,
      last_name: last,
      email,
      phone_number: random.chance(0.92) ? flat(`+90${random.pick(MOBILE_PREFIXES)}${random.digits(7)}`) : null,
    };
    store.customers.set(customer.pk, customer);
    const addresses = [seedAddress(store, random, pools, customer.pk)];
    if (random.chance(0.2)) addresses.push(seedAddress(store, random, pools, customer.pk));
    out.push({ customer, addresses, channelType: catalog.channelType.get(channel) ?? 'web' });
    // A step to pause at (`seedStoreInSlices`): 30,000 customers are too long for one.
    if (i % 256 === 255) yield;
  }
  return out;
}

/**
 * `asciiSlug(`${first}.${last}`)` from each name's own slug, made once per seed: the same text
 * (the whole name's slug joins the two with the one `.` its separator run collapses to), without
 * seven regular-expression passes per customer, ~2 % of the 100,000-plan seed. A name with no
 * ASCII letter or digit at all would slug to nothing and lose that dot: such pairs take the long way.
 */
function nameSlug(first: string, last: string, slugs: Map<string, string>): string {
  const a = slugOf(first, slugs);
  const b = slugOf(last, slugs);
  return a && b ? `${a}.${b}` : asciiSlug(`${first}.${last}`);
}

function slugOf(name: string, slugs: Map<string, string>): string {
  let slug = slugs.get(name);
  if (slug === undefined) slugs.set(name, (slug = asciiSlug(name)));
  return slug;
}

function seedAddress(store: Store, random: SeedRandom, pools: SeedPools, customer: number): number {
  const cityIndex = random.int(0, pools.cities.length - 1);
  const pk = nextId(store, 'addresses');
  const door = random.chance(0.7) ? ` D:${random.int(1, 24)}` : '';
  store.addresses.set(pk, {
    pk,
    customer,
    city: pools.cities[cityIndex]!,
    line: flat(`${random.pick(DISTRICTS)} Mah. ${random.pick(pools.streets)} No:${random.int(1, 180)}${door}`),
    // Turkish postcodes start with the province plate number (01–81).
    postcode: `${String((cityIndex % 81) + 1).padStart(2, '0')}${random.digits(3)}`,
  });
  return pk;
}
