import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app.ts';
import { signToken } from '../../src/auth/tokens.ts';
import { loadConfig } from '../../src/config.ts';
import { JWT_SECRET, REDIS_URL } from '../support/env.ts';
import { newOrder, seedProducts } from '../support/fixtures.ts';
import { live, must, request, wsClient } from '../support/graphql.ts';
import { waitForMetric } from '../support/metrics.ts';
import { AddItem, CartUpdated, OrderQuery } from '../support/operations.ts';
import { type PrivateCluster, startPrivateCluster } from '../support/postgres-cluster.ts';
import { uniquePrefix } from '../support/server.ts';

/** A guard against hangs, not a speed target: on a loaded shared 2-CPU machine these tests took over 30 s. */
const HEAVY_TEST_TIMEOUT_MS = 120_000;
let cluster: PrivateCluster;
let app: RunningApp;
let adminToken: string;

beforeAll(async () => {
  cluster = await startPrivateCluster();
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: cluster.url,
    REDIS_URL,
    CHANNEL_PREFIX: uniquePrefix(),
    JWT_SECRET,
    MIGRATE_ON_START: 'true',
  });
  app = await startApp(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  adminToken = await signToken(JWT_SECRET, { role: 'ADMIN', sub: 'admin' }, '1h');
});

afterAll(async () => {
  await app?.close();
  await cluster?.destroy();
});

async function ready(): Promise<number> {
  return (await fetch(app.url.replace('/graphql', '/ready'))).status;
}

describe('PostgreSQL outage', () => {
  it(
    'fails mutations with a clear error, publishes nothing, and recovers when PostgreSQL returns',
    async () => {
      const products = await seedProducts(app.url, adminToken, { Bun: '1.80' });
      const { order, customerToken } = await newOrder(app.url);
      const add = () =>
        request(
          app.url,
          AddItem,
          { input: { orderId: order.id, productId: products.Bun!, quantity: 1 } },
          customerToken,
        );
      const client = wsClient(app.url, customerToken);
      const cart = live(client, CartUpdated, { orderId: order.id });
      await cart.waitFor((value) => value.cartUpdated.version === order.version);
      expect((await add()).data?.addItem.__typename).toBe('Order');
      await cart.waitFor((value) => value.cartUpdated.itemCount === 1);

      await cluster.stop();
      for (let attempt = 0; attempt < 3; attempt++) {
        const failed = await add();
        expect(failed.data?.addItem ?? null).toBeNull();
        expect(failed.errors?.[0]).toMatchObject({
          message: 'the database is unavailable; retry shortly',
          extensions: { code: 'DATABASE_UNAVAILABLE' },
        });
        expect(JSON.stringify(failed)).not.toMatch(/ECONNREFUSED|select|insert|node_modules/i);
      }
      expect(await ready()).toBe(503);
      await waitForMetric(app.url, 'pos_database_up', {}, (value) => value === 0);

      await cluster.start();
      // The pool reconnects by itself: once the database answers again, mutations commit.
      await waitForMetric(app.url, 'pos_database_up', {}, (value) => value === 1, 20_000);
      const recovered = await add();
      expect(recovered.data?.addItem.__typename).toBe('Order');
      expect(await ready()).toBe(200);

      const committed = (await must(app.url, OrderQuery, { id: order.id }, customerToken)).order!;
      expect(committed.itemCount).toBe(2);
      const last = await cart.waitFor((value) => value.cartUpdated.version === committed.version, 30_000);
      expect(last.cartUpdated).toEqual(committed);
      // Nothing was published for the failed attempts: every value delivered is a committed state, in order.
      expect(cart.values.map((value) => value.cartUpdated.itemCount)).toEqual([0, 1, 2]);
      cart.stop();
      await client.dispose();
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});
