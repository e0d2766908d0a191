import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
import {
  accessibilityViolations,
  launchBrowser,
  PHONE,
  saveScreenshot,
  type TestBrowser,
} from '../support/browser.ts';
import { pageUrl, startTwoProcesses, type TwoProcesses } from '../support/cluster.ts';
import { JWT_SECRET } from '../support/env.ts';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { must } from '../support/graphql.ts';
import { AddItem } from '../support/operations.ts';
import { advance } from '../support/order-flow.ts';

/**
 * Bounded waits: generous for a loaded CI machine, never a fixed sleep. A recovery test also spans a process
 * restart and up to one capped reconnect backoff (5 s), hence the longer test budgets.
 */
const SHOWN_WITHIN_MS = 15_000;

let cluster: TwoProcesses;
let browser: TestBrowser;
let adminToken: string;
let staffToken: string;
let products: Record<string, string>;

beforeAll(async () => {
  [cluster, browser] = await Promise.all([startTwoProcesses(), launchBrowser()]);
  adminToken = await signToken(JWT_SECRET, { role: 'ADMIN', sub: 'admin' }, '1h');
  staffToken = await signToken(JWT_SECRET, { role: 'STAFF', sub: 'till' }, '1h');
  products = await seedProducts(cluster.a.url, adminToken, {
    Tea: '2.20',
    Pretzel: '4.00',
    Lemonade: '3.10',
  });
});

afterAll(async () => {
  await browser?.close();
  await cluster?.close();
});

function connection(page: Page, state: 'live' | 'reconnecting') {
  return page.locator(`#connection[data-state="${state}"]`);
}

function itemRow(page: Page, name: string, quantity: number) {
  return page.getByRole('row', { name: new RegExp(`^${name}\\b`) }).filter({ hasText: String(quantity) });
}

function total(page: Page, name: string, text: string) {
  return page.locator(`[data-total="${name}"] dd`, { hasText: text });
}

async function addItem(orderId: string, product: string, quantity: number, token: string) {
  const result = await must(
    cluster.a.url,
    AddItem,
    { input: { orderId, productId: products[product]!, quantity } },
    token,
  );
  expect(result.addItem.__typename).toBe('Order');
}

describe('customer order page (/live/order/:id) in a real browser', () => {
  it('shows each added item, the re-priced totals after an admin tax change, and the ready state', async () => {
    await setRates(cluster.a.url, adminToken, '10', '0');
    const { order, customerToken } = await newOrder(cluster.a.url);
    const { page, errors } = await browser.open(
      pageUrl(cluster.b, `/live/order/${order.id}#token=${customerToken}`),
      PHONE,
    );
    await connection(page, 'live').waitFor({ timeout: SHOWN_WITHIN_MS });
    await page
      .getByRole('heading', { name: `Order ${order.pickupCode}` })
      .waitFor({ timeout: SHOWN_WITHIN_MS });
    // The token left the address bar for session storage.
    expect(new URL(page.url()).hash).toBe('');

    await addItem(order.id, 'Tea', 2, customerToken);
    await itemRow(page, 'Tea', 2).waitFor({ timeout: SHOWN_WITHIN_MS });
    await total(page, 'subtotal', '$4.40').waitFor({ timeout: SHOWN_WITHIN_MS });

    await addItem(order.id, 'Pretzel', 1, customerToken);
    await itemRow(page, 'Pretzel', 1).waitFor({ timeout: SHOWN_WITHIN_MS });
    // 8.40 at 10 % tax: 0.84, total 9.24
    await total(page, 'total', '$9.24').waitFor({ timeout: SHOWN_WITHIN_MS });

    await setRates(cluster.a.url, adminToken, '20', '5');
    // 8.40; surcharge 5 % = 0.42; tax 20 % of 8.82 = 1.764 → 1.76; total 10.58
    await total(page, 'total', '$10.58').waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await page.locator('[data-total="surcharge"]').textContent()).toMatch(
      /Service charge \(5%\)\s*\$0\.42/,
    );
    expect(await page.locator('[data-total="tax"]').textContent()).toMatch(/Tax \(20%\)\s*\$1\.76/);

    expect(await accessibilityViolations(page)).toEqual([]);
    // An artifact of the run only: the README shows the ready state (kitchen-board.test.ts).
    await saveScreenshot(page, 'customer-order-building', { docs: false });

    // Every status change reaches the page too, through to the kitchen's "order ready".
    for (const action of ['validate', 'pay', 'startPreparing'] as const) {
      await advance(cluster.a.url, staffToken, order.id, action);
    }
    await page
      .getByRole('status')
      .filter({ hasText: 'Being prepared' })
      .waitFor({ timeout: SHOWN_WITHIN_MS });
    await advance(cluster.a.url, staffToken, order.id, 'markReady');
    await page
      .getByRole('status')
      .filter({ hasText: 'Ready for pickup!' })
      .waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await page.title()).toBe(`Order ${order.pickupCode} · Ready for pickup!`);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('recovers after the server closes its socket: reconnects and re-renders from the committed snapshot', async () => {
    const { order, customerToken } = await newOrder(cluster.a.url);
    await addItem(order.id, 'Tea', 1, customerToken);
    const { page, errors } = await browser.open(
      pageUrl(cluster.b, `/live/order/${order.id}#token=${customerToken}`),
      PHONE,
    );
    await connection(page, 'live').waitFor({ timeout: SHOWN_WITHIN_MS });
    await itemRow(page, 'Tea', 1).waitFor({ timeout: SHOWN_WITHIN_MS });

    await cluster.stopB();
    await connection(page, 'reconnecting').waitFor({ timeout: SHOWN_WITHIN_MS });
    // Committed on process A while the page's process is gone: only the snapshot after reconnecting has it.
    await addItem(order.id, 'Lemonade', 3, customerToken);

    await cluster.restartB();
    await connection(page, 'live').waitFor({ timeout: SHOWN_WITHIN_MS });
    await itemRow(page, 'Lemonade', 3).waitFor({ timeout: SHOWN_WITHIN_MS });
    await itemRow(page, 'Tea', 1).waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await page.getByRole('heading', { name: 'Items (4)' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('asks for a token when none is given and refuses one that opens another order', async () => {
    const first = await newOrder(cluster.a.url);
    const second = await newOrder(cluster.a.url);
    const { page } = await browser.open(pageUrl(cluster.b, `/live/order/${first.order.id}`), PHONE);
    const tokenField = page.getByRole('textbox', { name: 'Token' });
    await tokenField.waitFor({ timeout: SHOWN_WITHIN_MS });

    await tokenField.fill(second.customerToken);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'does not open this order' })
      .waitFor({ timeout: SHOWN_WITHIN_MS });

    await page.getByRole('textbox', { name: 'Token' }).fill(first.customerToken);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page
      .getByRole('heading', { name: `Order ${first.order.pickupCode}` })
      .waitFor({ timeout: SHOWN_WITHIN_MS });
    await connection(page, 'live').waitFor({ timeout: SHOWN_WITHIN_MS });
    await page.close();
  }, 90_000);
});
