import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDatabase } from '../support/database.ts';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { live, must, wsClient } from '../support/graphql.ts';
import { AddItem, CartUpdated, OrderQuery, SettingsHistory, UpdateProduct } from '../support/operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;
let products: Record<string, string>;

beforeAll(async () => {
  stack = await startStack();
  products = await seedProducts(stack.url, stack.adminToken, { Soup: '6.00', Bread: '1.50' });
  await setRates(stack.url, stack.adminToken, '10', '0');
});

afterAll(async () => {
  await stack?.close();
});

async function orderWith(productId: string, quantity: number) {
  const created = await newOrder(stack.url, stack.staffToken);
  await must(
    stack.url,
    AddItem,
    { input: { orderId: created.order.id, productId, quantity } },
    stack.staffToken,
  );
  return created;
}

describe('re-pricing', () => {
  it('re-prices every open order on a tax change, leaves paid ones alone and records how many', async () => {
    const open = await Promise.all(Array.from({ length: 12 }, () => orderWith(products.Soup!, 2)));
    const paid = await orderWith(products.Soup!, 1);
    const validated = open[0]!;
    // Lifecycle mutations come with their own issue; set statuses directly to cover both sides of the rule.
    await queryDatabase(stack.database.url, `update customer_order set status = 'PAID' where id = $1`, [
      paid.order.id,
    ]);
    await queryDatabase(stack.database.url, `update customer_order set status = 'VALIDATED' where id = $1`, [
      validated.order.id,
    ]);
    const paidBefore = await must(stack.url, OrderQuery, { id: paid.order.id }, stack.staffToken);

    const client = wsClient(stack.url, stack.staffToken);
    const carts = open.map(({ order }) => live(client, CartUpdated, { orderId: order.id }));
    await Promise.all(carts.map((cart) => cart.waitFor((value) => value.cartUpdated.itemCount === 2)));

    await setRates(stack.url, stack.adminToken, '7.5', '3');
    // 12.00; surcharge 3 % = 0.36; tax 7.5 % of 12.36 = 0.927 → 0.93; total 13.29
    for (const cart of carts) {
      const value = await cart.waitFor((v) => v.cartUpdated.taxRatePercent === '7.5');
      expect(value.cartUpdated).toMatchObject({
        subtotal: '12.00',
        surcharge: '0.36',
        tax: '0.93',
        total: '13.29',
      });
    }
    const paidAfter = await must(stack.url, OrderQuery, { id: paid.order.id }, stack.staffToken);
    expect(paidAfter.order).toEqual(paidBefore.order);

    const history = await must(stack.url, SettingsHistory, { first: 2 }, stack.staffToken);
    const fields = history.settingsHistory.nodes.map((node) => [node.field, node.oldValue, node.newValue]);
    expect(fields).toEqual(
      expect.arrayContaining([
        ['taxRatePercent', '10', '7.5'],
        ['surchargePercent', '0', '3'],
      ]),
    );
    // Every DRAFT/VALIDATED order in this database was re-priced; only the PAID one was not.
    const [{ count }] = (await queryDatabase<{ count: string }>(
      stack.database.url,
      `select count(*) from customer_order where status in ('DRAFT', 'VALIDATED')`,
    )) as [{ count: string }];
    for (const node of history.settingsHistory.nodes) expect(node.ordersRepriced).toBe(Number(count));
    expect(Number(count)).toBeGreaterThanOrEqual(12);

    for (const cart of carts) cart.stop();
    await client.dispose();
  });

  it('re-prices the open orders containing a product when its price changes', async () => {
    const withBread = await orderWith(products.Bread!, 4);
    const withoutBread = await orderWith(products.Soup!, 1);
    const untouched = await must(stack.url, OrderQuery, { id: withoutBread.order.id }, stack.staffToken);

    const client = wsClient(stack.url, withBread.customerToken);
    const cart = live(client, CartUpdated, { orderId: withBread.order.id });
    await cart.waitFor((value) => value.cartUpdated.itemCount === 4);
    const result = await must(
      stack.url,
      UpdateProduct,
      { input: { id: products.Bread!, price: '1.75' } },
      stack.adminToken,
    );
    expect(result.updateProduct.__typename).toBe('Product');

    const repriced = await cart.waitFor((value) => value.cartUpdated.subtotal === '7.00');
    expect(repriced.cartUpdated.items[0]).toMatchObject({ unitPrice: '1.75', lineTotal: '7.00' });
    const after = await must(stack.url, OrderQuery, { id: withoutBread.order.id }, stack.staffToken);
    expect(after.order?.version).toBe(untouched.order?.version);
    cart.stop();
    await client.dispose();
  });
});
