import { ean13CheckDigit } from '../common/ean13.ts';
import { nextId } from '../store/store.ts';
import type { Store } from '../store/store.ts';
import type { Product } from '../store/types.ts';
import { US, type SeedRandom } from './seed-random.ts';
import { isoFromMicros } from './seed-strings.ts';

/** A seeded product with the list price (TRY kuruş) and VAT its order items use. */
export interface SeededProduct {
  product: Product;
  retailCents: number;
  vatRate: string;
}

type Kind = readonly [code: string, label: string, setId: string, sizes: readonly string[], minTl: number, maxTl: number, genders: string, material: 'fabric' | 'leather'];
const KINDS: readonly Kind[] = [
  ['GOMLEK', 'GÖMLEK', '120', ['37', '38', '39', '40', '41', '42', '43'], 299, 899, 'EK', 'fabric'],
  ['PANTOLON', 'PANTOLON', '130', ['28', '30', '32', '34', '36'], 399, 1299, 'EK', 'fabric'],
  ['TISORT', 'TİŞÖRT', '140', ['S', 'M', 'L', 'XL', 'XXL'], 149, 449, 'EKU', 'fabric'],
  ['ELBISE', 'ELBİSE', '150', ['34', '36', '38', '40', '42'], 499, 1999, 'K', 'fabric'],
  ['CEKET', 'CEKET', '160', ['46', '48', '50', '52', '54'], 1499, 4999, 'EK', 'fabric'],
  ['KAZAK', 'KAZAK', '170', ['S', 'M', 'L', 'XL'], 399, 1199, 'EKU', 'fabric'],
  ['MONT', 'MONT', '180', ['S', 'M', 'L', 'XL'], 1999, 5999, 'EKU', 'fabric'],
  ['SORT', 'ŞORT', '190', ['S', 'M', 'L', 'XL'], 199, 499, 'EKU', 'fabric'],
  ['ETEK', 'ETEK', '200', ['34', '36', '38', '40'], 299, 999, 'K', 'fabric'],
  ['AYAKKABI', 'AYAKKABI', '290', ['38', '39', '40', '41', '42', '43', '44'], 899, 3499, 'EK', 'leather'],
  ['CANTA', 'ÇANTA', '300', ['STD'], 349, 2499, 'KU', 'leather'],
];
const COLORS: ReadonlyArray<readonly [code: string, upper: string, label: string]> = [
  ['01', 'BEYAZ', 'Beyaz'], ['02', 'SIYAH', 'Siyah'], ['10', 'KIRMIZI', 'Kırmızı'],
  ['15', 'BORDO', 'Bordo'], ['21', 'YESIL', 'Yeşil'], ['33', 'MAVI', 'Mavi'],
  ['45', 'LACIVERT', 'Lacivert'], ['50', 'GRI', 'Gri'], ['61', 'BEJ', 'Bej'],
  ['70', 'KAHVERENGI', 'Kahverengi'], ['80', 'PEMBE', 'Pembe'], ['90', 'SARI', 'Sarı'],
];
const MATERIALS = {
  fabric: ['KUMAŞ: %100.0 Pamuk', 'KUMAŞ: %95.0 Pamuk %5.0 Elastan', 'KUMAŞ: %100.0 Polyester', 'KUMAŞ: %70.0 Viskon %30.0 Polyester', 'KUMAŞ: %50.0 Yün %50.0 Akrilik'],
  leather: ['SAYA: %100.0 Deri', 'SAYA: %100.0 Süet', 'DIŞ: %100.0 Poliüretan'],
} as const;
const GENDER_LABELS: Record<string, string> = { E: 'Erkek', K: 'Kadın', U: 'Unisex' };
const SEASONS = ['K', 'Y'];

/**
 * Products in seed 003's style: `GOMLEK .V33 .39` names, 12-digit barcode SKUs on a `868`
 * (Türkiye) prefix, `M`-prefixed base codes, and the ERP attribute block with a valid EAN-13.
 * Steps that yield every 64 products.
 */
export function* seedProducts(store: Store, random: SeedRandom, count: number, refUs: number): Generator<void, SeededProduct[]> {
  const out: SeededProduct[] = [];
  const skus = new Set<string>();
  for (let i = 0; i < count; i += 1) {
    const [code, label, setId, sizes, minTl, maxTl, genders, material] = random.pick(KINDS);
    const [colorCode, colorUpper, colorLabel] = random.pick(COLORS);
    const size = random.pick(sizes);
    let sku = `868${random.digits(9)}`;
    while (skus.has(sku)) sku = `868${random.digits(9)}`;
    skus.add(sku);
    const ean13 = `${sku}${ean13CheckDigit(sku)}`;
    const gender = genders[random.int(0, genders.length - 1)]!;
    const genderLabel = GENDER_LABELS[gender]!;
    const season = random.pick(SEASONS);
    const year = String(2021 + random.int(0, 4));
    const vat = code === 'AYAKKABI' || code === 'CANTA' ? '20' : '10';
    const productized = refUs - random.int(200, 1400) * US.day - random.int(0, US.day);
    const attributes: Record<string, string> = {
      erp_size: size, erp_color: colorCode, erp_gender: gender, erp_vat_rate: vat,
      erp_is_outlet: random.chance(0.2) ? 'True' : 'False', erp_materials: random.pick(MATERIALS[material]),
      erp_config_attr: 'SIZE', erp_season_name: season, erp_season_year: year,
      erp_attribute_set: setId, erp_barcode_color: sku, erp_barcode_model: sku, erp_barcode_ean13: ean13,
      erp_discount_prohibited: random.chance(0.1) ? '1' : '0',
      erp_date_updated: new Date((productized + random.int(1, 190) * US.day) / 1000).toISOString().slice(0, 19) + '+0300',
      filterable_size: size, filtrable_season: year, filterable_gender: genderLabel,
      filtrable_color_1: colorLabel, filterable_attribute_set: label, filterable_dimensions: 'Standart',
      integration_size: size, integration_color: colorCode, integration_gender: gender,
      integration_config_attr: 'SİZE', integration_barcode_ean13: ean13,
    };
    const dropdown = (value: string, shown = value) => ({ label: shown, value, data_type: 'dropdown' });
    const product: Product = {
      pk: nextId(store, 'products'),
      sku,
      name: `${code} .V${colorCode} .${size}`,
      uuid: random.faker.string.uuid(),
      parent: null,
      base_code: `M${sku}`,
      is_active: random.chance(0.95),
      attributes,
      attributes_kwargs: {
        erp_size: dropdown(size), erp_color: dropdown(colorCode, colorUpper), erp_gender: dropdown(gender),
        erp_season_year: dropdown(year), erp_attribute_set: dropdown(setId, code),
        filterable_size: dropdown(size), filterable_gender: dropdown(genderLabel),
        filtrable_color_1: dropdown(colorLabel), filterable_attribute_set: dropdown(label),
        integration_config_attr: dropdown('SİZE', 'SIZE'),
      },
      data_source: null,
      listing_code: colorCode,
      product_type: '0',
      attribute_set: 1,
      modified_date: isoFromMicros(productized + random.int(1, 190) * US.day),
      group_products: [],
      extra_attributes: {},
      productimage_set: [],
      productization_date: isoFromMicros(productized),
      custom_attribute_set: null,
      description: random.chance(0.4) ? `${genderLabel} ${colorLabel.toLocaleLowerCase('tr-TR')} ${label.toLocaleLowerCase('tr-TR')}, ${attributes.erp_materials}` : null,
    };
    store.products.set(product.pk, product);
    // List prices end in .90 or .00 (the way Turkish shops price); sale prices derive from them.
    const tl = random.int(minTl, maxTl);
    const retailCents = tl * 100 + (random.chance(0.5) ? 90 : 0);
    out.push({ product, retailCents, vatRate: `${vat}.00` });
    // A step to pause at (`seedStoreInSlices`): 1,200 products were one block of ~40-50 ms.
    if (i % 64 === 63) yield;
  }
  return out;
}
