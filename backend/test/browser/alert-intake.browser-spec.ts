import type { Browser } from 'playwright-core';
import type { TestApp } from '../support/test-app';
import { consoleErrors, launchBrowser, pageAs, startConsoleApp } from '../support/browser';

describe('console in a browser: API key scopes and incidents from alerting tools', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('creates a key with the alerts scope and an expiry; the list shows both, and the key can only send alerts', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/api-keys');
    const errors = consoleErrors(page);
    const form = page.getByRole('form', { name: 'New API key' });
    await form.getByLabel('What it is for').fill('prometheus alerts');
    const scopes = form.getByRole('group', { name: 'What it may do' });
    await scopes.getByLabel(/ingest: send logs/).uncheck();
    await scopes.getByLabel(/alerts: Alertmanager/).check();
    await form.getByLabel('Expires (optional)').fill('2099-06-30T12:00');
    await form.getByRole('button', { name: 'Create API key' }).click();

    const panel = page.getByRole('region', { name: /API key "prometheus alerts" created/ });
    const key = await panel.getByLabel('API key').inputValue();
    await panel.getByRole('button', { name: /close/ }).click();
    const row = page.getByRole('row', { name: /prometheus alerts/ });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('alerts');
    expect(text).not.toContain('ingest');
    const listed = (await t.request('GET', '/api-keys', { token: t.tokens.admin })).body.find(
      (k: { name: string }) => k.name === 'prometheus alerts',
    );
    expect(listed).toMatchObject({ scopes: ['alerts'] });
    expect(new Date(listed.expires_at).getFullYear()).toBe(2099);

    const body = {
      version: '4',
      status: 'firing',
      alerts: [{ status: 'firing', labels: { alertname: 'BrowserCheck', service: 'checkout' }, fingerprint: 'b1' }],
    };
    expect((await t.request('POST', '/integrations/alertmanager', { apiKey: key, body })).status).toBe(200);
    expect((await t.request('POST', '/ingest', { apiKey: key, body: { service_id: 'x', level: 'INFO', message: 'm' } })).status).toBe(403);
    expect(errors).toEqual([]);
  });

  it('shows where an incident came from, in the list and on its page', async () => {
    const alertsKey = (await t.request('POST', '/api-keys', { token: t.tokens.admin, body: { name: 'grafana', scopes: ['alerts'] } })).body
      .key;
    const notification = {
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'DiskAlmostFull', severity: 'critical' },
          annotations: { summary: 'disk 97%' },
          fingerprint: 'g1',
        },
      ],
    };
    const res = await t.request('POST', '/integrations/grafana', { apiKey: alertsKey, body: notification });
    const id = res.body.alerts[0].incident_id as string;

    const page = await pageAs(browser, t, 'viewer', '/incidents');
    const row = page.getByRole('row', { name: /DiskAlmostFull: disk 97%/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Grafana');

    await page.goto(`${t.baseUrl}/console/incidents/${id}`);
    const facts = page.getByRole('region', { name: 'Facts' });
    await facts.getByText('Grafana').waitFor();
    expect(await facts.textContent()).toContain('Source');
  });

  it('names an automation that worked the incident with its key (incidents:write) on the timeline', async () => {
    const botKey = (
      await t.request('POST', '/api-keys', { token: t.tokens.admin, body: { name: 'deploy-bot', scopes: ['incidents:write'] } })
    ).body.key;
    const opened = await t.request('POST', '/incidents', {
      token: t.tokens.responder,
      body: { title: 'Deploy broke checkout', severity: 'HIGH' },
    });
    expect((await t.request('POST', `/incidents/${opened.body.id}/acknowledge`, { apiKey: botKey })).status).toBe(200);

    const page = await pageAs(browser, t, 'viewer', `/incidents/${opened.body.id}`);
    const errors = consoleErrors(page);
    const entry = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem').filter({ hasText: 'API key “deploy-bot”' });
    await entry.first().waitFor();
    expect(await entry.first().textContent()).toMatch(/acknowledg/i);
    expect(errors).toEqual([]);
  });
});
