import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { queryDatabase } from '../support/database.ts';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { live, must, wsClient } from '../support/graphql.ts';
import { scrapeMetric, waitForMetric } from '../support/metrics.ts';
import { AddItem, CartUpdated, OrderQuery, SettingsUpdated } from '../support/operations.ts';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-server.ts';
import { startStack, type TestStack } from '../support/server.ts';

/** A guard against hangs on a loaded machine, not a speed target. */
const TEST_TIMEOUT_MS = 120_000;
/** How long a subscriber may take to reach a committed version the relay has to deliver (grace + passes). */
const CONVERGE_MS = 15_000;

async function readiness(url: string): Promise<{ status: string; outbox?: { status: string } }> {
  return (await fetch(url.replace('/graphql', '/ready'))).json() as never;
}

async function waitForReadiness(
  url: string,
  predicate: (body: { status: string; outbox?: { status: string } }) => boolean,
) {
  const deadline = Date.now() + CONVERGE_MS;
  for (;;) {
    const body = await readiness(url);
    if (predicate(body)) return body;
    if (Date.now() > deadline) throw new Error(`readiness stayed ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('transactional outbox', () => {
  let redis: PrivateRedis;
  let stack: TestStack;
  let products: Record<string, string>;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    stack = await startStack({ env: { REDIS_URL: redis.url, OUTBOX_LAG_DEGRADED_MS: '300' } });
    products = await seedProducts(stack.url, stack.adminToken, { Soup: '5.50' });
  });

  afterAll(async () => {
    await stack?.close();
    await redis?.kill();
  });

  it(
    'delivers every edit whose PUBLISH failed because the publisher connection was cut right before it',
    async () => {
      const { order, customerToken } = await newOrder(stack.url);
      const client = wsClient(stack.url, customerToken);
      const cart = live(client, CartUpdated, { orderId: order.id });
      await cart.waitFor((value) => value.cartUpdated.version === order.version);
      const admin = new Redis(redis.url);
      try {
        for (let round = 1; round <= 10; round++) {
          // Drops the API's publisher (a normal client); its subscriber (a pub/sub client) stays connected.
          const killed = admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
          const edited = await must(
            stack.url,
            AddItem,
            { input: { orderId: order.id, productId: products.Soup!, quantity: 1 } },
            customerToken,
          );
          await killed;
          if (edited.addItem.__typename !== 'Order') throw new Error(JSON.stringify(edited.addItem));
          const { __typename, ...committed } = edited.addItem;
          const reached = await cart.waitFor(
            (value) => value.cartUpdated.version === committed.version,
            CONVERGE_MS,
          );
          expect(reached.cartUpdated).toEqual(committed);
        }
      } finally {
        admin.disconnect();
      }
      expect(await scrapeMetric(stack.url, 'pos_event_publish_failures_total')).toBeGreaterThan(0);
      cart.stop();
      await client.dispose();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'reports its lag while Redis is away, then publishes the backlog and empties the outbox',
    async () => {
      const { order, customerToken } = await newOrder(stack.url);
      const client = wsClient(stack.url, customerToken);
      const cart = live(client, CartUpdated, { orderId: order.id });
      const settings = live(client, SettingsUpdated, {});
      await cart.waitFor((value) => value.cartUpdated.version === order.version);

      await redis.kill();
      await must(
        stack.url,
        AddItem,
        { input: { orderId: order.id, productId: products.Soup!, quantity: 2 } },
        customerToken,
      );
      const changed = await setRates(stack.url, stack.adminToken, '7', '2');
      await waitForReadiness(stack.url, (body) => body.outbox?.status === 'lagging');
      expect(await scrapeMetric(stack.url, 'pos_outbox_oldest_unpublished_age_seconds')).toBeGreaterThan(0.3);

      await redis.start();
      await waitForReadiness(stack.url, (body) => body.status === 'ready');
      await waitForMetric(
        stack.url,
        'pos_outbox_oldest_unpublished_age_seconds',
        {},
        (age) => age === 0,
        CONVERGE_MS,
      );
      const committed = (await must(stack.url, OrderQuery, { id: order.id }, customerToken)).order!;
      expect(committed.taxRatePercent).toBe('7');
      const reached = await cart.waitFor(
        (value) => value.cartUpdated.version === committed.version,
        CONVERGE_MS,
      );
      expect(reached.cartUpdated).toEqual(committed);
      await settings.waitFor((value) => value.settingsUpdated.version === changed.version, CONVERGE_MS);
      expect(await scrapeMetric(stack.url, 'pos_outbox_relayed_total')).toBeGreaterThan(0);
      // Published rows are removed: nothing stays behind once every change went out.
      const deadline = Date.now() + CONVERGE_MS;
      for (;;) {
        const [row] = await queryDatabase<{ count: string }>(
          stack.database.url,
          'select count(*) as count from outbox_event',
        );
        if (row?.count === '0') break;
        if (Date.now() > deadline) throw new Error(`${row?.count} outbox rows left behind`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      cart.stop();
      settings.stop();
      await client.dispose();
    },
    TEST_TIMEOUT_MS,
  );
});

describe('a publish dropped right after COMMIT (test-only fault)', () => {
  let stack: TestStack;
  let products: Record<string, string>;

  beforeAll(async () => {
    stack = await startStack({ env: { FAULT_AFTER_COMMIT: 'fail-publish' } });
    products = await seedProducts(stack.url, stack.adminToken, { Bread: '2.40' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it(
    'still brings every subscriber every committed version, settings and re-priced orders included',
    async () => {
      const { order, customerToken } = await newOrder(stack.url);
      const client = wsClient(stack.url, customerToken);
      const cart = live(client, CartUpdated, { orderId: order.id });
      const settings = live(client, SettingsUpdated, {});
      await cart.waitFor((value) => value.cartUpdated.version === order.version);
      for (let round = 1; round <= 3; round++) {
        const edited = await must(
          stack.url,
          AddItem,
          { input: { orderId: order.id, productId: products.Bread!, quantity: 1 } },
          customerToken,
        );
        if (edited.addItem.__typename !== 'Order') throw new Error(JSON.stringify(edited.addItem));
        const version = edited.addItem.version;
        await cart.waitFor((value) => value.cartUpdated.version === version, CONVERGE_MS);
      }
      const changed = await setRates(stack.url, stack.adminToken, '9', '0');
      await settings.waitFor((value) => value.settingsUpdated.version === changed.version, CONVERGE_MS);
      const committed = (await must(stack.url, OrderQuery, { id: order.id }, customerToken)).order!;
      expect(committed.taxRatePercent).toBe('9');
      const reached = await cart.waitFor(
        (value) => value.cartUpdated.version === committed.version,
        CONVERGE_MS,
      );
      expect(reached.cartUpdated).toEqual(committed);
      const versions = cart.values.map((value) => value.cartUpdated.version);
      for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
      // The relay counts a batch once its transaction commits, just after subscribers may have received it.
      await waitForMetric(stack.url, 'pos_outbox_relayed_total', {}, (relayed) => relayed >= 5, CONVERGE_MS);
      cart.stop();
      settings.stop();
      await client.dispose();
    },
    TEST_TIMEOUT_MS,
  );

  it('is refused in production', () => {
    const env = { JWT_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://127.0.0.1/pos' };
    for (const fault of ['kill', 'fail-publish']) {
      expect(() => loadConfig({ ...env, NODE_ENV: 'production', FAULT_AFTER_COMMIT: fault })).toThrow(
        /FAULT_AFTER_COMMIT is a test-only fault/,
      );
      expect(loadConfig({ ...env, FAULT_AFTER_COMMIT: fault }).faultAfterCommit).toBe(fault);
    }
    expect(() => loadConfig({ ...env, FAULT_AFTER_COMMIT: 'explode' })).toThrow(ConfigError);
  });
});
