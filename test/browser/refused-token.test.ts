import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
import { DESK, launchBrowser, PHONE, type TestBrowser } from '../support/browser.ts';
import { newOrder } from '../support/fixtures.ts';
import { startStack, type TestStack } from '../support/server.ts';

/** Bounded waits for a loaded machine, never a fixed sleep. */
const SHOWN_WITHIN_MS = 15_000;

let stack: TestStack;
let browser: TestBrowser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const pageUrl = (path: string) => new URL(path, stack.url).toString();

/** The page's "token refused" state: the connection shows it and the token form asks for another. */
async function showsTokenRefused(page: Page) {
  await page.locator('#connection[data-state="rejected"]').waitFor({ timeout: SHOWN_WITHIN_MS });
  await page.getByRole('textbox', { name: 'Token' }).waitFor({ timeout: SHOWN_WITHIN_MS });
}

/**
 * Returns after the page has run a task of its own: a promise rejected while it showed the refusal has been
 * reported by then (unhandled rejections are reported after the microtasks of the task that left them), and
 * the browser sends that report before the answer to this evaluation.
 */
async function settled(page: Page) {
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

/** Tokens the server refuses at the WebSocket's `connection_init` (close 4403). */
const refusedTokens = async () => ({
  'not a token': 'not-a-token',
  'signed with another secret': await signToken(
    'not-this-servers-secret-not-this-servers-secret',
    { role: 'STAFF', sub: 'x' },
    '1h',
  ),
});

describe('a live page given a token the server refuses shows it, without an uncaught error', () => {
  it('kitchen board (/live/kitchen)', async () => {
    for (const [name, token] of Object.entries(await refusedTokens())) {
      const { page, errors } = await browser.open(pageUrl(`/live/kitchen#token=${token}`), DESK);
      await showsTokenRefused(page);
      await settled(page);
      expect(errors, name).toEqual([]);
      await page.close();
    }
  });

  it('customer order page (/live/order/:id)', async () => {
    const { order } = await newOrder(stack.url);
    for (const [name, token] of Object.entries(await refusedTokens())) {
      const { page, errors } = await browser.open(pageUrl(`/live/order/${order.id}#token=${token}`), PHONE);
      await showsTokenRefused(page);
      await settled(page);
      expect(errors, name).toEqual([]);
      await page.close();
    }
  });
});
