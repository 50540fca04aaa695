import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { ingestLogs, secondsAgo } from '../support/logs';
import type { TestApp } from '../support/test-app';
import { consoleUrl, launchBrowser, newContext, pageAs, startConsoleApp } from '../support/browser';

// The README shows these: `npm run screenshots` refreshes them from the real app.
const ASSETS = resolve('../assets');

describe('console screenshots for the README', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sign-in', async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(consoleUrl(t, '/sign-in'));
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.screenshot({ path: `${ASSETS}/console-sign-in.png` });
  });

  it('incidents', async () => {
    // Real incidents, opened by the default rule from real error bursts.
    for (const service of ['payment-service', 'checkout-api', 'search-indexer']) {
      await ingestLogs(
        t,
        Array.from({ length: 6 }, () => ({ service_id: service, level: 'ERROR' as const, message: 'Upstream timed out' })),
      );
    }
    const page = await pageAs(browser, t, 'responder', '/incidents');
    await page.getByRole('row', { name: /search-indexer/ }).waitFor({ timeout: 15_000 });
    await page.getByText('Live', { exact: true }).waitFor();
    await page.screenshot({ path: `${ASSETS}/console-incidents.png` });
  });

  it('logs', async () => {
    // Half an hour of traffic with a burst of errors, sent the way services send it.
    const messages = ['GET /orders 200 in 42ms', 'Cache miss for cart', 'Payment gateway timeout after 5000ms', 'Order shipped'];
    await ingestLogs(
      t,
      Array.from({ length: 300 }, (_, i) => {
        const burst = i % 37 < 6 && i > 150;
        return {
          service_id: ['payment-service', 'checkout-api'][i % 2]!,
          level: burst ? ('ERROR' as const) : i % 11 === 0 ? ('WARN' as const) : ('INFO' as const),
          message: burst ? messages[2] : messages[i % 4 === 2 ? 0 : i % 4]!,
          timestamp: secondsAgo(1800 - i * 6),
          metadata: { region: 'eu-west-1', order: { id: `o-${1000 + i}` } },
        };
      }),
    );
    const page = await pageAs(browser, t, 'viewer', '/logs?range=1h');
    await page.getByRole('img', { name: /^Log volume/ }).waitFor();
    await page
      .getByRole('button', { name: /Payment gateway timeout/ })
      .first()
      .click();
    await page
      .getByRole('region', { name: /^Log \d+$/ })
      .getByText('eu-west-1')
      .waitFor();
    // The detail opens above the chart and the results: show the page from its top.
    await page.getByRole('heading', { level: 1, name: 'Logs' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ASSETS}/console-logs.png` });
  });

  it('services', async () => {
    const page = await pageAs(browser, t, 'viewer', '/services');
    await page.getByRole('row', { name: /payment-service/ }).waitFor();
    await page.screenshot({ path: `${ASSETS}/console-services.png` });
  });
});
