import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { live, must, wsClient } from '../support/graphql.ts';
import { AddItem, CartUpdated, OrderQuery, RemoveItem, SetItemQuantity } from '../support/operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;
let products: Record<string, string>;

beforeAll(async () => {
  stack = await startStack();
  products = await seedProducts(stack.url, stack.adminToken, { Burger: '12.50', Cola: '3.45' });
  await setRates(stack.url, stack.adminToken, '8.875', '2.5');
});

afterAll(async () => {
  await stack?.close();
});

describe('cart', () => {
  it('delivers the snapshot, then each committed edit with hand-computed totals', async () => {
    const { order, customerToken } = await newOrder(stack.url);
    expect(order).toMatchObject({
      status: 'DRAFT',
      total: '0.00',
      taxRatePercent: '8.875',
      surchargePercent: '2.5',
    });

    const client = wsClient(stack.url, customerToken);
    const cart = live(client, CartUpdated, { orderId: order.id });
    await cart.waitFor((value) => value.cartUpdated.version === order.version);

    await must(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products.Burger!, quantity: 2 } },
      customerToken,
    );
    const added = await must(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products.Cola!, quantity: 3, notes: 'no ice' } },
      customerToken,
    );
    if (added.addItem.__typename !== 'Order') throw new Error(JSON.stringify(added.addItem));
    // 25.00 + 10.35 = 35.35; surcharge 2.5% = 0.88375 → 0.88; tax 8.875% of 36.23 = 3.2154125 → 3.22
    const afterAdds = await cart.waitFor((value) => value.cartUpdated.itemCount === 5);
    expect(afterAdds.cartUpdated).toMatchObject({
      subtotal: '35.35',
      surcharge: '0.88',
      tax: '3.22',
      total: '39.45',
      discountTotal: '0.00',
    });
    expect(
      afterAdds.cartUpdated.items.map((item) => [item.name, item.quantity, item.lineTotal, item.notes]),
    ).toEqual([
      ['Burger', 2, '25.00', null],
      ['Cola', 3, '10.35', 'no ice'],
    ]);

    const colaLine = afterAdds.cartUpdated.items.find((item) => item.name === 'Cola')!;
    await must(stack.url, SetItemQuantity, { input: { itemId: colaLine.id, quantity: 1 } }, customerToken);
    // 28.45; surcharge 0.71125 → 0.71; tax 8.875% of 29.16 = 2.58795 → 2.59
    const afterChange = await cart.waitFor((value) => value.cartUpdated.itemCount === 3);
    expect(afterChange.cartUpdated).toMatchObject({
      subtotal: '28.45',
      surcharge: '0.71',
      tax: '2.59',
      total: '31.75',
    });

    const burgerLine = afterAdds.cartUpdated.items.find((item) => item.name === 'Burger')!;
    await must(stack.url, RemoveItem, { input: { itemId: burgerLine.id } }, customerToken);
    // 3.45; surcharge 0.08625 → 0.09; tax 8.875% of 3.54 = 0.314175 → 0.31
    const afterRemove = await cart.waitFor((value) => value.cartUpdated.itemCount === 1);
    expect(afterRemove.cartUpdated).toMatchObject({
      subtotal: '3.45',
      surcharge: '0.09',
      tax: '0.31',
      total: '3.85',
    });

    await must(stack.url, SetItemQuantity, { input: { itemId: colaLine.id, quantity: 0 } }, customerToken);
    // The snapshot had 0 items too: wait for the value after the removal, not the first empty one.
    const emptied = await cart.waitFor(
      (value) =>
        value.cartUpdated.itemCount === 0 && value.cartUpdated.version > afterRemove.cartUpdated.version,
    );
    expect(emptied.cartUpdated.total).toBe('0.00');

    const versions = cart.values.map((value) => value.cartUpdated.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    const committed = await must(stack.url, OrderQuery, { id: order.id }, customerToken);
    expect(committed.order).toEqual(cart.values.at(-1)?.cartUpdated);

    cart.stop();
    await client.dispose();
  });
});
