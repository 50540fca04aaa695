import type { Browser } from 'playwright-core';
import { insertLogs } from '../support/logs';
import { seriousViolations } from '../support/serious-violations';
import type { TestApp } from '../support/test-app';
import { consoleErrors, launchBrowser, pageAs, startConsoleApp } from '../support/browser';

const run = Math.random().toString(36).slice(2, 8);

describe('console in a browser: Setup, previewing a rule before saving it (ADMIN)', () => {
  let t: TestApp;
  let browser: Browser;
  const serviceId = `checkout-${run}`;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
    // Seven errors within one minute two hours ago: more than 5 in 60 s, once.
    const minute = Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000;
    await insertLogs(
      t.pool,
      Array.from({ length: 7 }, (_, i) => ({ service_id: serviceId, timestamp: new Date(minute + 5_000 + i * 1000) })),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists the incidents the form’s rule would have opened over the last 24 h, without saving it', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/rules');
    const errors = consoleErrors(page);
    const form = page.getByRole('form', { name: 'New detection rule' });
    await form.getByLabel('Service (optional)').fill(serviceId);
    await form.getByLabel('Window (seconds)').fill('60');
    await form.getByLabel('Threshold').fill('5');
    await form.getByRole('button', { name: 'Preview last 24 h' }).click();

    const status = form.getByRole('status');
    await status.getByText('This rule would have opened 1 incident(s).').waitFor();
    await status.getByText('Read from per-minute counts, exact to 60 s.').waitFor();
    const table = form.getByRole('table', { name: 'Incidents the rule would have opened' });
    await table.getByRole('cell', { name: serviceId }).waitFor();
    await table.getByRole('cell', { name: '7', exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // A threshold nothing reaches: no incident, said in words.
    await form.getByLabel('Threshold').fill('50');
    await form.getByRole('button', { name: 'Preview last 7 days' }).click();
    await status.getByText('This rule would have opened no incident.').waitFor();

    expect(await t.prisma.detectionRule.count({ where: { serviceId } })).toBe(0);
    expect(errors).toEqual([]);
  });

  it('says in words why a rule cannot be previewed (ANOMALY, a missing field)', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/rules');
    const form = page.getByRole('form', { name: 'New detection rule' });
    await form.getByLabel('Kind').selectOption('ANOMALY');
    await form.getByRole('button', { name: 'Preview last 24 h' }).click();
    await form
      .getByRole('alert')
      .getByText(/preview supports THRESHOLD and ABSENCE rules, not ANOMALY/)
      .waitFor();

    await form.getByLabel('Kind').selectOption('THRESHOLD');
    await form.getByLabel('Threshold').fill('');
    await form.getByRole('button', { name: 'Preview last 24 h' }).click();
    await form
      .getByRole('alert')
      .getByText(/threshold is required for THRESHOLD rules/)
      .waitFor();
  });
});
