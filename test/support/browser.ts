import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's `chromium` package (`.ci/run` installs it); Playwright never downloads a browser here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // No name resolves except this machine's: WebSockets and anything `context.route` does not see stay local too.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

/** Screenshots of every run (git-ignored); `UPDATE_DOCS_SCREENSHOTS=1` also refreshes the README's copies. */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const DOCS_DIR = fileURLToPath(new URL('../../docs/', import.meta.url));

export const TABLET_LANDSCAPE = { width: 1280, height: 800 };
export const DESK = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export interface TestBrowser {
  context: BrowserContext;
  /** Every request a page tried to send off this machine (all are refused: the tests run with no network). */
  blocked: string[];
  /** A new tab; uncaught page errors are collected in `errors` so a test can assert there were none. */
  open(url: string, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

function isLoopback(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

/**
 * Headless Chromium with a fresh profile, in the reader's locale as the tests expect it (en-US, UTC), and
 * without a network: every request to a host other than this machine is refused and recorded in `blocked`,
 * as on a till network with no internet access.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'pos-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const blocked: string[] = [];
  await context.route(
    (url) => !isLoopback(url),
    (route) => {
      blocked.push(route.request().url());
      return route.abort('internetdisconnected');
    },
  );
  return {
    context,
    blocked,
    async open(url, viewport) {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.setViewportSize(viewport);
      await page.goto(url);
      return { page, errors };
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A full-page screenshot into `test-artifacts/<name>.png`; with `UPDATE_DOCS_SCREENSHOTS=1` also into `docs/`
 * (the README's pictures) unless `docs` is false.
 */
export async function saveScreenshot(
  page: Page,
  name: string,
  options: { docs?: boolean } = {},
): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  if (process.env.UPDATE_DOCS_SCREENSHOTS && options.docs !== false) {
    await mkdir(DOCS_DIR, { recursive: true });
    await copyFile(path, join(DOCS_DIR, `${name}.png`));
  }
  return path;
}

/**
 * The page as it is now at phone and desk widths: `<name>-phone.png` and `<name>-desk.png` (see
 * `saveScreenshot`); the page is left at the width it had.
 */
export async function saveScreenshotsAtBothWidths(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const [suffix, viewport] of [
    ['phone', PHONE],
    ['desk', DESK],
  ] as const) {
    await page.setViewportSize(viewport);
    await saveScreenshot(page, `${name}-${suffix}`);
  }
  if (before) await page.setViewportSize(before);
}

let axeSource: Promise<string> | undefined;

/** WCAG 2.1 A/AA violations axe-core finds on the page as it is now (ids and the elements they concern). */
export async function accessibilityViolations(page: Page): Promise<{ id: string; targets: string[] }[]> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, so the page's strict script policy does not apply to it.
  await page.evaluate(await axeSource);
  return page.evaluate(`axe
    .run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
    .then((result) => result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) })))`);
}
