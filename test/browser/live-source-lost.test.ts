import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK, launchBrowser, PHONE, type TestBrowser } from '../support/browser.ts';
import { newOrder, seedProducts } from '../support/fixtures.ts';
import { must } from '../support/graphql.ts';
import { AddItem } from '../support/operations.ts';
import { paidOrder } from '../support/order-flow.ts';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-server.ts';
import { startStack, type TestStack } from '../support/server.ts';

/**
 * Redis away longer than PUBSUB_OUTAGE_LIMIT_MS ends every live subscription with LIVE_SOURCE_LOST. The pages
 * must not stop there: they show a reconnect, subscribe again once Redis is back (every 5 s, the capped
 * backoff), and show what was committed meanwhile and after.
 */
const OUTAGE_LIMIT_MS = 300;
/** Bounded waits for a loaded machine: one capped backoff (5 s) plus a reconnect, never a fixed sleep. */
const SHOWN_WITHIN_MS = 20_000;

let redis: PrivateRedis;
let stack: TestStack;
let browser: TestBrowser;
let products: Record<string, string>;

beforeAll(async () => {
  redis = await startPrivateRedis();
  [stack, browser] = await Promise.all([
    startStack({ env: { REDIS_URL: redis.url, PUBSUB_OUTAGE_LIMIT_MS: String(OUTAGE_LIMIT_MS) } }),
    launchBrowser(),
  ]);
  products = await seedProducts(stack.url, stack.adminToken, { Borscht: '4.50', Kvass: '2.00' });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await redis?.kill();
});

function connection(page: Page, state: 'live' | 'reconnecting') {
  return page.locator(`#connection[data-state="${state}"]`);
}

/** Redis down until the live subscriptions have been ended as lost, then up again. */
async function outageLongerThanTheLimit(pages: Page[]) {
  await redis.kill();
  await Promise.all(
    pages.map((page) => connection(page, 'reconnecting').waitFor({ timeout: SHOWN_WITHIN_MS })),
  );
  await redis.start();
}

describe('live pages after the event channel was lost', { timeout: 120_000 }, () => {
  it('resubscribe by themselves and show what was committed during and after the outage', async () => {
    const { order, customerToken } = await newOrder(stack.url);
    const customer = await browser.open(
      new URL(`/live/order/${order.id}#token=${customerToken}`, stack.url).toString(),
      PHONE,
    );
    const kitchen = await browser.open(
      new URL(`/live/kitchen#token=${stack.staffToken}`, stack.url).toString(),
      DESK,
    );
    await Promise.all([customer.page, kitchen.page].map((page) => connection(page, 'live').waitFor()));

    await outageLongerThanTheLimit([customer.page, kitchen.page]);
    const add = await must(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products.Borscht!, quantity: 3 } },
      customerToken,
    );
    expect(add.addItem.__typename).toBe('Order');
    await paidOrder(stack.url, stack.staffToken, [{ productId: products.Kvass!, quantity: 2 }]);

    await customer.page
      .getByRole('row', { name: /^Borscht\b/ })
      .filter({ hasText: '3' })
      .waitFor({ timeout: SHOWN_WITHIN_MS });
    await kitchen.page.getByText('Kvass').first().waitFor({ timeout: SHOWN_WITHIN_MS });
    await Promise.all([customer.page, kitchen.page].map((page) => connection(page, 'live').waitFor()));
    expect([...customer.errors, ...kitchen.errors]).toEqual([]);
    await Promise.all([customer.page.close(), kitchen.page.close()]);
  });
});
