import type { SeedRandom } from './seed-random.ts';

/**
 * Turkish names, places and phrases, drawn once per seed. Faker's Turkish locale supplies the
 * surnames, cities and streets; its first names are mostly old Turkic rarities (`Abaka`,
 * `Adlıbeğ`), so the common names a support agent actually sees are listed here and mixed in.
 */
export interface SeedPools {
  maleFirstNames: string[];
  femaleFirstNames: string[];
  lastNames: string[];
  cities: string[];
  streets: string[];
  ips: string[];
}

/**
 * The first customers, in pk order, so that filter tests at any size find these letters:
 * `İ`, `ı`, `ş`, `ğ`, `ç`, `ö`, `ü` (DOMAIN.md §1 folds `İ`/`I`/`ı` to `i`).
 */
export const FIXED_CUSTOMER_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['İsmail', 'Öztürk'], ['Işık', 'Çelik'], ['Ayşe', 'Şahin'], ['Gülşen', 'Doğan'],
  ['Çağrı', 'Yılmaz'], ['Ömer', 'Güneş'], ['Şule', 'Aydın'], ['İbrahim', 'Koç'],
  ['Ilgın', 'Kılıç'], ['Ümit', 'Erdoğan'], ['Özge', 'Yıldırım'], ['Ali', 'Kaya'],
];

const MALE = [
  'Ahmet', 'Mehmet', 'Mustafa', 'Ali', 'Hüseyin', 'Hasan', 'İbrahim', 'İsmail', 'Osman', 'Yusuf',
  'Murat', 'Ömer', 'Emre', 'Burak', 'Serkan', 'Uğur', 'Oğuz', 'Çağlar', 'Gökhan', 'Barış',
  'Tolga', 'Kürşat', 'Doğan', 'Eren', 'Berk', 'Onur', 'Volkan', 'Erdoğan', 'Şükrü', 'Ilgaz',
  'Tuğrul', 'Cengiz', 'Sinan', 'Kağan', 'Halil', 'Süleyman', 'Furkan', 'Alper', 'Işık', 'Çağrı',
];
const FEMALE = [
  'Ayşe', 'Fatma', 'Emine', 'Hatice', 'Zeynep', 'Elif', 'Merve', 'Büşra', 'Şeyma', 'Özlem',
  'Gülşen', 'Gülay', 'Sevgi', 'Derya', 'Ebru', 'Tuğba', 'Şule', 'Damla', 'Ceren', 'Dilek',
  'İpek', 'Irmak', 'Ilgın', 'Nur', 'Ümran', 'Çiğdem', 'Gözde', 'Öykü', 'Aslı', 'Yağmur',
  'Sıla', 'Begüm', 'Nilüfer', 'Pınar', 'Defne', 'Esra', 'Işıl', 'Özge', 'Melike', 'İrem',
];

/** Draws the pools once per seed (a few hundred faker calls, whatever the size). */
export function buildPools(random: SeedRandom): SeedPools {
  const { faker } = random;
  const defs = faker.rawDefinitions;
  const fakerFirst = [...(defs.person?.first_name?.generic ?? [])];
  // One rare faker name in five keeps the pool varied without drowning the common names.
  const rare = Array.from({ length: 16 }, () => faker.helpers.arrayElement(fakerFirst));
  return {
    maleFirstNames: [...MALE, ...rare.slice(0, 8)],
    femaleFirstNames: [...FEMALE, ...rare.slice(8)],
    lastNames: [...(defs.person?.last_name?.generic ?? ['Yılmaz'])],
    cities: [...(defs.location?.city_name ?? ['İstanbul'])],
    streets: [...(defs.location?.street_name ?? ['Atatürk Bulvarı'])],
    ips: Array.from({ length: 400 }, () => faker.internet.ipv4()),
  };
}

/** `Çağrı Güneş` → `cagri.gunes`: Turkish letters to the ASCII an e-mail address uses. */
export function asciiSlug(text: string): string {
  return text
    .replace(/[İIı]/g, 'i')
    .toLowerCase()
    .replace(/ç/g, 'c').replace(/ğ/g, 'g').replace(/ö/g, 'o').replace(/ş/g, 's').replace(/ü/g, 'u')
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

/** What customers write when they cancel or send back (request `description`). */
export const REQUEST_DESCRIPTIONS: readonly string[] = [
  'Ürünün rengi fotoğraftakinden farklı çıktı.',
  'Kargo çok gecikti, artık ihtiyacım kalmadı.',
  'Bedeni küçük geldi, bir beden büyüğünü sipariş edeceğim.',
  'Yanlışlıkla iki kez sipariş vermişim.',
  'Paket açılmış ve ürün çizik geldi.',
  'Kumaşı beklediğimden ince, iade etmek istiyorum.',
  'Aynı ürünü mağazada daha uygun fiyata buldum.',
  'Hediye olarak almıştım, beğenilmedi.',
  'Dikiş yerlerinde sökük var.',
  'Ürün açıklamasında pamuk yazıyordu, etikette polyester yazıyor.',
  'Teslimat adresimi değiştirmem gerekiyor, siparişi iptal edip yeniden vereceğim.',
  'Lütfen tutarı kredi kartıma iade edin.',
  'İade kodunu kullanarak kargoya verdim.',
  'Ürünün fermuarı bozuk geldi.',
  'Şişme mont yerine yağmurluk gönderilmiş.',
  'Ödeme sırasında yanlış ürünü seçmişim.',
];

/** A small tag vocabulary, shared by plans and requests (the `tag` filters need repeats). */
export const TAG_VOCABULARY: readonly string[] = [
  'vip', 'urgent', 'fraud-check', 'kargo-gecikmesi', 'müşteri-iade', 'hasarlı-ürün', 'öncelikli',
];

/** Free-form order notes customers leave at checkout. */
export const ORDER_NOTES: readonly string[] = [
  'Kapıya bırakabilirsiniz.',
  'Zili çalmayın, bebek uyuyor.',
  'Kapıcıya teslim edilebilir.',
  'Lütfen teslimattan önce arayın.',
  'İş yerine teslim edilecek, 09:00-18:00 arası.',
];
