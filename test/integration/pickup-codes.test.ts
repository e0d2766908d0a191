import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUp, openPersistence } from '../../src/db/orm.ts';
import {
  LONG_PICKUP_CODE_LENGTH,
  newPickupCode,
  PICKUP_CODE_ALPHABET,
  PICKUP_CODE_LENGTH,
} from '../../src/orders/domain/pickup-code.ts';
import { OrderUnitOfWork } from '../../src/orders/index.ts';
import { createTestDatabase, queryDatabase } from '../support/database.ts';
import { newOrder } from '../support/fixtures.ts';
import { must } from '../support/graphql.ts';
import { CancelOrder, OrdersPage } from '../support/lifecycle-operations.ts';
import { OrderQuery } from '../support/operations.ts';
import { postQuery } from '../support/raw.ts';
import { startStack, type TestStack } from '../support/server.ts';

const CODE = new RegExp(`^[${PICKUP_CODE_ALPHABET}]{${PICKUP_CODE_LENGTH}}$`);
const OPEN = `('DRAFT', 'VALIDATED', 'PAID', 'PREPARING', 'READY')`;

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

describe('pickup codes', () => {
  it('gives every new order a random code of unambiguous characters that its customer can read', async () => {
    const orders = [];
    for (let i = 0; i < 30; i++) orders.push(await newOrder(stack.url));
    const codes = orders.map(({ order }) => order.pickupCode);
    for (const code of codes) expect(code).toMatch(CODE);
    expect(new Set(codes).size).toBe(codes.length);

    const [first] = orders;
    const read = await must(stack.url, OrderQuery, { id: first!.order.id }, first!.customerToken);
    expect(read.order?.pickupCode).toBe(first!.order.pickupCode);
    // The shop's sequential number stays with staff.
    const number = await postQuery(
      stack.url,
      `{ order(id: "${first!.order.id}") { number } }`,
      undefined,
      first!.customerToken,
    );
    expect(number.json?.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('lets staff find an order by the code the customer reads out, however it is typed', async () => {
    const { order } = await newOrder(stack.url);
    const spoken = `${order.pickupCode.slice(0, 2).toLowerCase()}-${order.pickupCode.slice(2)} `;
    const found = await must(stack.url, OrdersPage, { filter: { search: spoken } }, stack.staffToken);
    expect(found.orders.nodes.map((node) => node.id)).toEqual([order.id]);
  });

  it('draws again when an open order holds the code, and reuses the code of a finished order', async () => {
    const held = (await newOrder(stack.url)).order;
    const finished = (await newOrder(stack.url)).order;
    await must(stack.url, CancelOrder, { orderId: finished.id, reason: 'test' }, stack.staffToken);
    const fresh = freeCode([held.pickupCode, finished.pickupCode]);
    const drawn = [held.pickupCode, fresh, finished.pickupCode];
    const orders = new OrderUnitOfWork(stack.app.services.db, undefined, () => drawn.shift() ?? 'unused');

    expect((await orders.create('test')).pickupCode).toBe(fresh);
    expect((await orders.create('test')).pickupCode).toBe(finished.pickupCode);
    const holders = await queryDatabase<{ n: string }>(
      stack.database.url,
      `select count(*) as n from customer_order where pickup_code = $1 and status in ${OPEN}`,
      [held.pickupCode],
    );
    expect(Number(holders[0]?.n)).toBe(1);
  });
});

describe('when short codes run out', () => {
  it('gives a longer code instead of failing, which staff find like any other', async () => {
    // The short codes this draw can reach are all held by open orders: every short draw collides at INSERT.
    const held = [(await newOrder(stack.url)).order.pickupCode, (await newOrder(stack.url)).order.pickupCode];
    let shortDraws = 0;
    const orders = new OrderUnitOfWork(stack.app.services.db, undefined, (length) => {
      if (length > PICKUP_CODE_LENGTH) return newPickupCode(randomInt, length);
      return held[shortDraws++ % held.length] as string;
    });

    const created = await orders.create('test');
    expect(shortDraws).toBeGreaterThan(1);
    expect(created.pickupCode).toMatch(new RegExp(`^[${PICKUP_CODE_ALPHABET}]{${LONG_PICKUP_CODE_LENGTH}}$`));

    const typed = `${created.pickupCode.slice(0, 3).toLowerCase()} ${created.pickupCode.slice(3)}`;
    const found = await must(stack.url, OrdersPage, { filter: { search: typed } }, stack.staffToken);
    expect(found.orders.nodes.map((node) => node.id)).toEqual([created.id]);
  });
});

describe('the pickup code migration', () => {
  it('gives every existing order a code, unique among open orders', async () => {
    const database = await createTestDatabase();
    const { orm } = await openPersistence({ databaseUrl: database.url, pgliteDir: '' });
    try {
      await orm.migrator.up({ to: 'Migration20261130121322_repricing' });
      await queryDatabase(
        database.url,
        `insert into customer_order (id, status, version, currency, tax_rate_percent, surcharge_percent, subtotal,
           discount_total, surcharge, tax, total, created_by, created_at, updated_at)
         select gen_random_uuid(), (array['DRAFT', 'PAID', 'READY', 'DONE', 'INVOICED', 'CANCELLED'])[g % 6 + 1],
           1, 'USD', 0, 0, 0, 0, 0, 0, 0, 'before', now(), now()
         from generate_series(1, 3000) g`,
      );
      expect(await migrateUp(orm)).toContain('Migration20261130150203_pickup_code');
      const rows = await queryDatabase<{ pickup_code: string; status: string }>(
        database.url,
        'select pickup_code, status from customer_order',
      );
      expect(rows).toHaveLength(3000);
      for (const row of rows) expect(row.pickup_code).toMatch(CODE);
      const open = rows.filter((row) => OPEN.includes(`'${row.status}'`)).map((row) => row.pickup_code);
      expect(open.length).toBe(1500);
      expect(new Set(open).size).toBe(open.length);
    } finally {
      await orm.close(true);
      await database.drop();
    }
  }, 60_000);
});

/** A well-formed code none of `taken` is. */
function freeCode(taken: readonly string[]): string {
  for (const char of PICKUP_CODE_ALPHABET) {
    const code = char.repeat(PICKUP_CODE_LENGTH);
    if (!taken.includes(code)) return code;
  }
  throw new Error('unreachable');
}
