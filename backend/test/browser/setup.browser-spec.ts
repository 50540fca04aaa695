import type { Browser } from 'playwright-core';
import { verifyWebhookSignature } from '../../src/notifications/webhook-signature';
import { ingestLogs } from '../support/logs';
import { seriousViolations } from '../support/serious-violations';
import { TEST_PASSWORD, type TestApp } from '../support/test-app';
import { eventually, WebhookReceiver } from '../support/webhook-receiver';
import { consoleErrors, consoleUrl, launchBrowser, newContext, pageAs, signIn, startConsoleApp } from '../support/browser';

describe('console in a browser: Setup (ADMIN)', () => {
  let t: TestApp;
  let browser: Browser;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    // The receiver listens on 127.0.0.1, which the SSRF guard refuses unless private destinations are allowed.
    [t, browser] = await Promise.all([startConsoleApp({ env: { ALLOW_PRIVATE_WEBHOOKS: 'true' } }), launchBrowser(), receiver.start()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await receiver.stop();
  });

  it('creates a detection rule, showing the API field error next to the field first', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup');
    const errors = consoleErrors(page);
    await page.waitForURL(/\/setup\/rules$/);
    await page
      .getByRole('table', { name: 'Detection rules' })
      .getByRole('row', { name: /High Error Rate/ })
      .waitFor();

    const form = page.getByRole('form', { name: 'New detection rule' });
    await form.getByLabel('Name').fill('Checkout timeouts');
    await form.getByLabel('Window (seconds)').fill('0');
    await form.getByRole('button', { name: 'Create rule' }).click();
    const window = form.getByLabel('Window (seconds)');
    await eventually(async () => (await window.getAttribute('aria-invalid')) === 'true', 10_000, 'window_seconds marked invalid');
    // The error is the API's own words, tied to the input (read out with it).
    const errorId = (await window.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!;
    expect(await page.locator(`#${errorId}`).textContent()).toBe('window_seconds must not be less than 1');
    await form
      .getByRole('alert')
      .getByText(/Invalid request/)
      .waitFor();
    expect(await t.prisma.detectionRule.count({ where: { name: 'Checkout timeouts' } })).toBe(0);

    await window.fill('120');
    await form.getByLabel('Service (optional)').fill('checkout');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('row', { name: /Checkout timeouts/ }).waitFor();
    expect(await window.getAttribute('aria-invalid')).toBeNull();
    const stored = await t.prisma.detectionRule.findFirst({ where: { name: 'Checkout timeouts' } });
    expect(stored).toMatchObject({ windowSeconds: 120, serviceId: 'checkout', kind: 'THRESHOLD', threshold: 5 });
    // The browser logs the refused request itself (the 400 above); nothing else went wrong.
    expect(errors.filter((line) => !line.includes('status of 400'))).toEqual([]);
  });

  it('edits a rule: prefilled, a refused value shown next to its field, only the changed field sent', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/rules');
    const row = page.getByRole('row', { name: /Checkout timeouts/ });
    await row.getByRole('button', { name: 'Edit Checkout timeouts' }).click();
    const form = page.getByRole('form', { name: 'Edit rule Checkout timeouts' });
    const threshold = form.getByLabel('Threshold');
    // Prefilled with the stored rule, and focus lands on the editor.
    expect(await form.getByLabel('Window (seconds)').inputValue()).toBe('120');
    expect(await form.getByLabel('Service (optional)').inputValue()).toBe('checkout');
    expect(await threshold.inputValue()).toBe('5');
    expect(await page.evaluate<string>('document.activeElement?.textContent')).toBe('Edit rule Checkout timeouts');

    await threshold.fill('-1');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await eventually(async () => (await threshold.getAttribute('aria-invalid')) === 'true', 10_000, 'threshold marked invalid');
    const errorId = (await threshold.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!;
    expect(await page.locator(`#${errorId}`).textContent()).toBe('threshold must not be less than 0');

    const sent: unknown[] = [];
    page.on('request', (request) => request.method() === 'PATCH' && sent.push(request.postDataJSON()));
    await threshold.fill('25');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.waitFor({ state: 'detached' });
    await row.getByText('More than 25 ERROR+ logs in checkout over 120 s').waitFor();
    expect(sent).toEqual([{ threshold: 25 }]);
    const id = (await t.prisma.detectionRule.findFirstOrThrow({ where: { name: 'Checkout timeouts' } })).id;
    const stored = await t.request('GET', `/detection-rules/${id}`, { token: t.tokens.admin });
    expect(stored.body).toMatchObject({ threshold: 25, window_seconds: 120, service_id: 'checkout', kind: 'THRESHOLD' });
  });

  it('adds a webhook channel, sends a test, and lists a real delivery with its status and attempts', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/channels');
    await page.getByText('No notification channels: incidents notify nobody yet.').waitFor();
    const form = page.getByRole('form', { name: 'New notification channel' });
    await form.getByLabel('Name').fill('Local receiver');
    await form.getByLabel('URL').fill(receiver.url('/incidents'));
    await form.getByRole('button', { name: 'Add channel' }).click();

    // No secret given: the server made one and shows it this once.
    const panel = page.getByRole('region', { name: /Signing secret of Local receiver/ });
    await panel.getByText('you will not see it again', { exact: false }).waitFor();
    const secret = await panel.getByLabel('Webhook signing secret').inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(16);
    await panel.getByRole('button', { name: /close/ }).click();
    await panel.waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Local receiver' }).click();
    await page.getByRole('heading', { level: 1, name: 'Local receiver' }).waitFor();
    await page.getByRole('button', { name: 'Send a test' }).click();
    await page.getByText('Test delivered (HTTP 200).').waitFor();
    expect(receiver.requests.filter((r) => r.path === '/incidents')).toHaveLength(1);
    await page.getByText('No deliveries yet', { exact: false }).waitFor();

    // A real incident event goes through the outbox to the channel; the history (polled) shows it.
    await ingestLogs(
      t,
      Array.from({ length: 6 }, () => ({ service_id: 'setup-notify', level: 'ERROR' as const })),
    );
    // Generous: detection (1 s), outbox relay and delivery, then the page's 5 s poll, on a loaded machine.
    const row = page.getByRole('table', { name: 'Delivery history' }).getByRole('row', { name: /incident\.opened/ });
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('cell', { name: 'DELIVERED' }).waitFor({ timeout: 15_000 });
    expect(await row.getByRole('cell', { name: '1', exact: true }).count()).toBe(1);
    const delivered = await receiver.waitFor((r) => r.body.includes('setup-notify'));
    expect(delivered.headers['x-signature']).toBeDefined();
  });

  it('edits a channel: renamed, min severity changed, URL kept when left empty, secret rotated and shown once', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/channels');
    await page.getByRole('link', { name: 'Local receiver' }).click();
    const form = page.getByRole('form', { name: 'Edit channel' });
    expect(await form.getByLabel('Name').inputValue()).toBe('Local receiver');
    expect(await form.getByLabel('New URL').inputValue()).toBe('');
    await form.getByText('leave this empty to keep it', { exact: false }).waitFor();

    // A refused value is shown next to its field, and nothing is stored.
    await form.getByLabel('New URL').fill('ftp://example.com/hook');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await eventually(async () => (await form.getByLabel('New URL').getAttribute('aria-invalid')) === 'true', 10_000, 'url marked invalid');
    await form.getByLabel('New URL').fill('');

    const sent: unknown[] = [];
    page.on('request', (request) => request.method() === 'PATCH' && sent.push(request.postDataJSON()));
    await form.getByLabel('Name').fill('On-call receiver');
    await form.getByLabel('Minimum severity').selectOption('HIGH');
    await form.getByLabel('Rotate the signing secret').check();
    await form.getByRole('button', { name: 'Save changes' }).click();

    const panel = page.getByRole('region', { name: 'New signing secret of On-call receiver' });
    const secret = await panel.getByLabel('Webhook signing secret').inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(16);
    await panel.getByRole('button', { name: /close/ }).click();
    await page.getByRole('heading', { level: 1, name: 'On-call receiver' }).waitFor();
    expect(sent).toEqual([{ name: 'On-call receiver', min_severity: 'HIGH', rotate_secret: true }]);
    const stored = await t.request('GET', '/notification-channels', { token: t.tokens.admin });
    expect(stored.body).toEqual([expect.objectContaining({ name: 'On-call receiver', min_severity: 'HIGH' })]);

    // The URL was kept and the new secret signs: a test reaches the receiver, verifiable with it.
    const before = receiver.requests.length;
    await page.getByRole('button', { name: 'Send a test' }).click();
    await page.getByText('Test delivered (HTTP 200).').waitFor();
    const delivery = receiver.requests[before]!;
    const signed = {
      body: delivery.body,
      timestamp: delivery.headers['x-timestamp'] as string,
      signature: delivery.headers['x-signature'] as string,
    };
    expect(verifyWebhookSignature({ ...signed, secret, nowSeconds: Math.floor(Date.now() / 1000) })).toBe(true);
  });

  it('shows a new API key once, with a copy button; afterwards the list has it without the key', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/api-keys');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const form = page.getByRole('form', { name: 'New API key' });
    await form.getByLabel('What it is for').fill('billing production');
    await form.getByLabel('Only for service (optional)').fill('billing');
    await form.getByRole('button', { name: 'Create API key' }).click();

    const panel = page.getByRole('region', { name: /API key "billing production" created/ });
    await panel.getByText('you will not see it again', { exact: false }).waitFor();
    const key = await panel.getByLabel('API key').inputValue();
    await panel.getByRole('button', { name: 'Copy' }).click();
    await panel.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(key);
    // It is a real key: the API takes logs with it, for its service.
    const ingest = await t.request('POST', '/ingest', { apiKey: key, body: [{ service_id: 'billing', level: 'INFO', message: 'hello' }] });
    expect(ingest.status).toBe(201);

    await panel.getByRole('button', { name: /close/ }).click();
    const row = page.getByRole('row', { name: /billing production/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(key.slice(0, 8));
    expect(await page.content()).not.toContain(key);
    await page.reload();
    await page.getByRole('row', { name: /billing production/ }).waitFor();
    expect(await page.content()).not.toContain(key);
  });

  it('creates a user with a role, and shows the password policy refusal next to the field', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/users');
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Email').fill('new.responder@example.test');
    await form.getByLabel('Initial password').fill('short');
    await form.getByLabel('Role').selectOption('RESPONDER');
    await form.getByRole('button', { name: 'Create user' }).click();
    const password = form.getByLabel('Initial password');
    await eventually(async () => (await password.getAttribute('aria-invalid')) === 'true', 10_000, 'password marked invalid');

    await password.fill('a-long-enough-passphrase');
    await form.getByRole('button', { name: 'Create user' }).click();
    const row = page.getByRole('row', { name: /new\.responder@example\.test/ });
    await row.waitFor();
    expect(await row.getByRole('combobox', { name: /Role of/ }).inputValue()).toBe('RESPONDER');
    const stored = await t.prisma.user.findUnique({ where: { email: 'new.responder@example.test' } });
    expect(stored).toMatchObject({ role: 'RESPONDER', active: true });
  });

  it('is not reachable for a RESPONDER or a VIEWER: no menu entry, and the page says so', async () => {
    for (const role of ['responder', 'viewer'] as const) {
      const page = await pageAs(browser, t, role, '/setup/users');
      await page.getByText(`This page is not available to the ${role.toUpperCase()} role.`).waitFor();
      expect(await page.getByRole('link', { name: 'Setup' }).count()).toBe(0);
      expect(await page.getByRole('table', { name: 'Users' }).count()).toBe(0);
      expect(await page.getByRole('navigation', { name: 'Setup sections' }).count()).toBe(0);
    }
  });

  it("resets a user's password: the policy refusal next to the field, then the person signs in with the new one", async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/users');
    const email = t.users.responder.email;
    await page.getByRole('button', { name: `Reset password of ${email}` }).click();
    const form = page.getByRole('form', { name: `Reset the password of ${email}` });
    const password = form.getByLabel('New password');
    await password.fill('short');
    await form.getByRole('button', { name: 'Set password' }).click();
    await eventually(async () => (await password.getAttribute('aria-invalid')) === 'true', 10_000, 'password marked invalid');
    const errorId = (await password.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!;
    expect(await page.locator(`#${errorId}`).textContent()).toContain('must be at least 12 characters long');

    const newPassword = 'lantern-orchard-quietly-7';
    await password.fill(newPassword);
    await form.getByRole('button', { name: 'Set password' }).click();
    await page.getByText(`The password of ${email} was changed.`).waitFor();
    expect(await form.count()).toBe(0);

    try {
      const responder = await (await newContext(browser)).newPage();
      await signIn(responder, t, 'responder', newPassword);
      await responder.getByRole('link', { name: 'Incidents' }).first().waitFor();
      const old = await t.request('POST', '/auth/login', { body: { email, password: TEST_PASSWORD } });
      expect(old.status).toBe(401);
    } finally {
      // Later tests sign in as the responder with the shared test password.
      await t.request('PATCH', `/users/${t.users.responder.id}`, { token: t.tokens.admin, body: { password: TEST_PASSWORD } });
    }
  });

  it('has no serious or critical accessibility violation on any setup page', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/rules');
    const pages: [string, string][] = [
      ['/setup/rules', 'Detection rules'],
      ['/setup/channels', 'Notification channels'],
      ['/setup/users', 'Users'],
      ['/setup/api-keys', 'API keys'],
    ];
    for (const [path, title] of pages) {
      await page.goto(consoleUrl(t, path));
      await page.getByRole('table', { name: title }).waitFor();
      expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
    }
    // The channel page carries its edit form.
    await page.getByRole('link', { name: 'Notification channels' }).click();
    await page.getByRole('link', { name: 'On-call receiver' }).click();
    await page.getByRole('table', { name: 'Delivery history' }).waitFor();
    await page.getByRole('form', { name: 'Edit channel' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // The forms opened from a row: a rule's editor and a password reset.
    await page.goto(consoleUrl(t, '/setup/rules'));
    await page.getByRole('button', { name: 'Edit Checkout timeouts' }).click();
    await page.getByRole('form', { name: 'Edit rule Checkout timeouts' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(consoleUrl(t, '/setup/users'));
    await page.getByRole('button', { name: `Reset password of ${t.users.viewer.email}` }).click();
    await page.getByRole('form', { name: `Reset the password of ${t.users.viewer.email}` }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // Seven pages and three forms, each scanned by axe: about a minute on a loaded 2-core machine.
  }, 180_000);
});
