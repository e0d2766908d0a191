import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money/decimal.ts';
import { priceOrder } from '../../src/orders/domain/pricing.ts';
import { queryDatabase } from '../support/database.ts';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { live, must, wsClient } from '../support/graphql.ts';
import { AddItem, CartUpdated, OrderQuery, UpdateProduct, UpdateSettings } from '../support/operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;
let products: Record<string, string>;

beforeAll(async () => {
  stack = await startStack();
  products = await seedProducts(stack.url, stack.adminToken, {
    Coffee: '3.10',
    Bagel: '2.45',
    Juice: '4.05',
  });
  await setRates(stack.url, stack.adminToken, '8', '1');
});

afterAll(async () => {
  await stack?.close();
});

const productNames = ['Coffee', 'Bagel', 'Juice'] as const;

describe('concurrency', () => {
  it('delivers strictly increasing versions to every subscriber and ends on the committed state', async () => {
    const { order, customerToken } = await newOrder(stack.url);
    const customer = wsClient(stack.url, customerToken);
    const staff = wsClient(stack.url, stack.staffToken);
    const subscribers = [
      live(customer, CartUpdated, { orderId: order.id }),
      live(staff, CartUpdated, { orderId: order.id }),
    ];
    await Promise.all(subscribers.map((s) => s.waitFor((v) => v.cartUpdated.version === order.version)));

    const edits = Array.from({ length: 40 }, (_, index) =>
      must(
        stack.url,
        AddItem,
        { input: { orderId: order.id, productId: products[productNames[index % 3]!]!, quantity: 1 } },
        customerToken,
      ),
    );
    const results = await Promise.all(edits);
    expect(results.every((result) => result.addItem.__typename === 'Order')).toBe(true);

    const committed = (await must(stack.url, OrderQuery, { id: order.id }, stack.staffToken)).order!;
    expect(committed.itemCount).toBe(40);
    // 14 × 3.10 + 13 × 2.45 + 13 × 4.05 = 43.40 + 31.85 + 52.65 = 127.90
    expect(committed.subtotal).toBe('127.90');
    for (const subscriber of subscribers) {
      const last = await subscriber.waitFor((value) => value.cartUpdated.version === committed.version);
      expect(last.cartUpdated).toEqual(committed);
      const versions = subscriber.values.map((value) => value.cartUpdated.version);
      for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
    }
    // Both subscribers saw the same content for any version they both received: one serialisation per commit.
    const byVersion = new Map(
      subscribers[0]!.values.map((value) => [value.cartUpdated.version, value.cartUpdated]),
    );
    for (const value of subscribers[1]!.values) {
      const twin = byVersion.get(value.cartUpdated.version);
      if (twin) expect(value.cartUpdated).toEqual(twin);
    }
    for (const subscriber of subscribers) subscriber.stop();
    await Promise.all([customer.dispose(), staff.dispose()]);
  });

  it('loses nothing committed between the snapshot and the subscription (subscribe-then-snapshot)', async () => {
    const { order, customerToken } = await newOrder(stack.url);
    const client = wsClient(stack.url, customerToken);
    // Mutations are already in flight while the subscription is being set up.
    const edits = Array.from({ length: 20 }, () =>
      must(
        stack.url,
        AddItem,
        { input: { orderId: order.id, productId: products.Bagel!, quantity: 1 } },
        customerToken,
      ),
    );
    const subscriber = live(client, CartUpdated, { orderId: order.id });
    await Promise.all(edits);
    const committed = (await must(stack.url, OrderQuery, { id: order.id }, customerToken)).order!;
    const last = await subscriber.waitFor((value) => value.cartUpdated.version === committed.version);
    expect(last.cartUpdated).toEqual(committed);
    expect(last.cartUpdated.itemCount).toBe(20);
    subscriber.stop();
    await client.dispose();
  });

  it('never leaves an open order priced with superseded settings or prices when everything races', async () => {
    const orders = await Promise.all(Array.from({ length: 8 }, () => newOrder(stack.url, stack.staffToken)));
    const cartEdits = Array.from({ length: 48 }, (_, index) =>
      must(
        stack.url,
        AddItem,
        {
          input: {
            orderId: orders[index % orders.length]!.order.id,
            productId: products[productNames[index % 3]!]!,
            quantity: (index % 4) + 1,
          },
        },
        stack.staffToken,
      ),
    );
    const settingsChanges = ['9.5', '10.125', '7', '12.875', '8.25'].map((tax, index) =>
      must(
        stack.url,
        UpdateSettings,
        { input: { taxRatePercent: tax, surchargePercent: `${index}.5` } },
        stack.adminToken,
      ),
    );
    const priceChanges = [
      must(stack.url, UpdateProduct, { input: { id: products.Coffee!, price: '3.35' } }, stack.adminToken),
      must(stack.url, UpdateProduct, { input: { id: products.Juice!, price: '3.95' } }, stack.adminToken),
    ];
    const lateOrders = Array.from({ length: 3 }, () => newOrder(stack.url, stack.staffToken));
    await Promise.all([...cartEdits, ...settingsChanges, ...priceChanges, ...lateOrders]);

    const [settings] = await queryDatabase<{ tax_rate_percent: string; surcharge_percent: string }>(
      stack.database.url,
      'select tax_rate_percent, surcharge_percent from settings',
    );
    const open = await queryDatabase<{
      id: string;
      tax_rate_percent: string;
      surcharge_percent: string;
      subtotal: string;
      surcharge: string;
      tax: string;
      total: string;
    }>(stack.database.url, `select * from customer_order where status in ('DRAFT', 'VALIDATED')`);
    const lines = await queryDatabase<{
      order_id: string;
      quantity: number;
      unit_price: string;
      price: string;
    }>(
      stack.database.url,
      'select i.order_id, i.quantity, i.unit_price, p.price from order_item i join product p on p.id = i.product_id',
    );
    expect(open.length).toBeGreaterThanOrEqual(11);
    for (const order of open) {
      const orderLines = lines.filter((line) => line.order_id === order.id);
      for (const line of orderLines) expect(line.unit_price).toBe(line.price);
      const expected = priceOrder({
        lines: orderLines.map((line) => ({ unitPrice: new Decimal(line.price), quantity: line.quantity })),
        taxRatePercent: new Decimal(settings!.tax_rate_percent),
        surchargePercent: new Decimal(settings!.surcharge_percent),
        minorUnits: 2,
      });
      expect(order.tax_rate_percent).toBe(settings!.tax_rate_percent);
      expect(order.surcharge_percent).toBe(settings!.surcharge_percent);
      expect(new Decimal(order.subtotal).equals(expected.subtotal)).toBe(true);
      expect(new Decimal(order.surcharge).equals(expected.surcharge)).toBe(true);
      expect(new Decimal(order.tax).equals(expected.tax)).toBe(true);
      expect(new Decimal(order.total).equals(expected.total)).toBe(true);
    }
  });
});
