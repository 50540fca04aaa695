import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from '../support/serious-violations';
import type { TestApp } from '../support/test-app';
import { consoleErrors, launchBrowser, pageAs, startConsoleApp } from '../support/browser';

// datetime-local takes the browser's local time; the browser runs in this process's zone.
const localInput = (offsetMinutes: number) => {
  const date = new Date(Date.now() + offsetMinutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};
const form = (page: Page) => page.getByRole('form', { name: 'New silence' });
const table = (page: Page, name: string) => page.getByRole('table', { name });

describe('console in a browser: silences', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('creates a silence, shows "held by" on a matching incident, and expires it early', async () => {
    const page = await pageAs(browser, t, 'responder', '/silences');
    const errors = consoleErrors(page);
    await page.getByRole('heading', { name: 'Silences', level: 1 }).waitFor();
    await form(page).getByLabel('Service (exact or glob)').fill('checkout-*');
    await form(page).getByLabel('Starts').fill(localInput(-60));
    await form(page).getByLabel('Ends').fill(localInput(120));
    await form(page).getByLabel('Comment').fill('Checkout DB migration');
    await form(page).getByRole('button', { name: 'Create silence' }).click();
    const row = table(page, 'Active silences').getByRole('row').filter({ hasText: 'Checkout DB migration' });
    await row.waitFor();
    expect(await row.textContent()).toContain('service checkout-*');

    const incident = await t.request('POST', '/incidents', {
      token: t.tokens.responder,
      body: { title: 'Checkout errors', severity: 'HIGH', service_id: 'checkout-eu' },
    });
    // The fan-out records the hold within a second of the incident opening; generous on a loaded box.
    const deadline = Date.now() + 15_000;
    while ((await t.request('GET', `/incidents/${incident.body.id}`, { token: t.tokens.viewer })).body.silenced_by === null) {
      if (Date.now() > deadline) throw new Error('the incident was not held');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const incidentPage = await pageAs(browser, t, 'viewer', `/incidents/${incident.body.id}`);
    await incidentPage.getByRole('region', { name: 'Facts' }).getByText('Held by silence').waitFor();
    await incidentPage.getByRole('link', { name: '“Checkout DB migration”' }).waitFor();

    await row.getByRole('button', { name: 'Expire now Checkout DB migration' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Expired' }).click();
    await table(page, 'Expired silences').getByRole('row').filter({ hasText: 'Checkout DB migration' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('creates a weekly maintenance window, showing a refused field next to its input', async () => {
    const page = await pageAs(browser, t, 'responder', '/silences');
    await form(page).getByLabel('Title contains').fill('backup');
    await form(page)
      .getByLabel('Starts')
      .fill(localInput(24 * 60));
    await form(page)
      .getByLabel('Ends')
      .fill(localInput(60 * 24 * 60));
    await form(page).getByLabel('Comment').fill('Weekly backup');
    await form(page).getByLabel('Recurring maintenance window').check();
    await form(page).getByLabel('Sunday').check();
    await form(page).getByLabel('Time zone (IANA)').fill('Europe/Atlantis');
    await form(page).getByRole('button', { name: 'Create silence' }).click();
    await form(page).getByText('recurrence.time_zone must be an IANA time zone such as Europe/Berlin').first().waitFor();
    expect(await form(page).getByLabel('Time zone (IANA)').getAttribute('aria-invalid')).toBe('true');

    await form(page).getByLabel('Time zone (IANA)').fill('Europe/Berlin');
    await form(page).getByRole('button', { name: 'Create silence' }).click();
    await page.getByRole('button', { name: 'Pending' }).click();
    const row = table(page, 'Pending silences').getByRole('row').filter({ hasText: 'Weekly backup' });
    await row.waitFor();
    expect(await row.textContent()).toContain('FREQ=WEEKLY;BYDAY=SU at 02:00 Europe/Berlin, 120 min');
  });

  it('shows viewers the list without the form or the expire buttons', async () => {
    const page = await pageAs(browser, t, 'viewer', '/silences');
    await page.getByRole('heading', { name: 'Silences', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Pending' }).click();
    await table(page, 'Pending silences').waitFor();
    expect(await page.getByRole('form', { name: 'New silence' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Expire now/ }).count()).toBe(0);
  });

  it('has no serious or critical accessibility violation on the silences screen', async () => {
    const page = await pageAs(browser, t, 'responder', '/silences');
    await form(page).getByLabel('Recurring maintenance window').check();
    await page.getByRole('group', { name: 'Weekly on' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
