import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { minorUnitsOf } from '../../src/money/currency.ts';
import { Decimal } from '../../src/money/decimal.ts';
import { priceOrder } from '../../src/orders/domain/pricing.ts';

export interface BenchDatabase {
  url: string;
  pool: pg.Pool;
  productId: string;
  drop(): Promise<void>;
}

export const PRODUCT_PRICE = '12.50';
export const INITIAL_TERMS = { taxRatePercent: '8.875', surchargePercent: '2.5', currency: 'USD' };

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Databases created by this run and not yet dropped (an interrupted run drops them all). */
const created = new Map<string, string>();
let refusing = false;

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    created.delete(name);
  } finally {
    await client.end();
  }
}

/** For an interrupted run: drops every database it created and refuses to create more. */
export async function dropAllBenchDatabases(): Promise<void> {
  refusing = true;
  await Promise.allSettled([...created].map(([name, adminUrl]) => dropDatabase(adminUrl, name)));
}

/** A fresh database on the shared server, migrated with the API's own migrations, with one product. */
export async function createBenchDatabase(adminUrl: string, label: string): Promise<BenchDatabase> {
  if (refusing) throw new Error('the run was interrupted');
  const name = `pos_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    created.set(name, adminUrl);
    await admin.query(`create database ${name}`);
    // Interrupted while creating: the interrupt's drop may have run before this database existed.
    if (refusing) {
      await admin.query(`drop database if exists ${name} with (force)`);
      throw new Error('the run was interrupted');
    }
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  execFileSync(process.execPath, ['src/db/cli.ts', 'up'], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'ignore',
  });
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // Dropping the database with (force) ends idle pooled connections: expected, not a crash.
  pool.on('error', () => {});
  await pool.query(
    'update settings set tax_rate_percent = $1, surcharge_percent = $2, currency = $3 where id = 1',
    [INITIAL_TERMS.taxRatePercent, INITIAL_TERMS.surchargePercent, INITIAL_TERMS.currency],
  );
  const category = await pool.query<{ id: string }>(
    `insert into category (id, name, position, created_at) values (gen_random_uuid(), 'Bench', 0, now()) returning id`,
  );
  const product = await pool.query<{ id: string }>(
    `insert into product (id, category_id, name, price, available, track_stock, version, created_at, updated_at)
     values (gen_random_uuid(), $1, 'Burger', $2, true, false, 1, now(), now()) returning id`,
    [category.rows[0]?.id, PRODUCT_PRICE],
  );
  let dropped: Promise<void> | undefined;
  const dropOnce = async () => {
    await pool.end();
    await dropDatabase(adminUrl, name);
  };
  return {
    url,
    pool,
    productId: product.rows[0]?.id as string,
    // Idempotent: an interrupted run and the normal teardown may both ask.
    drop: () => {
      dropped ??= dropOnce();
      return dropped;
    },
  };
}

/** Totals of an order holding `quantity` units of the bench product, as the pricing function computes them. */
export function expectedTotal(quantity: number, taxRatePercent: string): string {
  const totals = priceOrder({
    lines: [{ unitPrice: new Decimal(PRODUCT_PRICE), quantity }],
    taxRatePercent: new Decimal(taxRatePercent),
    surchargePercent: new Decimal(INITIAL_TERMS.surchargePercent),
    minorUnits: minorUnitsOf(INITIAL_TERMS.currency),
  });
  return totals.total.toFixed(minorUnitsOf(INITIAL_TERMS.currency));
}

/**
 * Seeds `count` draft orders, each holding one unit of the bench product and priced with the current terms,
 * in one statement (setup is not what is measured). Earlier orders are closed first so a settings change
 * re-prices exactly the orders of the current scenario.
 */
export async function seedOrders(db: BenchDatabase, count: number): Promise<string[]> {
  await db.pool.query(`update customer_order set status = 'DONE' where status in ('DRAFT', 'VALIDATED')`);
  const terms = await db.pool.query<{ tax: string }>('select tax_rate_percent as tax from settings');
  const tax = terms.rows[0]?.tax ?? INITIAL_TERMS.taxRatePercent;
  const totals = priceOrder({
    lines: [{ unitPrice: new Decimal(PRODUCT_PRICE), quantity: 1 }],
    taxRatePercent: new Decimal(tax),
    surchargePercent: new Decimal(INITIAL_TERMS.surchargePercent),
    minorUnits: minorUnitsOf(INITIAL_TERMS.currency),
  });
  const orders = await db.pool.query<{ id: string }>(
    // Pickup codes outside the real codes' alphabet ("B0000001"…), numbered on from every earlier order: unique
    // across seedings, and never one an API order holds.
    `insert into customer_order (id, pickup_code, status, version, currency, tax_rate_percent, surcharge_percent,
       subtotal, discount_total, surcharge, tax, total, created_by, created_at, updated_at)
     select gen_random_uuid(), 'B' || lpad((earlier.n + g)::text, 7, '0'), 'DRAFT', 1, $2, $3, $4, $5, 0, $6, $7,
       $8, 'bench', now(), now()
     from generate_series(1, $1) g, (select count(*) as n from customer_order) earlier returning id`,
    [
      count,
      INITIAL_TERMS.currency,
      tax,
      INITIAL_TERMS.surchargePercent,
      totals.subtotal.toFixed(3),
      totals.surcharge.toFixed(3),
      totals.tax.toFixed(3),
      totals.total.toFixed(3),
    ],
  );
  const ids = orders.rows.map((row) => row.id);
  await db.pool.query(
    `insert into order_item (id, order_id, product_id, name, unit_price, quantity, line_total, notes, created_at)
     select gen_random_uuid(), o, $2, 'Burger', $3, 1, $3, null, now() from unnest($1::uuid[]) o`,
    [ids, db.productId, PRODUCT_PRICE],
  );
  return ids;
}

/** Tax rate back to the initial value between scenarios (direct SQL: only orders seeded later are priced). */
export async function resetTerms(db: BenchDatabase): Promise<void> {
  await db.pool.query('update settings set tax_rate_percent = $1 where id = 1', [
    INITIAL_TERMS.taxRatePercent,
  ]);
}
