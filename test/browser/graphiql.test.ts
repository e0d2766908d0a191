import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK, launchBrowser, PHONE, saveScreenshot, type TestBrowser } from '../support/browser.ts';
import { must } from '../support/graphql.ts';
import { CreateOrder, Products } from '../support/operations.ts';
import { type ServerProcess, spawnServer } from '../support/process.ts';

/** Bounded waits for a loaded machine (GraphiQL's page is about 9 MB of inline script). */
const SHOWN_WITHIN_MS = 20_000;

let workDir: string;
let server: ServerProcess;
let browser: TestBrowser;

beforeAll(async () => {
  // The first run as the README describes it: no configuration, the embedded database, GraphiQL with the
  // development admin token pre-filled. PGlite's first boot (migrate, seed) is slow on a loaded machine.
  workDir = await mkdtemp(path.join(tmpdir(), 'pos-graphiql-'));
  [server, browser] = await Promise.all([
    spawnServer({}, { cwd: workDir, startTimeoutMs: 170_000 }),
    launchBrowser(),
  ]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(workDir, { recursive: true, force: true });
});

function graphiqlUrl(operation: string): string {
  const url = new URL(server.url);
  url.searchParams.set('query', operation);
  return url.toString();
}

/** The response pane's text as shown (the editor renders spaces as no-break spaces). */
async function response(page: Page): Promise<string> {
  return ((await page.locator('.graphiql-response').textContent()) ?? '').replace(/\s+/g, ' ');
}

async function waitForResponse(page: Page, expected: RegExp): Promise<void> {
  await expect.poll(() => response(page), { timeout: SHOWN_WITHIN_MS }).toMatch(expected);
}

/**
 * Opens GraphiQL with `operation` in the editor and runs it. `firstVisit` starts from empty storage, as a new
 * user would (GraphiQL keeps the tabs of earlier pages of this browser in local storage).
 */
async function openAndRun(
  operation: string,
  viewport = DESK,
  options: { firstVisit?: boolean } = {},
): Promise<{ page: Page; errors: string[] }> {
  const opened = await browser.open(graphiqlUrl(operation), viewport);
  if (options.firstVisit) {
    await opened.page.evaluate(() => localStorage.clear());
    await opened.page.reload();
  }
  const run = opened.page.locator('.graphiql-execute-button');
  await run.waitFor({ timeout: SHOWN_WITHIN_MS });
  await run.click();
  return opened;
}

describe('GraphiQL on a machine without internet access', () => {
  it('runs a query, a mutation and a subscription that receives the mutation’s change', async () => {
    const html = await (await fetch(server.url, { headers: { accept: 'text/html' } })).text();
    const token = /Bearer (ey[\w.-]+)/.exec(html)?.[1];
    expect(token).toBeDefined();
    const { products } = await must(server.url, Products, {});
    const product = products.nodes[0]!;
    const { createOrder } = await must(server.url, CreateOrder, {}, token);
    const orderId = createOrder.order.id;

    const query = await openAndRun(
      '{\n  settings { currency version }\n  products(first: 3) { nodes { name } }\n}',
    );
    await waitForResponse(query.page, new RegExp(`"name": "${product.name}"`));
    await saveScreenshot(query.page, 'graphiql-desk');

    const subscription = await openAndRun(
      `subscription { cartUpdated(orderId: "${orderId}") { itemCount version } }`,
    );
    await waitForResponse(subscription.page, /"itemCount": 0/);

    const mutation = await openAndRun(
      `mutation { addItem(input: { orderId: "${orderId}", productId: "${product.id}", quantity: 2 }) { __typename ... on Order { itemCount } } }`,
    );
    await waitForResponse(mutation.page, /"itemCount": 2/);
    await waitForResponse(subscription.page, /"itemCount": 2/);

    for (const opened of [query, subscription, mutation]) expect(opened.errors).toEqual([]);
    expect(browser.blocked).toEqual([]);
  }, 180_000);

  it('fits a phone screen', async () => {
    const { page, errors } = await openAndRun('{\n  settings {\n    currency\n  }\n}', PHONE, {
      firstVisit: true,
    });
    try {
      await waitForResponse(page, /"currency": "USD"/);
    } finally {
      await saveScreenshot(page, 'graphiql-phone');
    }
    // With a second tab open the title beside the tabs still keeps to one line (it used to wrap into them).
    await page.locator('.graphiql-tab-add').click();
    const titleLines = await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector('.graphiql-logo span') as Node);
      return range.getClientRects().length;
    });
    expect(titleLines).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(errors).toEqual([]);
  }, 120_000);
});
