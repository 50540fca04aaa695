import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, TEST_PASSWORD, type TestApp, type TestAppOptions } from './test-app';

export type Role = 'admin' | 'responder' | 'viewer';

// The package's flags suit a serverless function, not tests: one process shares cookies
// between contexts (people would see each other's sessions), and web security off would let
// cross-origin requests through that a real browser refuses.
const UNFIT_FLAGS = [
  '--single-process',
  '--no-zygote',
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
];

/**
 * Headless Chromium from the @sparticuz/chromium package (no download at run time). A browser
 * that cannot start FAILS the test with the reason: a browser suite that silently skips
 * would pass on a machine where nothing was tested.
 */
export async function launchBrowser(): Promise<Browser> {
  try {
    const executablePath = await chromium.executablePath();
    const args = chromium.args.filter((flag) => !UNFIT_FLAGS.includes(flag) && !flag.startsWith('--disable-features='));
    return await playwright.launch({ executablePath, args, headless: true });
  } catch (error) {
    throw new Error(`Headless Chromium could not start, so the console was not tested: ${(error as Error).message}`, { cause: error });
  }
}

/** The real app, serving the console built by the browser project's global setup. */
export function startConsoleApp(options: TestAppOptions = {}): Promise<TestApp> {
  const consoleDir = process.env.TEST_CONSOLE_DIR;
  if (!consoleDir) throw new Error('TEST_CONSOLE_DIR is not set: run browser tests through jest (--selectProjects browser)');
  return startTestApp({ ...options, env: { CONSOLE_DIR: consoleDir, ...options.env } });
}

export const consoleUrl = (t: TestApp, path = '') => `${t.baseUrl}/console${path}`;

/** A fresh context (its own cookies) per person, at 1280 px: the narrowest width the console supports. */
export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 } });
}

/** Fills the sign-in form as a person would and waits for the page it leads to. */
export async function signIn(page: Page, t: TestApp, role: Role, password = TEST_PASSWORD): Promise<void> {
  if (!page.url().includes('/console/sign-in')) await page.goto(consoleUrl(t, '/sign-in'));
  await page.getByLabel('Email').fill(t.users[role].email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
}

/** A signed-in page for one role, in its own context. */
export async function pageAs(browser: Browser, t: TestApp, role: Role, path = '/incidents'): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await page.goto(consoleUrl(t, `/sign-in?next=${encodeURIComponent(path)}`));
  await signIn(page, t, role);
  return page;
}

/**
 * Collects what the page printed as errors (CSP violations and script errors show up here).
 * The browser's own line for an expected 401 (the session check) is not the page's error.
 */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('status of 401')) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
