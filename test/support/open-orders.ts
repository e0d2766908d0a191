import pg from 'pg';
import { minorUnitsOf } from '../../src/money/currency.ts';
import { Decimal } from '../../src/money/decimal.ts';
import { type OrderDiscount, priceOrder } from '../../src/orders/domain/pricing.ts';
import { queryDatabase } from './database.ts';

/**
 * Seeds `count` open orders straight into the database (setup at a scale GraphQL would make slow): lines of
 * `soupId` × 1–4 and, on two orders in three, `breadId` × 1–2; a 10 % discount on every third order, a fixed
 * 2.00 on the next; one in ten VALIDATED, one in ten PAID. Their stored totals are deliberately stale (zero),
 * so only a re-pricing can make them right. Their pickup codes ("S0000001"…) are outside the alphabet of
 * real codes, so they never collide with an order created through the API. Returns the open (DRAFT/VALIDATED) ids in id order.
 */
export async function seedOpenOrders(
  databaseUrl: string,
  count: number,
  products: { soupId: string; breadId: string },
): Promise<string[]> {
  await queryDatabase(
    databaseUrl,
    `with created as (
       insert into customer_order (id, pickup_code, status, version, currency, tax_rate_percent, surcharge_percent,
         subtotal, discount_total, surcharge, tax, total, amount_paid, created_by, discount_kind, discount_value,
         created_at, updated_at)
       select gen_random_uuid(), 'S' || lpad(g::text, 7, '0'),
         case when g % 10 = 0 then 'VALIDATED' when g % 10 = 5 then 'PAID' else 'DRAFT' end,
         1, 'USD', 0, 0, 0, 0, 0, 0, 0, 0, 'seed',
         case g % 3 when 0 then 'PERCENT' when 1 then 'FIXED' end,
         case g % 3 when 0 then 10 when 1 then 2 end,
         now(), now()
       from generate_series(1, $1) g
       returning id, number
     ),
     soup as (
       insert into order_item (id, order_id, product_id, name, unit_price, quantity, line_total, created_at)
       select gen_random_uuid(), id, $2, 'Soup', 0, number % 4 + 1, 0, now() from created
     )
     insert into order_item (id, order_id, product_id, name, unit_price, quantity, line_total, created_at)
     select gen_random_uuid(), id, $3, 'Bread', 0, number % 2 + 1, 0, now() from created where number % 3 <> 0`,
    [count, products.soupId, products.breadId],
  );
  const rows = await queryDatabase<{ id: string }>(
    databaseUrl,
    `select id from customer_order where status in ('DRAFT', 'VALIDATED') order by id`,
  );
  return rows.map((row) => row.id);
}

export interface StoredOrder {
  id: string;
  status: string;
  tax_rate_percent: string;
  surcharge_percent: string;
  subtotal: string;
  discount_total: string;
  surcharge: string;
  tax: string;
  total: string;
  pricing_version: number;
  version: number;
}

/** Every order with the totals the pure pricing function gives for its lines, discount and stored rates. */
export async function ordersWithExpectedTotals(databaseUrl: string, where: string) {
  const orders = await queryDatabase<StoredOrder & { discount_kind: string | null; discount_value: string }>(
    databaseUrl,
    `select id, status, tax_rate_percent, surcharge_percent, subtotal, discount_total, surcharge, tax, total,
       pricing_version, version, discount_kind, discount_value, currency
     from customer_order where ${where}`,
  );
  const lines = await queryDatabase<{
    order_id: string;
    unit_price: string;
    quantity: number;
    price: string;
  }>(
    databaseUrl,
    `select i.order_id, i.unit_price, i.quantity, p.price
     from order_item i join product p on p.id = i.product_id`,
  );
  const linesOf = Map.groupBy(lines, (line) => line.order_id);
  return orders.map((order) => {
    const discount: OrderDiscount | null =
      order.discount_kind === 'PERCENT'
        ? { kind: 'PERCENT', percent: new Decimal(order.discount_value) }
        : order.discount_kind === 'FIXED'
          ? { kind: 'FIXED', amount: new Decimal(order.discount_value) }
          : null;
    const orderLines = linesOf.get(order.id) ?? [];
    const totals = priceOrder({
      lines: orderLines.map((line) => ({ unitPrice: new Decimal(line.price), quantity: line.quantity })),
      discount,
      taxRatePercent: new Decimal(order.tax_rate_percent),
      surchargePercent: new Decimal(order.surcharge_percent),
      minorUnits: minorUnitsOf((order as unknown as { currency: string }).currency),
    });
    return {
      order,
      linesAtCataloguePrice: orderLines.every((line) => new Decimal(line.unit_price).eq(line.price)),
      expected: {
        subtotal: totals.subtotal.toFixed(3),
        discount_total: totals.discountTotal.toFixed(3),
        surcharge: totals.surcharge.toFixed(3),
        tax: totals.tax.toFixed(3),
        total: totals.total.toFixed(3),
      },
    };
  });
}

/** Holds a row lock on one order from outside the API, as a slow writer would, until released. */
export async function lockOrder(databaseUrl: string, orderId: string): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('begin');
  await client.query('select id from customer_order where id = $1 for update', [orderId]);
  return {
    async release() {
      await client.query('rollback');
      await client.end();
    },
  };
}

/**
 * Holds row locks on the lines of `orderIds` from outside the API until released, as a slow writer would: a
 * re-pricing batch that must rewrite one of those lines (the seeded ones are priced zero) waits for it with
 * its orders locked, and so does its pass. Orders themselves stay unlocked, so no pass skips them.
 */
export async function lockOrderLines(
  databaseUrl: string,
  orderIds: readonly string[],
): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('begin');
  await client.query('select id from order_item where order_id = any($1::uuid[]) for update', [orderIds]);
  return {
    async release() {
      await client.query('rollback');
      await client.end();
    },
  };
}

/** Polls the database until `query` returns a row matching `predicate` (bounded; never a fixed sleep). */
export async function waitForRow<T extends pg.QueryResultRow>(
  databaseUrl: string,
  query: string,
  predicate: (row: T | undefined) => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await queryDatabase<T>(databaseUrl, query);
    if (predicate(row)) return;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for: ${query} (last: ${JSON.stringify(row)})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
