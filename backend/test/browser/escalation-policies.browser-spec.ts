import type { Browser } from 'playwright-core';
import { escalatedEvents, openIncident } from '../support/escalation';
import { seriousViolations } from '../support/serious-violations';
import type { TestApp } from '../support/test-app';
import { eventually } from '../support/webhook-receiver';
import { consoleErrors, launchBrowser, pageAs, startConsoleApp } from '../support/browser';

describe('console in a browser: Escalation policies (ADMIN) and the incident escalation state', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('creates a policy with a step targeting a person, showing a refused wait next to its field first', async () => {
    const page = await pageAs(browser, t, 'admin', '/escalation-policies');
    const errors = consoleErrors(page);
    await page.getByText('No escalation policies').waitFor();
    const form = page.getByRole('form', { name: 'New escalation policy' });
    await form.getByLabel('Name', { exact: true }).fill('Browser on-call');
    await form.getByLabel('Services (comma-separated)').fill('esc-browser');
    await form.getByLabel('Step 1 target 1', { exact: true }).selectOption({ label: t.users.responder.email });
    const wait = form.getByLabel('Then wait (minutes) after step 1');
    await wait.fill('0');
    await form.getByRole('button', { name: 'Add policy' }).click();
    await eventually(async () => (await wait.getAttribute('aria-invalid')) === 'true', 10_000, 'wait marked invalid');
    await form
      .getByText(/wait_minutes must not be less than 1/)
      .first()
      .waitFor();

    await wait.fill('5');
    await form.getByRole('button', { name: 'Add policy' }).click();
    const row = page.getByRole('table', { name: 'Escalation policies' }).getByRole('row', { name: /Browser on-call/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('services: esc-browser');
    const { rows } = await t.pool.query(
      `SELECT s.wait_minutes, t.user_id FROM escalation_policies p JOIN escalation_steps s ON s.policy_id = p.id
         JOIN escalation_step_targets t ON t.step_id = s.id WHERE p.name = 'Browser on-call'`,
    );
    expect(rows).toEqual([{ wait_minutes: 5, user_id: t.users.responder.id }]);
    expect(errors.filter((line) => !line.includes('status of 400'))).toEqual([]);
  });

  it('shows on the incident screen the step paged and when the next one is due', async () => {
    const incidentId = await openIncident(t, 'esc-browser');
    // The scheduler ticks in real time: step 1 is due at once.
    await eventually(async () => (await escalatedEvents(t.pool, incidentId)).length === 1, 10_000, 'step 1 paged');
    const page = await pageAs(browser, t, 'viewer', `/incidents/${incidentId}`);
    const section = page.getByRole('region', { name: 'Escalation' });
    await section.getByText('Browser on-call').waitFor();
    await section.getByText(/step 1 of 1, round 1 of 1/).waitFor();
    await section.getByText('Every step paged').waitFor();
  });

  it('has no serious or critical accessibility violation on the escalation policies screen', async () => {
    const page = await pageAs(browser, t, 'admin', '/escalation-policies');
    await page.getByRole('table', { name: 'Escalation policies' }).waitFor();
    await page.getByRole('button', { name: 'Edit Browser on-call' }).click();
    await page.getByRole('form', { name: 'Edit Browser on-call' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
