import type pg from 'pg';
import { type ItemRow, type OrderRow, orderViewJson, reprice, type Terms } from './pricing-sql.ts';

const ORDER_COLUMNS = `id, number, status, version, currency, tax_rate_percent, surcharge_percent, subtotal,
  discount_total, surcharge, tax, total, created_at, updated_at`;
const ITEMS_OF = `select i.id, i.order_id, i.product_id, p.name as product_name, i.name, i.unit_price, i.quantity,
  i.line_total, i.notes, i.created_at
  from order_item i join product p on p.id = i.product_id
  where i.order_id = any($1::uuid[]) order by i.created_at, i.id`;

/** A committed order state, serialised once for every subscriber. */
export interface Published {
  orderId: string;
  version: number;
  json: string;
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function termsFor(client: pg.PoolClient, lock: 'share' | 'update'): Promise<Terms> {
  const { rows } = await client.query<{ tax: string; surcharge: string; currency: string }>(
    `select tax_rate_percent as tax, surcharge_percent as surcharge, currency from settings where id = 1 for ${lock}`,
  );
  const row = rows[0];
  if (!row) throw new Error('settings row missing');
  return { taxRatePercent: row.tax, surchargePercent: row.surcharge, currency: row.currency };
}

function itemsByOrder(items: ItemRow[]): Map<string, ItemRow[]> {
  const byOrder = new Map<string, ItemRow[]>();
  for (const item of items) {
    const list = byOrder.get(item.order_id);
    if (list) list.push(item);
    else byOrder.set(item.order_id, [item]);
  }
  return byOrder;
}

/** Adds one unit of a product to a draft order and re-prices it: one transaction, same locks as the API. */
export async function addItem(
  pool: pg.Pool,
  input: { orderId: string; productId: string; quantity: number },
): Promise<Published> {
  return inTransaction(pool, async (client) => {
    const terms = await termsFor(client, 'share');
    const product = await client.query<{ price: string; name: string; available: boolean }>(
      'select price, name, available from product where id = $1 for share',
      [input.productId],
    );
    const productRow = product.rows[0];
    if (!productRow?.available) throw new Error('product not available');
    const locked = await client.query<{ status: string }>(
      'select status from customer_order where id = $1 for update',
      [input.orderId],
    );
    if (locked.rows[0]?.status !== 'DRAFT') throw new Error('order not editable');
    const updated = await client.query(
      `update order_item set quantity = quantity + $3, unit_price = $4
       where order_id = $1 and product_id = $2 and notes is null`,
      [input.orderId, input.productId, input.quantity, productRow.price],
    );
    if (updated.rowCount === 0) {
      await client.query(
        `insert into order_item (id, order_id, product_id, name, unit_price, quantity, line_total, notes, created_at)
         values (gen_random_uuid(), $1, $2, $3, $4, $5, 0, null, now())`,
        [input.orderId, input.productId, productRow.name, productRow.price, input.quantity],
      );
    }
    const items = (await client.query<ItemRow>(ITEMS_OF, [[input.orderId]])).rows;
    const priced = reprice(items, terms);
    for (const [index, item] of items.entries()) {
      const lineTotal = priced.lineTotals[index] ?? '0';
      if (item.line_total !== lineTotal) {
        await client.query('update order_item set line_total = $2 where id = $1', [item.id, lineTotal]);
        item.line_total = lineTotal;
      }
    }
    const order = await client.query<OrderRow>(
      `update customer_order set subtotal = $2, discount_total = $3, surcharge = $4, tax = $5, total = $6,
         tax_rate_percent = $7, surcharge_percent = $8, currency = $9, updated_at = now(), version = version + 1
       where id = $1 returning ${ORDER_COLUMNS}`,
      [
        input.orderId,
        priced.subtotal,
        priced.discountTotal,
        priced.surcharge,
        priced.tax,
        priced.total,
        terms.taxRatePercent,
        terms.surchargePercent,
        terms.currency,
      ],
    );
    const row = order.rows[0] as OrderRow;
    return { orderId: row.id, version: row.version, json: orderViewJson(row, items) };
  });
}

/** Changes the tax rate and re-prices every in-progress order in the same transaction. */
export async function setTaxRate(pool: pg.Pool, taxRatePercent: string): Promise<Published[]> {
  return inTransaction(pool, async (client) => {
    const current = await termsFor(client, 'update');
    await client.query(
      'update settings set tax_rate_percent = $1, version = version + 1, updated_at = now() where id = 1',
      [taxRatePercent],
    );
    const terms = { ...current, taxRatePercent };
    const orders = (
      await client.query<{ id: string }>(
        `select id from customer_order where status in ('DRAFT', 'VALIDATED') order by id for update`,
      )
    ).rows.map((row) => row.id);
    const items = itemsByOrder((await client.query<ItemRow>(ITEMS_OF, [orders])).rows);
    const values = orders.map((id) => ({ id, ...reprice(items.get(id) ?? [], terms) }));
    const updated = await client.query<OrderRow>(
      `update customer_order o set subtotal = v.subtotal::numeric, discount_total = v.discount_total::numeric,
         surcharge = v.surcharge::numeric, tax = v.tax::numeric, total = v.total::numeric,
         tax_rate_percent = $2, updated_at = now(), version = o.version + 1
       from (select unnest($1::text[]) as id, unnest($3::text[]) as subtotal, unnest($4::text[]) as discount_total,
               unnest($5::text[]) as surcharge, unnest($6::text[]) as tax, unnest($7::text[]) as total) v
       where o.id = v.id::uuid returning ${ORDER_COLUMNS.replace(/(\w+)/g, 'o.$1')}`,
      [
        values.map((v) => v.id),
        taxRatePercent,
        values.map((v) => v.subtotal),
        values.map((v) => v.discountTotal),
        values.map((v) => v.surcharge),
        values.map((v) => v.tax),
        values.map((v) => v.total),
      ],
    );
    return updated.rows.map((row) => ({
      orderId: row.id,
      version: row.version,
      json: orderViewJson(row, items.get(row.id) ?? []),
    }));
  });
}

/** The committed state of one order, or null. */
export async function snapshot(pool: pg.Pool, orderId: string): Promise<Published | null> {
  const order = (
    await pool.query<OrderRow>(`select ${ORDER_COLUMNS} from customer_order where id = $1`, [orderId])
  ).rows[0];
  if (!order) return null;
  const items = (await pool.query<ItemRow>(ITEMS_OF, [[orderId]])).rows;
  return { orderId, version: order.version, json: orderViewJson(order, items) };
}
