import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money/decimal.ts';
import { queryDatabase } from '../support/database.ts';
import { addLine, newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { live, must, request, wsClient } from '../support/graphql.ts';
import { RecordPayment, ValidateOrder } from '../support/lifecycle-operations.ts';
import {
  lockOrder,
  lockOrderLines,
  ordersWithExpectedTotals,
  seedOpenOrders,
  waitForRow,
} from '../support/open-orders.ts';
import { AddItem, CartUpdated, OrderQuery, UpdateProduct, UpdateSettings } from '../support/operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;
let soupId: string;
let breadId: string;
let open: string[];

const SEEDED = 1_200;

beforeAll(async () => {
  stack = await startStack();
  const products = await seedProducts(stack.url, stack.adminToken, { Soup: '6.00', Bread: '1.50' });
  soupId = products.Soup!;
  breadId = products.Bread!;
  await setRates(stack.url, stack.adminToken, '8', '2.5');
  open = await seedOpenOrders(stack.database.url, SEEDED, { soupId, breadId });
});

afterAll(async () => {
  await stack?.close();
});

async function addSoup(orderId: string) {
  return addLine(stack.url, { orderId, productId: soupId, quantity: 1 }, stack.staffToken);
}

/**
 * The `fromEnd`-th DRAFT order counting from the highest id: re-pricing runs in id order, so these are the last
 * it reaches. The seeded open orders mix DRAFT and VALIDATED at random ids, and only a draft takes new items.
 */
async function draftNearTheEnd(fromEnd: number) {
  const [row] = await queryDatabase<{ id: string }>(
    stack.database.url,
    `select id from customer_order where status = 'DRAFT' and id = any($1::uuid[]) order by id desc offset $2 limit 1`,
    [open, fromEnd - 1],
  );
  if (!row) throw new Error(`no DRAFT order ${fromEnd} from the end`);
  return row.id;
}

/**
 * A DRAFT order the running change has not re-priced yet and no batch holds, from the highest ids down (the
 * last a change reaches). Probed with `SKIP LOCKED` in a statement of its own, which keeps no lock.
 */
async function staleUnlockedDraft(excluding: readonly string[]) {
  const [row] = await queryDatabase<{ id: string }>(
    stack.database.url,
    `select o.id from customer_order o
     where o.status = 'DRAFT' and o.pricing_version < (select pricing_version from settings)
       and o.id <> all($1::uuid[])
     order by o.id desc limit 1 for update skip locked`,
    [excluding],
  );
  if (!row) throw new Error('no stale DRAFT order left that no batch holds');
  return row.id;
}

async function storedRates(orderId: string) {
  const [row] = await queryDatabase<{ tax_rate_percent: string; surcharge_percent: string; status: string }>(
    stack.database.url,
    'select tax_rate_percent, surcharge_percent, status from customer_order where id = $1',
    [orderId],
  );
  return row;
}

/** Every open order carries the current terms, and its stored totals are what the pure function gives. */
async function expectEveryOpenOrderPricedWith(taxRatePercent: string, surchargePercent: string) {
  const [settings] = await queryDatabase<{ pricing_version: number }>(
    stack.database.url,
    'select pricing_version from settings',
  );
  const priced = await ordersWithExpectedTotals(stack.database.url, `status in ('DRAFT', 'VALIDATED')`);
  expect(priced.length).toBeGreaterThan(SEEDED / 2);
  for (const { order, expected, linesAtCataloguePrice } of priced) {
    expect(order).toMatchObject({
      tax_rate_percent: taxRatePercent,
      surcharge_percent: surchargePercent,
      pricing_version: settings?.pricing_version,
      ...expected,
    });
    expect(linesAtCataloguePrice).toBe(true);
  }
}

describe('a settings change over many open orders', { timeout: 120_000 }, () => {
  it('commits at once and re-prices in batches while tills keep working on the new terms', async () => {
    const client = wsClient(stack.url, stack.staffToken);
    const watched = [open[5]!, open[900]!, open.at(-1)!];
    const carts = watched.map((orderId) => live(client, CartUpdated, { orderId }));
    await Promise.all(carts.map((cart) => cart.waitFor(() => true)));

    // The change is held mid-way: the first batches (two at a time, 500 orders each) wait to rewrite the lines
    // of the first 1,000 open orders (their orders locked), and the orders after them stay stale meanwhile.
    const slow = await lockOrderLines(stack.database.url, open.slice(0, 1_000));
    const change = request(
      stack.url,
      UpdateSettings,
      { input: { taxRatePercent: '9.5', surchargePercent: '3' } },
      stack.adminToken,
    );
    try {
      await waitForRow<{ tax_rate_percent: string }>(
        stack.database.url,
        'select tax_rate_percent from settings',
        (row) => row?.tax_rate_percent === '9.500',
      );

      // Not yet re-priced, not locked: a till's edit goes through now, priced with the new terms.
      const stale = await staleUnlockedDraft([]);
      expect(await storedRates(stale)).toMatchObject({ tax_rate_percent: '0.000' });
      await addSoup(stale);
      expect(await storedRates(stale)).toMatchObject({
        tax_rate_percent: '9.500',
        surcharge_percent: '3.000',
      });

      // An order created during the change is priced with the new terms.
      const created = await newOrder(stack.url, stack.staffToken);
      const withSoup = await addSoup(created.order.id);
      // 6.00; surcharge 3 % = 0.18; tax 9.5 % of 6.18 = 0.5871 → 0.59; total 6.77
      expect(withSoup).toMatchObject({ subtotal: '6.00', surcharge: '0.18', tax: '0.59', total: '6.77' });

      // Validated and paid while the change is still re-pricing others: on the new terms, never the old.
      const draft = await staleUnlockedDraft([stale]);
      const before = await storedRates(draft);
      expect(before).toMatchObject({ tax_rate_percent: '0.000', status: 'DRAFT' });
      const validated = await must(stack.url, ValidateOrder, { orderId: draft }, stack.staffToken);
      expect(validated.validateOrder.__typename).toBe('Order');
      expect(await storedRates(draft)).toMatchObject({ tax_rate_percent: '9.500', status: 'VALIDATED' });
      const validatedTotal =
        validated.validateOrder.__typename === 'Order' ? validated.validateOrder.total : 'none';
      const paid = await must(
        stack.url,
        RecordPayment,
        { input: { orderId: draft, amount: validatedTotal, method: 'CASH', idempotencyKey: `pay-${draft}` } },
        stack.staffToken,
      );
      expect(paid.recordPayment.__typename).toBe('RecordPaymentPayload');
      expect(await storedRates(draft)).toMatchObject({ tax_rate_percent: '9.500', status: 'PAID' });
      const [expected] = (await ordersWithExpectedTotals(stack.database.url, `id = '${draft}'`)) ?? [];
      expect(validatedTotal).toBe(new Decimal(expected?.expected.total ?? '-1').toFixed(2));

      // The held batch has not finished: the change really is still under way.
      const [stillStale] = await queryDatabase<{ n: string }>(
        stack.database.url,
        `select count(*) as n from customer_order o, settings s
         where o.status in ('DRAFT', 'VALIDATED') and o.pricing_version < s.pricing_version`,
      );
      expect(Number(stillStale?.n)).toBeGreaterThan(0);
    } finally {
      await slow.release();
    }
    const answered = await change;
    expect(answered.data?.updateSettings.__typename).toBe('Settings');

    await expectEveryOpenOrderPricedWith('9.500', '3.000');
    for (const [index, cart] of carts.entries()) {
      const { order } = await must(stack.url, OrderQuery, { id: watched[index]! }, stack.staffToken);
      const last = await cart.waitFor((value) => value.cartUpdated.version === order?.version);
      expect(last.cartUpdated).toMatchObject({ taxRatePercent: '9.5', total: order?.total });
      cart.stop();
    }
    await client.dispose();
  });

  it('re-prices the open orders holding a product after its price changes, without blocking tills', async () => {
    const slow = await lockOrder(stack.database.url, open[50]!);
    const change = request(
      stack.url,
      UpdateProduct,
      { input: { id: breadId, price: '1.75' } },
      stack.adminToken,
    );
    try {
      await waitForRow<{ price: string }>(
        stack.database.url,
        `select price from product where id = '${breadId}'`,
        (row) => row?.price === '1.750',
      );
      const created = await newOrder(stack.url, stack.staffToken);
      const result = await must(
        stack.url,
        AddItem,
        { input: { orderId: created.order.id, productId: breadId, quantity: 2 } },
        stack.staffToken,
      );
      expect(result.addItem).toMatchObject({ subtotal: '3.50' });
      const editedLate = await draftNearTheEnd(3);
      await addSoup(editedLate);
      const [line] = await queryDatabase<{ unit_price: string }>(
        stack.database.url,
        `select unit_price from order_item where order_id = $1 and product_id = $2`,
        [editedLate, breadId],
      );
      if (line) expect(line.unit_price).toBe('1.750');
    } finally {
      await slow.release();
    }
    const answered = await change;
    expect(answered.data?.updateProduct.__typename).toBe('Product');
    await expectEveryOpenOrderPricedWith('9.500', '3.000');
  });

  it('passes over an order a till holds, and re-prices it once that till rolls back', async () => {
    const held = open[100]!;
    const slow = await lockOrder(stack.database.url, held);
    const change = request(stack.url, UpdateSettings, { input: { taxRatePercent: '10' } }, stack.adminToken);
    try {
      // Every other open order is re-priced while the till still holds its own: no batch waits for it.
      await waitForRow<{ ids: string[] | null }>(
        stack.database.url,
        `select array_agg(o.id) as ids from customer_order o, settings s
         where o.status in ('DRAFT', 'VALIDATED') and o.pricing_version < s.pricing_version`,
        (row) => row?.ids?.length === 1 && row.ids[0] === held,
        30_000,
      );
    } finally {
      // The till writes nothing: its order is still stale, and the change's last pass re-prices it.
      await slow.release();
    }
    const answered = await change;
    expect(answered.data?.updateSettings.__typename).toBe('Settings');
    await expectEveryOpenOrderPricedWith('10.000', '3.000');
  });
});
