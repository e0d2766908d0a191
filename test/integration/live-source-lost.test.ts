import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { queryDatabase } from '../support/database.ts';
import { JWT_SECRET } from '../support/env.ts';
import { addLine, newOrder, seedProducts } from '../support/fixtures.ts';
import { type Live, live, must, wsClient } from '../support/graphql.ts';
import { LiveOrders } from '../support/lifecycle-operations.ts';
import { waitForPubsub } from '../support/metrics.ts';
import { CartUpdated, OrderQuery, SettingsUpdated } from '../support/operations.ts';
import { type PrivateCluster, startPrivateCluster } from '../support/postgres-cluster.ts';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-server.ts';
import { startStack, type TestStack, uniquePrefix } from '../support/server.ts';

/** A guard against hangs on a loaded machine, not a speed target. */
const TEST_TIMEOUT_MS = 120_000;
const OUTAGE_LIMIT_MS = 1_500;
/** The limit, plus room for a loaded machine to notice and tell every client. */
const TOLD_WITHIN_MS = OUTAGE_LIMIT_MS + 3_000;

let redis: PrivateRedis;
let stack: TestStack;
let products: Record<string, string>;

beforeAll(async () => {
  redis = await startPrivateRedis();
  stack = await startStack({
    env: { REDIS_URL: redis.url, PUBSUB_OUTAGE_LIMIT_MS: String(OUTAGE_LIMIT_MS) },
  });
  products = await seedProducts(stack.url, stack.adminToken, { Soup: '5.50' });
});

afterAll(async () => {
  await stack?.close();
  await redis?.kill();
});

/** How long the API may take to notice Redis leave or return, on a loaded machine. */
const PUBSUB_NOTICED_MS = 15_000;

/** Resolves with the error codes a subscription ended with, once it has completed. */
async function endedWith(subscription: Live<unknown>, timeoutMs: number): Promise<unknown[]> {
  await subscription.waitForError(timeoutMs);
  const deadline = Date.now() + timeoutMs;
  while (!subscription.completed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(subscription.completed).toBe(true);
  return subscription.errors.flatMap((errors) =>
    (errors as { extensions?: { code?: string } }[]).map((error) => error.extensions?.code),
  );
}

describe('a live source that cannot be brought back', () => {
  it(
    'keeps subscriptions live through a Redis outage shorter than PUBSUB_OUTAGE_LIMIT_MS',
    async () => {
      const { order, customerToken } = await newOrder(stack.url);
      const client = wsClient(stack.url, customerToken);
      const cart = live(client, CartUpdated, { orderId: order.id });
      await cart.waitFor((value) => value.cartUpdated.version === order.version);
      await redis.kill();
      await waitForPubsub(stack.url, 'down', PUBSUB_NOTICED_MS);
      const edited = await addLine(
        stack.url,
        { orderId: order.id, productId: products.Soup!, quantity: 1 },
        customerToken,
      );
      const { version } = edited;
      await redis.start();
      await waitForPubsub(stack.url, 'up', PUBSUB_NOTICED_MS);
      await cart.waitFor((value) => value.cartUpdated.version === version, 10_000);
      expect(cart.errors).toEqual([]);
      expect(cart.completed).toBe(false);
      cart.stop();
      await client.dispose();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'ends every live subscription with LIVE_SOURCE_LOST once Redis has been away too long, refuses new ones until it returns, then serves the committed state',
    async () => {
      const { order, customerToken } = await newOrder(stack.url);
      const customer = wsClient(stack.url, customerToken);
      const staff = wsClient(stack.url, stack.staffToken);
      const cart = live(customer, CartUpdated, { orderId: order.id });
      const settings = live(customer, SettingsUpdated, {});
      const board = live(staff, LiveOrders, {});
      await cart.waitFor((value) => value.cartUpdated.version === order.version);

      await redis.kill();
      const downAt = Date.now();
      await waitForPubsub(stack.url, 'down', PUBSUB_NOTICED_MS);
      // Committed while the channel is away: no subscriber can be told, so each must learn it is no longer live.
      const edited = await addLine(
        stack.url,
        { orderId: order.id, productId: products.Soup!, quantity: 2 },
        customerToken,
      );
      for (const subscription of [cart, settings, board] as Live<unknown>[]) {
        expect(await endedWith(subscription, TOLD_WITHIN_MS)).toEqual(['LIVE_SOURCE_LOST']);
      }
      const toldAfter = Date.now() - downAt;
      expect(toldAfter).toBeGreaterThanOrEqual(OUTAGE_LIMIT_MS - 100);
      expect(toldAfter).toBeLessThanOrEqual(TOLD_WITHIN_MS);
      expect(cart.values.at(-1)!.cartUpdated.version).toBe(order.version);
      // The socket stays open for everything else: queries over HTTP and new subscriptions, refused at once.
      const refused = live(customer, CartUpdated, { orderId: order.id });
      expect(await endedWith(refused as Live<unknown>, 5_000)).toEqual(['LIVE_SOURCE_LOST']);

      await redis.start();
      await waitForPubsub(stack.url, 'up', PUBSUB_NOTICED_MS);
      const committed = (await must(stack.url, OrderQuery, { id: order.id }, customerToken)).order!;
      expect(committed.version).toBe(edited.version);
      const again = live(customer, CartUpdated, { orderId: order.id });
      const first = await again.waitFor(() => true);
      expect(first.cartUpdated).toEqual(committed);
      again.stop();
      await Promise.all([customer.dispose(), staff.dispose()]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'ends a subscription with NOT_FOUND when the re-read after a gap finds its order gone',
    async () => {
      const { order, customerToken } = await newOrder(stack.url);
      const client = wsClient(stack.url, customerToken);
      const cart = live(client, CartUpdated, { orderId: order.id });
      await cart.waitFor((value) => value.cartUpdated.version === order.version);
      // No API removes an order; an operator's manual clean-up does.
      await queryDatabase(stack.database.url, 'delete from customer_order where id = $1', [order.id]);
      await redis.kill();
      await waitForPubsub(stack.url, 'down', PUBSUB_NOTICED_MS);
      await redis.start();
      await waitForPubsub(stack.url, 'up', PUBSUB_NOTICED_MS);
      expect(await endedWith(cart as Live<unknown>, 10_000)).toEqual(['NOT_FOUND']);
      await client.dispose();
    },
    TEST_TIMEOUT_MS,
  );
});

describe('a re-read after a gap that fails', () => {
  let database: PrivateCluster;
  let ownRedis: PrivateRedis;
  let app: RunningApp;

  beforeAll(async () => {
    [database, ownRedis] = await Promise.all([startPrivateCluster(), startPrivateRedis()]);
    const config = loadConfig({
      PORT: '0',
      DATABASE_URL: database.url,
      REDIS_URL: ownRedis.url,
      CHANNEL_PREFIX: uniquePrefix(),
      JWT_SECRET,
      MIGRATE_ON_START: 'true',
    });
    app = await startApp(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await Promise.all([database?.destroy(), ownRedis?.kill()]);
  });

  it(
    'ends the subscription with LIVE_SOURCE_LOST instead of leaving it on a state it cannot vouch for',
    async () => {
      const { order, customerToken } = await newOrder(app.url);
      const client = wsClient(app.url, customerToken);
      const cart = live(client, CartUpdated, { orderId: order.id });
      await cart.waitFor((value) => value.cartUpdated.version === order.version);
      // Redis comes back while PostgreSQL is away: the re-read of the committed state cannot be done.
      await database.stop();
      await ownRedis.kill();
      await waitForPubsub(app.url, 'down', PUBSUB_NOTICED_MS);
      await ownRedis.start();
      expect(await endedWith(cart as Live<unknown>, 15_000)).toEqual(['LIVE_SOURCE_LOST']);
      await database.start();
      await client.dispose();
    },
    TEST_TIMEOUT_MS,
  );
});
