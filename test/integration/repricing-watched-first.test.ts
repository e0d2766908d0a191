import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDatabase } from '../support/database.ts';
import { seedProducts, setRates } from '../support/fixtures.ts';
import { live, must, request, wsClient } from '../support/graphql.ts';
import { lockOrderLines, ordersWithExpectedTotals, seedOpenOrders } from '../support/open-orders.ts';
import { CartUpdated, OrderQuery, UpdateSettings } from '../support/operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;
let open: string[];

const SEEDED = 1_200;

beforeAll(async () => {
  stack = await startStack();
  const products = await seedProducts(stack.url, stack.adminToken, { Soup: '6.00', Bread: '1.50' });
  await setRates(stack.url, stack.adminToken, '8', '2.5');
  open = await seedOpenOrders(stack.database.url, SEEDED, {
    soupId: products.Soup!,
    breadId: products.Bread!,
  });
});

afterAll(async () => {
  await stack?.close();
});

async function staleOrderIds(): Promise<string[]> {
  const rows = await queryDatabase<{ id: string }>(
    stack.database.url,
    `select o.id from customer_order o, settings s
     where o.status in ('DRAFT', 'VALIDATED') and o.pricing_version < s.pricing_version`,
  );
  return rows.map((row) => row.id);
}

describe('a settings change while someone watches a few of many open orders', { timeout: 120_000 }, () => {
  it('re-prices the watched orders first, even those the id-order pass would reach last', async () => {
    const client = wsClient(stack.url, stack.staffToken);
    // The highest ids: in id order the change reaches them last.
    const watched = open.slice(-3);
    const carts = watched.map((orderId) => live(client, CartUpdated, { orderId }));
    await Promise.all(carts.map((cart) => cart.waitFor(() => true)));

    // Every other open order has a line a slow writer holds: the id-order pass waits at its first batches.
    const unwatched = open.filter((id) => !watched.includes(id));
    const slow = await lockOrderLines(stack.database.url, unwatched);
    const change = request(
      stack.url,
      UpdateSettings,
      { input: { taxRatePercent: '9.5', surchargePercent: '3' } },
      stack.adminToken,
    );
    try {
      for (const cart of carts) await cart.waitFor((value) => value.cartUpdated.taxRatePercent === '9.5');
      // The id-order pass is still held: the watched orders did not wait behind it.
      const stale = await staleOrderIds();
      expect(stale.length).toBeGreaterThan(unwatched.length / 2);
      expect(stale).not.toEqual(expect.arrayContaining([watched[0]]));
    } finally {
      await slow.release();
    }
    const answered = await change;
    expect(answered.data?.updateSettings.__typename).toBe('Settings');

    // Then the id-order pass re-prices the rest, and the watched orders are not re-priced again.
    expect(await staleOrderIds()).toEqual([]);
    const priced = await ordersWithExpectedTotals(stack.database.url, `status in ('DRAFT', 'VALIDATED')`);
    expect(priced).toHaveLength(open.length);
    for (const { order, expected } of priced)
      expect(order).toMatchObject({ tax_rate_percent: '9.500', surcharge_percent: '3.000', ...expected });
    const audit = await queryDatabase<{ order_id: string; n: string }>(
      stack.database.url,
      `select order_id, count(*) as n from order_repricing
       where change_id = (select max(id) from price_change) group by order_id`,
    );
    expect(audit).toHaveLength(open.length);
    expect(audit.filter((row) => Number(row.n) !== 1)).toEqual([]);
    for (const [index, cart] of carts.entries()) {
      const { order } = await must(stack.url, OrderQuery, { id: watched[index]! }, stack.staffToken);
      const last = await cart.waitFor((value) => value.cartUpdated.version === order?.version);
      expect(last.cartUpdated).toMatchObject({ taxRatePercent: '9.5', total: order?.total });
      cart.stop();
    }
    await client.dispose();
  });
});
