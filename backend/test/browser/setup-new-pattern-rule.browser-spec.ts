import type { Browser } from 'playwright-core';
import { seriousViolations } from '../support/serious-violations';
import type { TestApp } from '../support/test-app';
import { eventually } from '../support/webhook-receiver';
import { consoleErrors, launchBrowser, pageAs, startConsoleApp } from '../support/browser';

describe('console in a browser: Setup, NEW_PATTERN rules (ADMIN)', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the learning period instead of the window, refuses a bad one next to the field, creates the rule and lists it', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/rules');
    const errors = consoleErrors(page);
    const form = page.getByRole('form', { name: 'New detection rule' });
    await form.getByLabel('Threshold').waitFor();
    expect(await form.getByLabel('Learning period (seconds)').count()).toBe(0);

    await form.getByLabel('Kind').selectOption('NEW_PATTERN');
    const learning = form.getByLabel('Learning period (seconds)');
    await learning.waitFor();
    expect(await learning.inputValue()).toBe('86400');
    expect(await form.getByLabel('Window (seconds)').count()).toBe(0);
    expect(await form.getByLabel('Threshold').count()).toBe(0);
    expect(await form.getByLabel('Group by metadata key (optional)').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    await form.getByLabel('Name').fill('New checkout errors');
    await form.getByLabel('Service (optional)').fill('checkout');
    await learning.fill('-5');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await eventually(async () => (await learning.getAttribute('aria-invalid')) === 'true', 10_000, 'learning_seconds marked invalid');

    await learning.fill('3600');
    await form.getByRole('button', { name: 'Create rule' }).click();
    const row = page.getByRole('row', { name: /New checkout errors/ });
    await row.getByText('New ERROR+ message templates from checkout, after 3600 s of learning').waitFor();
    await row.getByRole('cell', { name: 'New pattern' }).waitFor();
    expect(await t.prisma.detectionRule.findFirstOrThrow({ where: { name: 'New checkout errors' } })).toMatchObject({
      kind: 'NEW_PATTERN',
      serviceId: 'checkout',
      learningSeconds: 3600,
      threshold: null,
    });
    expect(errors.filter((line) => !line.includes('status of 400'))).toEqual([]);
  });

  it('lists the seeded example', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/rules');
    const row = page.getByRole('row', { name: /New error patterns \(example\)/ });
    await row.getByText('New ERROR+ message templates per service, after 86400 s of learning').waitFor();
  });
});
