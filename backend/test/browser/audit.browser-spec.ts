import type { Browser } from 'playwright-core';
import { seriousViolations } from '../support/serious-violations';
import type { TestApp } from '../support/test-app';
import { consoleErrors, launchBrowser, pageAs, startConsoleApp } from '../support/browser';

describe('console in a browser: the audit trail (ADMIN)', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows a role change made in Setup with who made it and what changed, and filters by action', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/users');
    const errors = consoleErrors(page);
    await page.getByLabel(`Role of ${t.users.viewer.email}`).selectOption('RESPONDER');
    await page
      .getByRole('table', { name: 'Users' })
      .getByRole('row', { name: new RegExp(`${t.users.viewer.email}.*RESPONDER`) })
      .waitFor();

    await page.getByRole('link', { name: 'Audit trail' }).click();
    const table = page.getByRole('table', { name: 'Audit entries, newest first' });
    const row = table.getByRole('row', { name: /user\.role_changed/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(t.users.admin.email);
    expect(await row.textContent()).toMatch(/role: VIEWER → RESPONDER/);
    expect(await seriousViolations(page)).toEqual([]);

    const filters = page.getByRole('search', { name: 'Filter the audit trail' });
    await filters.getByLabel('Action').fill('user.deactivated');
    await filters.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('status').getByText('No audit entries').waitFor();
    await filters.getByLabel('Action').fill('user.role_changed');
    await filters.getByLabel('Target').selectOption('user');
    await filters.getByRole('button', { name: 'Filter' }).click();
    await row.waitFor();
    expect(await table.getByRole('row').count()).toBe(2); // the header and the one change
    expect(errors).toEqual([]);
  });

  it('is not offered to a RESPONDER, and the API refuses it', async () => {
    expect((await t.request('GET', '/audit-events', { token: t.tokens.responder })).status).toBe(403);
    const page = await pageAs(browser, t, 'responder', '/setup/audit');
    await page.getByText('This page is not available to the RESPONDER role.').waitFor();
    expect(await page.getByRole('table', { name: 'Audit entries, newest first' }).count()).toBe(0);
  });
});
