import type { Browser } from 'playwright-core';
import { seriousViolations } from '../support/serious-violations';
import { consoleErrors, launchBrowser, pageAs, startConsoleApp } from '../support/browser';
import { ingestLogs, secondsAgo } from '../support/logs';
import type { TestApp } from '../support/test-app';

describe('console in a browser: logs', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
    // 60 matching logs (more than one page of 50), plus near misses: another word, another service.
    await ingestLogs(t, [
      ...Array.from({ length: 60 }, (_, i) => ({
        service_id: 'orders-api',
        level: 'INFO' as const,
        message: `order ${i} shipped`,
        timestamp: secondsAgo(60 + i),
      })),
      { service_id: 'orders-api', level: 'WARN', message: 'order 99 delayed', timestamp: secondsAgo(30) },
      { service_id: 'billing-api', level: 'INFO', message: 'order 7 shipped', timestamp: secondsAgo(30) },
      {
        service_id: 'billing-api',
        level: 'ERROR',
        message: 'card declined',
        timestamp: secondsAgo(20),
        metadata: { customer: { id: 'cus_42', plan: 'gold' }, attempts: [1, 2] },
      },
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('searches by service and word from the form, and pages with "Load more"', async () => {
    const page = await pageAs(browser, t, 'viewer', '/logs');
    const errors = consoleErrors(page);
    await page.getByRole('textbox', { name: 'Service' }).fill('orders-api');
    await page.getByRole('searchbox', { name: 'Words' }).fill('shipped');
    await page.getByRole('button', { name: 'Search' }).click();

    const table = page.getByRole('table', { name: 'Logs matching the search, newest first' });
    await page.getByText('50 logs shown').waitFor();
    const url = new URL(page.url());
    expect([url.searchParams.get('service'), url.searchParams.get('q')]).toEqual(['orders-api', 'shipped']);
    // Newest first; neither the other word nor the other service.
    await expect(table.getByRole('row').nth(1).textContent()).resolves.toContain('order 0 shipped');
    expect(await table.getByText('delayed').count()).toBe(0);
    expect(await table.getByRole('row', { name: /billing-api/ }).count()).toBe(0);

    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText('60 logs shown').waitFor();
    await page.getByText('End of the results').waitFor();
    await table.getByRole('row', { name: /order 59 shipped/ }).waitFor();
    expect(errors).toEqual([]);
  });

  it('shows a log’s detail with its metadata as a tree, as a deep link', async () => {
    const page = await pageAs(browser, t, 'viewer', '/logs?service=billing-api&min_level=ERROR');
    await page.getByRole('button', { name: 'card declined' }).click();
    const detail = page.getByRole('region', { name: /^Log \d+$/ });
    await detail.getByText('cus_42').waitFor();
    await detail.getByText('gold').waitFor();
    expect(await detail.getByRole('listitem').filter({ hasText: 'customer:' }).count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('log')).toMatch(/^\d+$/);

    // The URL alone reopens it.
    const again = await pageAs(browser, t, 'viewer', `/logs?${new URL(page.url()).searchParams}`);
    await again
      .getByRole('region', { name: /^Log \d+$/ })
      .getByText('cus_42')
      .waitFor();
  });

  it('live tail shows a log sent to /ingest after the page opened', async () => {
    const page = await pageAs(browser, t, 'viewer', '/logs?live=1&service=tail-api');
    const errors = consoleErrors(page);
    await page.getByText('Live: new logs appear as they arrive').waitFor({ timeout: 10_000 });
    await ingestLogs(t, [
      { service_id: 'other-api', level: 'ERROR', message: 'not for this tail' },
      { service_id: 'tail-api', level: 'ERROR', message: 'fresh from the tail' },
    ]);
    // Generous: the tail follows the commit within a second; the machine is shared and loaded.
    await page.getByRole('row', { name: /fresh from the tail/ }).waitFor({ timeout: 10_000 });
    expect(await page.getByText('not for this tail').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('zooms the search to the span dragged across the histogram', async () => {
    const page = await pageAs(browser, t, 'viewer', '/logs?service=orders-api');
    const chart = page.getByRole('img', { name: /^Log volume of orders-api/ });
    await chart.waitFor();
    // The counts behind the chart may lag the newest second; all 62 are minutes old but one.
    expect(await chart.getAttribute('aria-label')).toMatch(/ 6[12] logs in /);
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForURL((url) => url.searchParams.has('from'));
    const params = new URL(page.url()).searchParams;
    const span = Date.parse(params.get('to')!) - Date.parse(params.get('from')!);
    // Default window: the last hour in 1-minute buckets; 40 % of it is about 24 buckets.
    expect(span).toBeGreaterThan(10 * 60_000);
    expect(span).toBeLessThan(40 * 60_000);
  });

  it('has no serious or critical accessibility violation on logs, with a detail open and live', async () => {
    const page = await pageAs(browser, t, 'viewer', '/logs?service=billing-api');
    await page.getByRole('button', { name: 'card declined' }).click();
    await page
      .getByRole('region', { name: /^Log \d+$/ })
      .getByText('cus_42')
      .waitFor();
    await page.getByRole('img', { name: /^Log volume/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const live = await pageAs(browser, t, 'viewer', '/logs?live=1');
    await live.getByText('Live: new logs appear as they arrive').waitFor({ timeout: 10_000 });
    expect(await seriousViolations(live)).toEqual([]);
  });
});
