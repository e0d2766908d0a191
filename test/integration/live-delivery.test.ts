import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { live, must, wsClient } from '../support/graphql.ts';
import { AddItem, CartUpdated, OrderQuery } from '../support/operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;
let products: Record<string, string>;

beforeAll(async () => {
  stack = await startStack();
  products = await seedProducts(stack.url, stack.adminToken, { Soup: '4.20' });
  await setRates(stack.url, stack.adminToken, '10', '0');
});

afterAll(async () => {
  await stack?.close();
});

describe('live delivery of committed state', () => {
  it('answers a cart edit with the state its commit delivered to subscribers and stored', async () => {
    const { order, customerToken } = await newOrder(stack.url);
    const client = wsClient(stack.url, customerToken);
    const cart = live(client, CartUpdated, { orderId: order.id });
    await cart.waitFor((value) => value.cartUpdated.version === order.version);

    const added = await must(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products.Soup!, quantity: 2 } },
      customerToken,
    );
    const result = added.addItem;
    if (result.__typename !== 'Order') throw new Error(JSON.stringify(result));
    const delivered = await cart.waitFor((value) => value.cartUpdated.version === result.version);
    const { __typename, ...response } = result;
    expect(response).toEqual(delivered.cartUpdated);
    const stored = await must(stack.url, OrderQuery, { id: order.id }, customerToken);
    expect(stored.order).toEqual(delivered.cartUpdated);
    expect(delivered.cartUpdated).toMatchObject({ subtotal: '8.40', tax: '0.84', total: '9.24' });

    cart.stop();
    await client.dispose();
  });

  it('refuses a subscription to an order that does not exist with NOT_FOUND, and no value', async () => {
    const client = wsClient(stack.url, stack.adminToken);
    const cart = live(client, CartUpdated, { orderId: '00000000-0000-4000-8000-000000000000' });
    const errors = (await cart.waitForError()) as { message: string; extensions?: { code?: string } }[];
    expect(errors.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(cart.values).toEqual([]);
    await client.dispose();
  });

  it('delivers every re-priced order the committed state of a tax change', async () => {
    const carts = [];
    for (let i = 0; i < 3; i++) {
      const { order, customerToken } = await newOrder(stack.url);
      await must(
        stack.url,
        AddItem,
        { input: { orderId: order.id, productId: products.Soup!, quantity: i + 1 } },
        customerToken,
      );
      const client = wsClient(stack.url, customerToken);
      carts.push({ order, customerToken, client, cart: live(client, CartUpdated, { orderId: order.id }) });
    }
    for (const { cart } of carts) await cart.waitFor(() => true);

    await setRates(stack.url, stack.adminToken, '20', '0');

    for (const [i, { order, customerToken, client, cart }] of carts.entries()) {
      const quantity = i + 1;
      const delivered = await cart.waitFor((value) => value.cartUpdated.taxRatePercent === '20');
      const stored = await must(stack.url, OrderQuery, { id: order.id }, customerToken);
      expect(stored.order).toEqual(delivered.cartUpdated);
      // 4.20 × q, tax 20 %
      expect(delivered.cartUpdated.total).toBe((4.2 * quantity * 1.2).toFixed(2));
      cart.stop();
      await client.dispose();
    }
  });
});
