import type { Browser } from 'playwright-core';
import { seriousViolations } from '../support/serious-violations';
import type { TestApp } from '../support/test-app';
import { consoleErrors, launchBrowser, pageAs, startConsoleApp } from '../support/browser';
import { eventually } from '../support/webhook-receiver';

describe('console in a browser: Schedules', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lets an admin create a schedule, see who is on call, add an override, and get then revoke a feed URL', async () => {
    const page = await pageAs(browser, t, 'admin', '/schedules');
    const errors = consoleErrors(page);
    await page.getByText('No on-call schedules yet.').waitFor();
    await page.getByRole('button', { name: 'New schedule' }).click();
    const form = page.getByRole('form', { name: 'New schedule' });
    await form.getByLabel('Schedule name').fill('Checkout');
    await form.getByLabel('Layer 1 rotation').selectOption('DAILY');
    await form.getByLabel('Layer 1 time zone').fill('UTC');
    // Started yesterday: someone is on call whatever the time of day the test runs.
    await form.getByLabel('Layer 1 first hand-off date').fill(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
    await form.getByLabel('Layer 1 turn 1').selectOption({ label: t.users.admin.email });
    await form.getByRole('button', { name: 'Add a person to layer 1' }).click();
    await form.getByLabel('Layer 1 turn 2').selectOption({ label: t.users.responder.email });
    await form.getByRole('button', { name: 'Create schedule' }).click();

    await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
    const facts = page.locator('.on-call-facts');
    await facts
      .getByText(/@example\.test/)
      .first()
      .waitFor();
    await page.getByRole('table', { name: 'Upcoming shifts' }).waitFor();

    // An override for the viewer from a minute ago to tomorrow: the viewer is on call now.
    const [from, until] = await page.evaluate(() => {
      const local = (ms: number) => {
        const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
        return d.toISOString().slice(0, 16);
      };
      return [local(Date.now() - 60_000), local(Date.now() + 86_400_000)];
    });
    const override = page.getByRole('form', { name: 'Add an override' });
    await override.getByLabel('Who').selectOption({ label: t.users.viewer.email });
    await override.getByLabel('From').fill(from);
    await override.getByLabel('Until').fill(until);
    await override.getByRole('button', { name: 'Add override' }).click();
    await page.getByRole('table', { name: 'Overrides' }).getByRole('cell', { name: t.users.viewer.email, exact: true }).waitFor();
    await facts.getByText(t.users.viewer.email).first().waitFor();
    // The form clears itself once the new override is listed: filling it before that would be wiped.
    await eventually(async () => (await override.getByLabel('From').inputValue()) === '', 5000, 'the override form cleared');

    // A bad override is refused with the server's words next to the field.
    await override.getByLabel('Who').selectOption({ label: t.users.viewer.email });
    await override.getByLabel('From').fill(until);
    await override.getByLabel('Until').fill(from);
    await override.getByRole('button', { name: 'Add override' }).click();
    await override.getByText('ends_at must be after starts_at').first().waitFor();

    await page.getByRole('button', { name: 'Get a URL for the feed of this schedule' }).click();
    const url = await page.getByLabel('Subscription URL').inputValue();
    expect(url).toMatch(/\/calendar-feeds\/ilc_[\w-]{43}\/feed\.ics$/);
    const feed = await fetch(url);
    expect([feed.status, (await feed.text()).includes('BEGIN:VCALENDAR')]).toEqual([200, true]);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Revoke the feed of this schedule' }).click();
    await page.getByRole('button', { name: 'Get a URL for the feed of this schedule' }).waitFor();
    // The button changes back only after the DELETE answered: the URL is dead by then.
    expect((await fetch(url)).status).toBe(404);

    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Schedules' }).first().click();
    await page.getByRole('table', { name: 'On-call schedules' }).getByText(t.users.viewer.email).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // The browser logs the deliberately refused override (400); nothing else may appear.
    expect(errors.filter((line) => !line.includes('status of 400'))).toEqual([]);
  });

  it('shows a viewer who is on call but no editing, and lets them get their own feed URL', async () => {
    const page = await pageAs(browser, t, 'viewer', '/schedules');
    await page.getByRole('table', { name: 'On-call schedules' }).waitFor();
    expect(await page.getByRole('button', { name: 'New schedule' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Get a URL for the feed of my own shifts' }).click();
    const url = await page.getByLabel('Subscription URL').inputValue();
    const text = await (await fetch(url)).text();
    expect(text).toContain('My on-call shifts');
    expect(text).toContain('SUMMARY:On call: Checkout');
    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
    expect(await page.getByRole('button', { name: 'Edit schedule' }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Add an override' }).count()).toBe(0);
  });
});
