import type { Browser } from 'playwright-core';
import { seriousViolations } from '../support/serious-violations';
import type { TestApp } from '../support/test-app';
import { eventually } from '../support/webhook-receiver';
import { consoleErrors, launchBrowser, pageAs, startConsoleApp } from '../support/browser';

describe('console in a browser: Setup, ABSENCE rules and group_by (ADMIN)', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the ABSENCE fields only for that kind, creates one, and lists its condition', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/rules');
    const errors = consoleErrors(page);
    const form = page.getByRole('form', { name: 'New detection rule' });
    await form.getByLabel('Threshold').waitFor();
    expect(await form.getByLabel('Expected logs per window').count()).toBe(0);

    await form.getByLabel('Kind').selectOption('ABSENCE');
    const expected = form.getByLabel('Expected logs per window');
    await expected.waitFor();
    expect(await expected.inputValue()).toBe('1');
    expect(await form.getByLabel('Threshold').count()).toBe(0);
    expect(await form.getByLabel('Auto-resolve after (seconds, optional)').count()).toBe(0);
    expect(await form.getByLabel('Group by metadata key (optional)').count()).toBe(0);
    await form.getByText('Empty: every service together (ingestion as a whole).').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // The API's refusal of a 0 appears next to the field, in its words.
    await form.getByLabel('Name').fill('Billing cron silent');
    await form.getByLabel('Service (optional)').fill('billing-cron');
    await form.getByLabel('Window (seconds)').fill('300');
    await expected.fill('0');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await eventually(async () => (await expected.getAttribute('aria-invalid')) === 'true', 10_000, 'min_count marked invalid');

    await expected.fill('2');
    await form.getByRole('button', { name: 'Create rule' }).click();
    const row = page.getByRole('row', { name: /Billing cron silent/ });
    await row.getByText('Fewer than 2 ERROR+ logs from billing-cron over 300 s').waitFor();
    await row.getByRole('cell', { name: 'Absence' }).waitFor();
    const stored = await t.prisma.detectionRule.findFirstOrThrow({ where: { name: 'Billing cron silent' } });
    expect(stored).toMatchObject({
      kind: 'ABSENCE',
      serviceId: 'billing-cron',
      windowSeconds: 300,
      minCount: 2,
      threshold: null,
      autoResolveSeconds: null,
    });
    expect(errors.filter((line) => !line.includes('status of 400'))).toEqual([]);
  });

  it('lists the seeded ingestion check as an ABSENCE rule over every service', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/rules');
    const row = page.getByRole('row', { name: /Ingestion stopped/ });
    await row.getByText('Fewer than 1 DEBUG+ logs from any service over 300 s').waitFor();
  });

  it('creates a THRESHOLD rule grouped by a metadata key, the API refusing a bad key next to the field first', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/rules');
    const form = page.getByRole('form', { name: 'New detection rule' });
    const groupBy = form.getByLabel('Group by metadata key (optional)');
    await form.getByLabel('Name').fill('Errors per host');
    await groupBy.fill('host name');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await eventually(async () => (await groupBy.getAttribute('aria-invalid')) === 'true', 10_000, 'group_by marked invalid');
    const errorId = (await groupBy.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!;
    expect(await page.locator(`#${errorId}`).textContent()).toContain('group_by must be a metadata key');

    await groupBy.fill('host');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await page
      .getByRole('row', { name: /Errors per host/ })
      .getByText('More than 5 ERROR+ logs per service over 60 s, per host')
      .waitFor();
    expect(await t.prisma.detectionRule.findFirstOrThrow({ where: { name: 'Errors per host' } })).toMatchObject({ groupBy: 'host' });
  });
});
