import type { Browser } from 'playwright-core';
import { seriousViolations } from '../support/serious-violations';
import { SmtpSink } from '../support/smtp-sink';
import type { TestApp } from '../support/test-app';
import { eventually, WebhookReceiver } from '../support/webhook-receiver';
import { consoleErrors, launchBrowser, pageAs, startConsoleApp } from '../support/browser';

describe('console in a browser: Contact methods', () => {
  let t: TestApp;
  let browser: Browser;
  let smtp: SmtpSink;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    [smtp] = await Promise.all([new SmtpSink().start(), receiver.start()]);
    [t, browser] = await Promise.all([startConsoleApp({ env: { ...smtp.env(), ALLOW_PRIVATE_WEBHOOKS: 'true' } }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await Promise.all([smtp?.stop(), receiver.stop()]);
  });

  it('lets a responder add an email, verify it with the mailed code, test it and remove it', async () => {
    const page = await pageAs(browser, t, 'responder', '/contact-methods');
    const errors = consoleErrors(page);
    await page.getByRole('heading', { name: 'Contact methods' }).waitFor();
    const form = page.getByRole('form', { name: 'New contact method' });
    await form.getByLabel('Label').fill('Work mail');
    await form.getByLabel('Email address').fill('not an address');
    await form.getByRole('button', { name: 'Add contact method' }).click();
    await form
      .getByRole('alert')
      .getByText(/address must be an email address/)
      .waitFor();

    await form.getByLabel('Email address').fill('resp@example.test');
    await form.getByRole('button', { name: 'Add contact method' }).click();
    await page.getByRole('status').getByText('A verification code was sent to "Work mail".').waitFor();
    const row = page.getByRole('table', { name: 'Contact methods' }).getByRole('row', { name: /Work mail/ });
    await row.getByText('Not yet: not paged').waitFor();

    const mail = await smtp.waitFor((m) => m.to.includes('resp@example.test'), 5000);
    const code = /\b(\d{6})\b/.exec(mail.parsed.text ?? '')![1]!;
    await row.getByLabel('Verification code for Work mail').fill(code);
    await row.getByRole('button', { name: 'Verify Work mail' }).click();
    await row.getByRole('cell', { name: 'Yes' }).waitFor();

    await row.getByRole('button', { name: 'Test Work mail' }).click();
    await row.getByText('Test sent to "Work mail".').waitFor();
    await smtp.waitFor((m) => m.to.includes('resp@example.test') && m.parsed.subject === 'Test page', 5000);

    expect(await seriousViolations(page)).toEqual([]);
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Remove Work mail' }).click();
    await page.getByText('No contact methods').waitFor();
    expect(await t.prisma.contactMethod.count()).toBe(0);
    expect(errors.filter((line) => !line.includes('status of 400'))).toEqual([]);
  });

  it("lets an admin open a user's contact methods from Setup, Users and add one for them", async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/users');
    await page.getByRole('link', { name: `Contact methods of ${t.users.viewer.email}` }).click();
    await page.getByRole('heading', { name: `Contact methods of ${t.users.viewer.email}` }).waitFor();
    const form = page.getByRole('form', { name: 'New contact method' });
    await form.getByLabel('Type').selectOption('WEBHOOK');
    await form.getByLabel('Label').fill('Viewer hook');
    await form.getByLabel('Webhook URL').fill(receiver.url('/viewer-hook'));
    await form.getByRole('button', { name: 'Add contact method' }).click();
    await page.getByRole('row', { name: /Viewer hook/ }).waitFor();
    const stored = await eventually(() => t.prisma.contactMethod.findFirst({ where: { label: 'Viewer hook' } }));
    expect(stored.userId).toBe(t.users.viewer.id);
    await receiver.waitFor((r) => r.path === '/viewer-hook', 5000);
  });

  it('adds an email and a PagerDuty channel from Setup, each form showing only its own destination field', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/channels');
    const form = page.getByRole('form', { name: 'New notification channel' });
    await form.getByLabel('Name').fill('Ops mail');
    await form.getByLabel('Type').selectOption('EMAIL');
    expect(await form.getByLabel('URL').count()).toBe(0);
    await form.getByLabel('Recipients').fill('ops@example.test, leads@example.test');
    await form.getByRole('button', { name: 'Add channel' }).click();
    await page
      .getByRole('row', { name: /Ops mail/ })
      .getByText('ops@example.test, leads@example.test')
      .waitFor();

    await form.getByLabel('Name').fill('PD');
    await form.getByLabel('Type').selectOption('PAGERDUTY');
    await form.getByLabel('Routing key').fill('R0123456789abcdef0123456789ABCDE');
    await form.getByRole('button', { name: 'Add channel' }).click();
    await page.getByRole('row', { name: /PD/ }).getByText('PagerDuty Events API v2').waitFor();
    const stored = await t.prisma.notificationChannel.findMany({ orderBy: { createdAt: 'asc' } });
    expect(stored.map((c) => [c.name, c.type])).toEqual([
      ['Ops mail', 'EMAIL'],
      ['PD', 'PAGERDUTY'],
    ]);
  });
});
