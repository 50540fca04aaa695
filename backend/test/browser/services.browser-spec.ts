import type { Browser } from 'playwright-core';
import { seriousViolations } from '../support/serious-violations';
import { consoleErrors, launchBrowser, pageAs, startConsoleApp } from '../support/browser';
import { ingestLogs } from '../support/logs';
import type { TestApp } from '../support/test-app';

const errors = (service: string, count: number) =>
  Array.from({ length: count }, () => ({ service_id: service, level: 'ERROR' as const, message: 'Upstream timed out' }));

describe('console in a browser: services', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
    // Six errors in a minute: the default rule opens one incident for inventory-api.
    await ingestLogs(t, [...errors('inventory-api', 6), { service_id: 'quiet-api', level: 'INFO', message: 'all good' }]);
    const deadline = Date.now() + 15_000; // detection runs every second; generous on a loaded machine
    while (!(await t.prisma.incident.count({ where: { serviceId: 'inventory-api' } })) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists every service that sent logs with its open incidents, and links to its page', async () => {
    const page = await pageAs(browser, t, 'viewer', '/services');
    const errorsSeen = consoleErrors(page);
    const row = page.getByRole('row', { name: /inventory-api/ });
    await row.waitFor();
    await row.getByRole('link', { name: '1 open incidents of inventory-api' }).waitFor();
    await row.getByRole('img', { name: /^inventory-api: 6 logs in the last hour/ }).waitFor();
    await row.getByRole('img', { name: /^inventory-api: 6 errors in the last hour \(100 %\)/ }).waitFor();
    expect(
      await page
        .getByRole('row', { name: /quiet-api/ })
        .getByRole('cell')
        .last()
        .textContent(),
    ).toBe('0');

    await row.getByRole('link', { name: 'inventory-api', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/console/services/inventory-api');
    await page.getByRole('heading', { level: 1, name: 'inventory-api' }).waitFor();
    await page.getByRole('table', { name: 'Open and acknowledged incidents of inventory-api' }).getByRole('link').first().waitFor();
    await page
      .getByRole('table', { name: 'Newest logs of inventory-api' })
      .getByRole('row', { name: /Upstream timed out/ })
      .first()
      .waitFor();
    await page.getByRole('link', { name: 'Search all logs of inventory-api' }).click();
    await page.waitForURL((url) => url.pathname === '/console/logs' && url.searchParams.get('service') === 'inventory-api');
    expect(errorsSeen).toEqual([]);
  });

  it('says so when a service never sent a log', async () => {
    const page = await pageAs(browser, t, 'viewer', '/services/never-heard-of');
    await page.getByRole('alert').getByText('Could not load this service').waitFor();
  });

  it('has no serious or critical accessibility violation on services and a service page', async () => {
    const list = await pageAs(browser, t, 'viewer', '/services?activity=24h');
    await list.getByRole('row', { name: /inventory-api/ }).waitFor();
    expect(await seriousViolations(list)).toEqual([]);

    const service = await pageAs(browser, t, 'responder', '/services/inventory-api');
    await service.getByRole('table', { name: 'Newest logs of inventory-api' }).waitFor();
    await service.getByRole('table', { name: /incidents of inventory-api/ }).waitFor();
    expect(await seriousViolations(service)).toEqual([]);
  });
});
