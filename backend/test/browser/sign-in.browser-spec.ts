import type { Browser } from 'playwright-core';
import type { TestApp } from '../support/test-app';
import { consoleErrors, consoleUrl, launchBrowser, newContext, pageAs, signIn, startConsoleApp } from '../support/browser';

describe('console in a browser: signing in and out', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sends a visitor to sign-in, then back to the page asked for; sign-out returns to sign-in', async () => {
    const page = await (await newContext(browser)).newPage();
    const errors = consoleErrors(page);
    await page.goto(consoleUrl(t, '/incidents?status=RESOLVED'));
    await page.waitForURL(/\/console\/sign-in\?next=/);
    expect(new URL(page.url()).searchParams.get('next')).toBe('/incidents?status=RESOLVED');

    await signIn(page, t, 'responder');
    expect(page.url()).toBe(consoleUrl(t, '/incidents?status=RESOLVED'));
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    await page.getByText(t.users.responder.email).waitFor();
    // The session is an httpOnly cookie: page script cannot read the token.
    expect(await page.evaluate('document.cookie')).not.toContain('session=');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/sign-in$/);
    await page.goto(consoleUrl(t, '/overview'));
    await page.waitForURL(/\/console\/sign-in\?next=%2Foverview$/);
    // No CSP violation, no script error along the way.
    expect(errors).toEqual([]);
  });

  it('says in words why a sign-in failed, and stays on the form', async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(consoleUrl(t, '/sign-in'));
    await page.getByLabel('Email').fill(t.users.viewer.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Invalid email or password');
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await signIn(page, t, 'viewer'); // clears the failure from the login throttle
  });

  it('goes back to sign-in, keeping the page, when the session ends while in use (401)', async () => {
    const page = await pageAs(browser, t, 'viewer', '/incidents');
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    // The session ends behind the page's back (expired, or signed out in another tab).
    await page.context().clearCookies();
    await page.getByRole('link', { name: /^Acknowledged/ }).click();
    await page.waitForURL(/\/console\/sign-in\?next=/);
    expect(new URL(page.url()).searchParams.get('next')).toBe('/incidents?status=ACKNOWLEDGED');
  });

  it('opens any screen from its deep link, and only an ADMIN sees Setup', async () => {
    const viewer = await pageAs(browser, t, 'viewer', '/logs');
    await viewer.getByRole('heading', { level: 1, name: 'Logs' }).waitFor();
    const viewerNav = await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(viewerNav).toEqual(['Overview', 'Incidents', 'Logs', 'Services', 'Schedules', 'Silences', 'Contact methods']);

    const admin = await pageAs(browser, t, 'admin', '/setup');
    // Setup opens on its first section.
    await admin.getByRole('heading', { level: 1, name: 'Detection rules' }).waitFor();
    expect(await admin.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toContain('Setup');
    expect(await admin.getByRole('link', { name: 'Setup' }).getAttribute('aria-current')).toBe('page');
  });
});
