import { describe, expect, it } from 'vitest';
import { orderStatusDisplay } from '../src/domain/shared/order-statuses.ts';
import {
  serializeOrder,
  serializeOrderItem,
  serializeProduct,
} from '../src/domain/shared/serialize-order.ts';
import type { Store } from '../src/store/store.ts';
import type { OrderItem } from '../src/store/types.ts';
import { createTestMock } from './support/test-mock.ts';

/** The order item as it was first written: a spread, the nested objects replaced in place. */
function spreadForm(store: Store, item: OrderItem): Record<string, unknown> {
  return {
    ...item,
    order: serializeOrder(store.orders.get(item.order)!),
    product: serializeProduct(store.products.get(item.product)!),
    price_list: { ...store.priceLists.get(item.price_list)! },
    stock_list: { ...store.stockLists.get(item.stock_list)! },
    status_display: orderStatusDisplay(item.status),
    extra_field: { ...item.extra_field },
    attributes: { ...item.attributes },
    attributes_kwargs: { ...item.attributes_kwargs },
    benefitapplicant_set: item.benefitapplicant_set.map((b) => ({ ...b })),
  };
}

describe('serializeOrderItem', () => {
  it('gives the same keys in the same order as the spread it replaced, for every seeded item', async () => {
    const mock = await createTestMock({ size: 40 });
    for (const item of mock.store.orderItems.values()) {
      expect(JSON.stringify(serializeOrderItem(mock.store, item))).toBe(
        JSON.stringify(spreadForm(mock.store, item)),
      );
    }
  });

  it('keeps the key order of the stored record, whatever it is, and adds status_display last', async () => {
    const mock = await createTestMock({ size: 10 });
    const item = mock.store.orderItems.values().next().value!;
    const { pk, status, ...rest } = item;
    const reordered = { status, ...rest, pk } as OrderItem;
    const out = serializeOrderItem(mock.store, reordered);
    expect(JSON.stringify(out)).toBe(JSON.stringify(spreadForm(mock.store, reordered)));
    expect(Object.keys(out).at(0)).toBe('status');
    expect(Object.keys(out).at(-1)).toBe('status_display');
  });

  it('returns fresh objects: the stored records are never shared with the answer', async () => {
    const mock = await createTestMock({ size: 10 });
    const item = mock.store.orderItems.values().next().value!;
    const out = serializeOrderItem(mock.store, item) as Record<string, any>;
    expect(out).not.toBe(item);
    expect(out.extra_field).not.toBe(item.extra_field);
    expect(out.attributes).not.toBe(item.attributes);
    expect(out.price_list).not.toBe(mock.store.priceLists.get(item.price_list));
  });
});
