import type { Browser } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { freePort } from '../../src/dev-database/free-port';
import { TestOidcProvider } from '../support/oidc-provider';
import { seriousViolations } from '../support/serious-violations';
import type { TestApp } from '../support/test-app';
import { consoleErrors, consoleUrl, launchBrowser, newContext, pageAs, startConsoleApp } from '../support/browser';

describe('console in a browser: Sign in with SSO', () => {
  const op = new TestOidcProvider();
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    const issuer = await op.listen();
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const secret = randomBytes(16).toString('hex');
    op.start([{ client_id: 'incident-console', client_secret: secret, redirect_uris: [`${publicUrl}/auth/oidc/callback`] }]);
    [t, browser] = await Promise.all([
      startConsoleApp({
        port,
        env: {
          PUBLIC_URL: publicUrl,
          OIDC_ISSUER: issuer,
          OIDC_CLIENT_ID: 'incident-console',
          OIDC_CLIENT_SECRET: secret,
          OIDC_ROLE_MAP: 'sre=RESPONDER',
          OIDC_DISPLAY_NAME: 'Test IdP',
        },
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await op.close();
  });

  it('signs a new person in through the provider and lands them in the console with their mapped role', async () => {
    const email = `sso-${randomBytes(3).toString('hex')}@example.test`;
    op.signInAs = { sub: email, email, email_verified: true, groups: ['sre'] };
    const page = await (await newContext(browser)).newPage();
    const errors = consoleErrors(page);
    await page.goto(consoleUrl(t, '/sign-in'));
    const button = page.getByRole('link', { name: 'Sign in with Test IdP' });
    await button.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await button.click();
    await page.waitForURL(/\/console\/incidents$/);
    await page.getByRole('heading', { name: 'Incidents' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/auth/me')).json());
    expect(me).toMatchObject({ email, role: 'RESPONDER' });
    expect(errors).toEqual([]);
  });

  it('says in words why an SSO sign-in was refused', async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(consoleUrl(t, '/sign-in?sso_error=state_unknown'));
    await page.getByRole('alert').getByText('That sign-in link was already used or took longer than 10 minutes. Start again.').waitFor();
  });

  it('shows the admin the sign-in methods, and the API’s reason when password sign-in cannot be turned off yet', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/sign-in-methods');
    await page.getByText('Configured: the sign-in page offers it.').waitFor();
    await page.getByRole('button', { name: 'Turn password sign-in off' }).click();
    await page
      .getByRole('alert')
      .getByText(/only by an admin who has signed in through SSO/)
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
