import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
import { createTestDatabase, queryDatabase, type TestDatabase } from '../support/database.ts';
import { JWT_SECRET, REDIS_URL } from '../support/env.ts';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { live, must, wsClient } from '../support/graphql.ts';
import { AddItem, CartUpdated, OrderQuery } from '../support/operations.ts';
import { type ServerProcess, spawnServer } from '../support/process.ts';
import { uniquePrefix } from '../support/server.ts';

let database: TestDatabase;
let processA: ServerProcess;
let processB: ServerProcess;
let adminToken: string;
let staffToken: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL, CHANNEL_PREFIX: uniquePrefix(), JWT_SECRET };
  processA = await spawnServer({ ...env, MIGRATE_ON_START: 'true' });
  processB = await spawnServer(env);
  adminToken = await signToken(JWT_SECRET, { role: 'ADMIN', sub: 'admin' }, '1h');
  staffToken = await signToken(JWT_SECRET, { role: 'STAFF', sub: 'staff' }, '1h');
});

afterAll(async () => {
  await Promise.all([processA?.stop(), processB?.stop()]);
  await database?.drop();
});

describe('100 concurrent addItem on one order from two processes', () => {
  it('ends with exactly the right quantity and total, and strictly increasing versions for every subscriber', async () => {
    const products = await seedProducts(processA.url, adminToken, { Espresso: '2.35', Muffin: '3.10' });
    await setRates(processA.url, adminToken, '8.875', '2.5');
    const { order, customerToken } = await newOrder(processA.url);

    const clients = [wsClient(processA.url, customerToken), wsClient(processB.url, staffToken)];
    const subscribers = clients.map((client) => live(client, CartUpdated, { orderId: order.id }));
    await Promise.all(subscribers.map((s) => s.waitFor((v) => v.cartUpdated.version === order.version)));

    // Half the requests through each process, all at once: both processes race for the same order row.
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        must(
          index % 2 === 0 ? processA.url : processB.url,
          AddItem,
          {
            input: {
              orderId: order.id,
              productId: index % 4 < 2 ? products.Espresso! : products.Muffin!,
              quantity: 1,
            },
          },
          customerToken,
        ),
      ),
    );
    expect(results.filter((result) => result.addItem.__typename === 'Order')).toHaveLength(100);

    const committed = (await must(processB.url, OrderQuery, { id: order.id }, staffToken)).order!;
    // 50 × 2.35 + 50 × 3.10 = 272.50; surcharge 2.5 % = 6.8125 → 6.81; tax 8.875 % of 279.31 = 24.7887… → 24.79
    expect(committed.items.map((item) => [item.name, item.quantity]).sort()).toEqual([
      ['Espresso', 50],
      ['Muffin', 50],
    ]);
    expect(committed).toMatchObject({ itemCount: 100, subtotal: '272.50', surcharge: '6.81', tax: '24.79' });
    expect(committed.total).toBe('304.10');
    // One commit per addItem: the version moved exactly 100 times.
    expect(committed.version).toBe(order.version + 100);
    const [row] = await queryDatabase<{ quantity: string }>(
      database.url,
      'select sum(quantity) as quantity from order_item where order_id = $1',
      [order.id],
    );
    expect(Number(row?.quantity)).toBe(100);

    for (const subscriber of subscribers) {
      const last = await subscriber.waitFor((value) => value.cartUpdated.version === committed.version);
      expect(last.cartUpdated).toEqual(committed);
      const versions = subscriber.values.map((value) => value.cartUpdated.version);
      for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
    }
    for (const subscriber of subscribers) subscriber.stop();
    await Promise.all(clients.map((client) => client.dispose()));
  });
});
