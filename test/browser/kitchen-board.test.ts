import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
import {
  accessibilityViolations,
  launchBrowser,
  PHONE,
  saveScreenshotsAtBothWidths,
  TABLET_LANDSCAPE,
  type TestBrowser,
} from '../support/browser.ts';
import { pageUrl, startTwoProcesses, type TwoProcesses } from '../support/cluster.ts';
import { JWT_SECRET } from '../support/env.ts';
import { seedProducts, setRates } from '../support/fixtures.ts';
import { advance, paidOrder } from '../support/order-flow.ts';

/** Bounded waits: generous for a loaded CI machine, never a fixed sleep. */
const SHOWN_WITHIN_MS = 15_000;

let cluster: TwoProcesses;
let browser: TestBrowser;
let staffToken: string;
let products: Record<string, string>;

beforeAll(async () => {
  [cluster, browser] = await Promise.all([startTwoProcesses(), launchBrowser()]);
  const adminToken = await signToken(JWT_SECRET, { role: 'ADMIN', sub: 'admin' }, '1h');
  staffToken = await signToken(JWT_SECRET, { role: 'STAFF', sub: 'kitchen' }, '1h');
  products = await seedProducts(cluster.a.url, adminToken, {
    'Flat white': '3.90',
    'Cheese toastie': '6.50',
    Brownie: '2.80',
  });
  await setRates(cluster.a.url, adminToken, '8.875', '2.5');
});

afterAll(async () => {
  await browser?.close();
  await cluster?.close();
});

const line = (name: string, quantity: number, notes?: string) => ({
  productId: products[name]!,
  quantity,
  ...(notes ? { notes } : {}),
});

async function openBoard(): Promise<{ page: Page; errors: string[] }> {
  const opened = await browser.open(
    pageUrl(cluster.b, `/live/kitchen#token=${staffToken}`),
    TABLET_LANDSCAPE,
  );
  await connection(opened.page, 'live').waitFor({ timeout: SHOWN_WITHIN_MS });
  return opened;
}

function connection(page: Page, state: 'live' | 'reconnecting') {
  return page.locator(`#connection[data-state="${state}"]`);
}

const COLUMN_NAMES = { PAID: /^Paid/, PREPARING: /^Preparing/, READY: /^Ready/ } as const;

/** A card is named by the pickup code the kitchen calls out, then the shop's number: "Order K7PXR #42". */
function cardName(pickupCode: string): RegExp {
  return new RegExp(`^Order ${pickupCode} #\\d+$`);
}

function card(page: Page, column: keyof typeof COLUMN_NAMES, pickupCode: string) {
  return page
    .getByRole('region', { name: COLUMN_NAMES[column] })
    .getByRole('article', { name: cardName(pickupCode) });
}

function anywhereOnBoard(page: Page, pickupCode: string) {
  return page.getByRole('article', { name: cardName(pickupCode) });
}

describe('kitchen board (/live/kitchen) in a real browser', () => {
  it('shows an order paid on process A on the board of process B, moves it as staff advance it, and drops it when done', async () => {
    const { page, errors } = await openBoard();

    const first = await paidOrder(cluster.a.url, staffToken, [
      line('Flat white', 2, 'oat milk'),
      line('Cheese toastie', 1),
    ]);
    await card(page, 'PAID', first.order.pickupCode).waitFor({ timeout: SHOWN_WITHIN_MS });
    await expect(card(page, 'PAID', first.order.pickupCode).textContent()).resolves.toMatch(
      /2 ×\s*Flat white\s*oat milk/,
    );

    // A staff member taps the button on this board (process B) ...
    await page.getByRole('button', { name: `Start preparing order ${first.order.pickupCode}` }).click();
    await card(page, 'PREPARING', first.order.pickupCode).waitFor({ timeout: SHOWN_WITHIN_MS });
    // ... and another screen marks it ready through process A.
    await advance(cluster.a.url, staffToken, first.order.id, 'markReady');
    await card(page, 'READY', first.order.pickupCode).waitFor({ timeout: SHOWN_WITHIN_MS });

    const second = await paidOrder(cluster.a.url, staffToken, [line('Brownie', 2), line('Flat white', 1)]);
    const third = await paidOrder(cluster.a.url, staffToken, [line('Cheese toastie', 2, 'no butter')]);
    await advance(cluster.a.url, staffToken, third.order.id, 'startPreparing');
    await card(page, 'PAID', second.order.pickupCode).waitFor({ timeout: SHOWN_WITHIN_MS });
    await card(page, 'PREPARING', third.order.pickupCode).waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await accessibilityViolations(page)).toEqual([]);
    await saveScreenshotsAtBothWidths(page, 'kitchen-board');

    await page.getByRole('button', { name: `Complete order ${first.order.pickupCode}` }).click();
    await anywhereOnBoard(page, first.order.pickupCode).waitFor({
      state: 'detached',
      timeout: SHOWN_WITHIN_MS,
    });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('recovers after the server closes its socket: reconnects, reloads the board and shows what changed meanwhile', async () => {
    const moving = await paidOrder(cluster.a.url, staffToken, [line('Brownie', 1)]);
    const leaving = await paidOrder(cluster.a.url, staffToken, [line('Flat white', 1)]);
    await advance(cluster.a.url, staffToken, leaving.order.id, 'startPreparing');
    const { page, errors } = await openBoard();
    await card(page, 'PAID', moving.order.pickupCode).waitFor({ timeout: SHOWN_WITHIN_MS });
    await card(page, 'PREPARING', leaving.order.pickupCode).waitFor({ timeout: SHOWN_WITHIN_MS });

    await cluster.stopB();
    await connection(page, 'reconnecting').waitFor({ timeout: SHOWN_WITHIN_MS });
    // Committed through process A while the board's process is gone: no event reaches the page.
    await advance(cluster.a.url, staffToken, moving.order.id, 'startPreparing');
    await advance(cluster.a.url, staffToken, leaving.order.id, 'markReady');
    await advance(cluster.a.url, staffToken, leaving.order.id, 'complete');
    const arriving = await paidOrder(cluster.a.url, staffToken, [line('Cheese toastie', 1)]);

    await cluster.restartB();
    await connection(page, 'live').waitFor({ timeout: SHOWN_WITHIN_MS });
    await card(page, 'PREPARING', moving.order.pickupCode).waitFor({ timeout: SHOWN_WITHIN_MS });
    await card(page, 'PAID', arriving.order.pickupCode).waitFor({ timeout: SHOWN_WITHIN_MS });
    await anywhereOnBoard(page, leaving.order.pickupCode).waitFor({
      state: 'detached',
      timeout: SHOWN_WITHIN_MS,
    });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('tells the customer "ready for pickup" the moment the kitchen marks the order ready on the board', async () => {
    const { order, customerToken } = await paidOrder(cluster.a.url, staffToken, [line('Brownie', 1)]);
    const customer = await browser.open(
      pageUrl(cluster.a, `/live/order/${order.id}#token=${customerToken}`),
      PHONE,
    );
    await customer.page
      .getByRole('status')
      .filter({ hasText: 'Paid, in the queue' })
      .waitFor({ timeout: SHOWN_WITHIN_MS });

    const kitchen = await openBoard();
    await kitchen.page.getByRole('button', { name: `Start preparing order ${order.pickupCode}` }).click();
    await customer.page
      .getByRole('status')
      .filter({ hasText: 'Being prepared' })
      .waitFor({ timeout: SHOWN_WITHIN_MS });
    await kitchen.page.getByRole('button', { name: `Mark ready order ${order.pickupCode}` }).click();

    const ready = customer.page.getByRole('status').filter({ hasText: 'Ready for pickup!' });
    await ready.waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await ready.textContent()).toContain(`Pickup code ${order.pickupCode}`);
    expect(await accessibilityViolations(customer.page)).toEqual([]);
    await saveScreenshotsAtBothWidths(customer.page, 'customer-order');
    expect([...customer.errors, ...kitchen.errors]).toEqual([]);
    await Promise.all([customer.page.close(), kitchen.page.close()]);
  }, 90_000);
});
