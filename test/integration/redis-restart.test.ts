import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDatabase } from '../support/database.ts';
import { addLine, newOrder, seedProducts } from '../support/fixtures.ts';
import { type Live, live, must, wsClient } from '../support/graphql.ts';
import { LiveOrders, RecordPayment, ValidateOrder } from '../support/lifecycle-operations.ts';
import { scrapeMetric, waitForMetric, waitForPubsub } from '../support/metrics.ts';
import { AddItem, CartUpdated, OrderQuery } from '../support/operations.ts';
import { advance, paidOrder } from '../support/order-flow.ts';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-server.ts';
import { startStack, type TestStack } from '../support/server.ts';

/** A guard against hangs, not a speed target: on a loaded shared 2-CPU machine these tests took over 30 s. */
const HEAVY_TEST_TIMEOUT_MS = 120_000;
/**
 * Once both links are back, the resync re-reads at once; the outbox relay would deliver within its grace and
 * pass interval (1.5 s by default). Room for a loaded machine on top.
 */
const GAP_CLOSED_MS = 5_000;
let redis: PrivateRedis;
let stack: TestStack;
let products: Record<string, string>;

beforeAll(async () => {
  redis = await startPrivateRedis();
  stack = await startStack({ env: { REDIS_URL: redis.url } });
  products = await seedProducts(stack.url, stack.adminToken, { Soup: '5.50' });
});

afterAll(async () => {
  await stack?.close();
  await redis?.kill();
});

async function readiness(): Promise<{
  status: number;
  body: { status: string; pubsub: { status: string } };
}> {
  const response = await fetch(stack.url.replace('/graphql', '/ready'));
  return { status: response.status, body: (await response.json()) as never };
}

describe('Redis restart during live traffic', () => {
  it(
    'keeps committing, reports the degradation, and converges every subscriber after Redis returns',
    async () => {
      const orders = await Promise.all([newOrder(stack.url), newOrder(stack.url)]);
      const clients = orders.map(({ customerToken }) => wsClient(stack.url, customerToken));
      const subscribers: Live<{ cartUpdated: { version: number; itemCount: number } }>[] = orders.map(
        ({ order }, index) => live(clients[index]!, CartUpdated, { orderId: order.id }),
      );
      await Promise.all(subscribers.map((s) => s.waitFor(() => true)));
      const addTo = (index: number) =>
        must(
          stack.url,
          AddItem,
          { input: { orderId: orders[index]!.order.id, productId: products.Soup!, quantity: 1 } },
          orders[index]!.customerToken,
        );

      await Promise.all([addTo(0), addTo(1)]);
      await Promise.all(subscribers.map((s) => s.waitFor((v) => v.cartUpdated.itemCount === 1)));

      await redis.kill();
      await waitForPubsub(stack.url, 'down');
      const degraded = await readiness();
      expect(degraded.status).toBe(200);
      expect(degraded.body).toMatchObject({ status: 'degraded', pubsub: { status: 'down' } });

      // Mutations still commit while Redis is away; their events cannot be published.
      for (let round = 0; round < 3; round++) {
        const results = await Promise.all([addTo(0), addTo(1)]);
        expect(results.every((result) => result.addItem.__typename === 'Order')).toBe(true);
      }
      await waitForMetric(stack.url, 'pos_event_publish_failures_total', {}, (value) => value > 0);

      await redis.start();
      await waitForPubsub(stack.url, 'up');
      expect((await readiness()).body.status).toBe('ready');

      // No silent staleness: each subscriber reaches the state committed while Redis was down, then keeps going.
      for (const [index, subscriber] of subscribers.entries()) {
        const committed = (
          await must(stack.url, OrderQuery, { id: orders[index]!.order.id }, orders[index]!.customerToken)
        ).order!;
        expect(committed.itemCount).toBe(4);
        const caughtUp = await subscriber.waitFor(
          (value) => value.cartUpdated.version === committed.version,
          30_000,
        );
        expect(caughtUp.cartUpdated).toEqual(committed);
      }
      await Promise.all([addTo(0), addTo(1)]);
      await Promise.all(subscribers.map((s) => s.waitFor((v) => v.cartUpdated.itemCount === 5)));
      for (const subscriber of subscribers) {
        const versions = subscriber.values.map((value) => value.cartUpdated.version);
        for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
      }
      expect(await scrapeMetric(stack.url, 'pos_events_published_total', { kind: 'order' })).toBeGreaterThan(
        0,
      );

      for (const subscriber of subscribers) subscriber.stop();
      await Promise.all(clients.map((client) => client.dispose()));
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  it(
    'takes a retried payment once while Redis is away, and the subscriber then shows it paid',
    async () => {
      const { order, customerToken } = await newOrder(stack.url);
      const orderId = order.id;
      await must(
        stack.url,
        AddItem,
        { input: { orderId, productId: products.Soup!, quantity: 2 } },
        customerToken,
      );
      const validated = await must(stack.url, ValidateOrder, { orderId }, stack.staffToken);
      expect(validated.validateOrder.__typename).toBe('Order');
      const client = wsClient(stack.url, customerToken);
      const cart = live(client, CartUpdated, { orderId });
      await cart.waitFor((value) => value.cartUpdated.status === 'VALIDATED');
      const { order: current } = await must(stack.url, OrderQuery, { id: orderId }, customerToken);

      await redis.kill();
      await waitForPubsub(stack.url, 'down');
      // The till retries the same payment (its first response was lost): the idempotency key makes it one charge.
      const pay = () =>
        must(
          stack.url,
          RecordPayment,
          { input: { orderId, amount: current!.total, method: 'CARD', idempotencyKey: `till-7-${orderId}` } },
          stack.staffToken,
        );
      const attempts = await Promise.all([pay(), pay()]);
      attempts.push(await pay());
      for (const attempt of attempts) expect(attempt.recordPayment.__typename).toBe('RecordPaymentPayload');

      await redis.start();
      await waitForPubsub(stack.url, 'up');
      const paid = await cart.waitFor((value) => value.cartUpdated.status === 'PAID', 30_000);
      const rows = await queryDatabase<{ count: string }>(
        stack.database.url,
        'select count(*) as count from payment where order_id = $1',
        [orderId],
      );
      expect(Number(rows[0]?.count)).toBe(1);
      const { order: committed } = await must(stack.url, OrderQuery, { id: orderId }, customerToken);
      expect(paid.cartUpdated.version).toBeLessThanOrEqual(committed!.version);
      await cart.waitFor((value) => value.cartUpdated.version === committed!.version, 30_000);
      cart.stop();
      await client.dispose();
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  it(
    'brings a kitchen board up to the moves committed while Redis was away, including orders that left it',
    async () => {
      const client = wsClient(stack.url, stack.staffToken);
      const board = live(client, LiveOrders, { statuses: ['PAID', 'PREPARING', 'READY'] });
      const first = await paidOrder(stack.url, stack.staffToken, [
        { productId: products.Soup!, quantity: 1 },
      ]);
      const second = await paidOrder(stack.url, stack.staffToken, [
        { productId: products.Soup!, quantity: 2 },
      ]);
      await board.waitFor((event) => event.liveOrders.order.id === second.order.id);
      await advance(stack.url, stack.staffToken, second.order.id, 'startPreparing');
      await board.waitFor(
        (event) =>
          event.liveOrders.order.id === second.order.id && event.liveOrders.order.status === 'PREPARING',
      );

      await redis.kill();
      await waitForPubsub(stack.url, 'down');
      // Committed while no event can be published: one order moves on the board, the other leaves it.
      await advance(stack.url, stack.staffToken, first.order.id, 'startPreparing');
      await advance(stack.url, stack.staffToken, second.order.id, 'markReady');
      await advance(stack.url, stack.staffToken, second.order.id, 'complete');

      await redis.start();
      await waitForPubsub(stack.url, 'up');
      const moved = await board.waitFor(
        (event) =>
          event.liveOrders.order.id === first.order.id && event.liveOrders.order.status === 'PREPARING',
        30_000,
      );
      expect(moved.liveOrders).toMatchObject({ type: 'STATUS_CHANGED', previousStatus: 'PAID' });
      const left = await board.waitFor(
        (event) => event.liveOrders.order.id === second.order.id && event.liveOrders.order.status === 'DONE',
        30_000,
      );
      expect(left.liveOrders).toMatchObject({ type: 'STATUS_CHANGED', previousStatus: 'PREPARING' });
      board.stop();
      await client.dispose();
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  it(
    'delivers a commit made after a restart while the subscriber link is back and the publisher link is not',
    async () => {
      const { order, customerToken } = await newOrder(stack.url);
      const client = wsClient(stack.url, customerToken);
      const cart = live(client, CartUpdated, { orderId: order.id });
      await cart.waitFor((value) => value.cartUpdated.version === order.version);
      await redis.kill();
      await waitForPubsub(stack.url, 'down');
      await redis.start();
      await waitForPubsub(stack.url, 'up');
      const admin = new Redis(redis.url);
      try {
        // The gap, held open: the subscriber link (a pub/sub client) stays, the publisher (a normal client) is
        // dropped and every reconnect refused, so this process can publish nothing until it is let back.
        const clients = Number(await admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes'));
        expect(clients).toBeGreaterThan(0);
        const connected = String(await admin.call('CLIENT', 'LIST'))
          .trim()
          .split('\n').length;
        await admin.call('CONFIG', 'SET', 'maxclients', String(connected));
        await waitForPubsub(stack.url, 'down');
        const edited = await addLine(
          stack.url,
          { orderId: order.id, productId: products.Soup!, quantity: 3 },
          customerToken,
        );
        const { __typename, ...committed } = edited;
        expect(cart.values.at(-1)!.cartUpdated.version).toBeLessThan(committed.version);

        await admin.call('CONFIG', 'SET', 'maxclients', '10000');
        await waitForPubsub(stack.url, 'up');
        const reached = await cart.waitFor(
          (value) => value.cartUpdated.version === committed.version,
          GAP_CLOSED_MS,
        );
        expect(reached.cartUpdated).toEqual(committed);
      } finally {
        admin.disconnect();
      }
      cart.stop();
      await client.dispose();
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});
