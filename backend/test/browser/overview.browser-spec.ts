import type { Browser, Locator } from 'playwright-core';
import { seriousViolations } from '../support/serious-violations';
import type { TestApp } from '../support/test-app';
import { consoleErrors, launchBrowser, pageAs, startConsoleApp } from '../support/browser';
import { eventually } from '../support/logs';

/** The number a stat card shows for one term (a <dt>/<dd> pair). */
async function shown(card: Locator, term: string): Promise<string> {
  const dt = card.locator('dt').filter({ hasText: new RegExp(`^${term.replace(/[()]/g, '\\$&')}$`) });
  return (await dt.locator('xpath=following-sibling::dd[1]').textContent()) ?? '';
}

describe('console in a browser: the overview', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
    // Seven incidents opened by hand today: one acknowledged, one resolved.
    const severities = ['CRITICAL', 'CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'LOW', 'LOW'] as const;
    const ids: string[] = [];
    for (const [n, severity] of severities.entries()) {
      const created = await t.request('POST', '/incidents', { token: t.tokens.responder, body: { title: `Seeded ${n}`, severity } });
      if (created.status !== 201) throw new Error(`POST /incidents answered ${created.status}: ${created.text}`);
      ids.push(created.body.id);
    }
    expect((await t.request('POST', `/incidents/${ids[0]}/acknowledge`, { token: t.tokens.responder })).status).toBe(200);
    expect((await t.request('POST', `/incidents/${ids[6]}/resolve`, { token: t.tokens.responder, body: {} })).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the counts of the seeded incidents: unresolved by severity, created in the range, MTTA/MTTR', async () => {
    const page = await pageAs(browser, t, 'viewer', '/overview');
    const errors = consoleErrors(page);
    const unresolved = page.getByRole('region', { name: 'Unresolved now' });
    await unresolved.waitFor();
    expect(await shown(unresolved, 'CRITICAL')).toBe('2');
    expect(await shown(unresolved, 'HIGH')).toBe('1');
    expect(await shown(unresolved, 'MEDIUM')).toBe('1');
    expect(await shown(unresolved, 'LOW')).toBe('2');
    expect(await shown(unresolved, 'Open (not acknowledged)')).toBe('5');
    expect(await shown(unresolved, 'Acknowledged')).toBe('1');

    const range = page.getByRole('region', { name: 'Created in the last 30 days' });
    expect(await shown(range, 'All')).toBe('7');
    expect(await shown(range, 'Still open')).toBe('5');
    expect(await shown(range, 'Resolved')).toBe('1');
    expect(await shown(page.getByRole('region', { name: /MTTA/ }), 'Incidents measured')).toBe('1');
    expect(await shown(page.getByRole('region', { name: /MTTR/ }), 'Incidents measured')).toBe('1');

    // Per-day bars: one per UTC day of the range, summarised for screen readers.
    const chart = page.getByRole('img', { name: /Incidents per day/ });
    expect(await chart.getAttribute('aria-labelledby')).toBeTruthy();
    await page.getByText('7 incidents in 30 days', { exact: false }).waitFor({ state: 'attached' });
    expect(await chart.locator('rect.bar').count()).toBe(30);
    expect(errors).toEqual([]);
  });

  it('changes the range from the URL-backed buttons', async () => {
    const page = await pageAs(browser, t, 'viewer', '/overview');
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await page.getByRole('region', { name: 'Created in the last 7 days' }).waitFor();
    expect(new URL(page.url()).searchParams.get('days')).toBe('7');
    expect(await page.getByRole('button', { name: 'Last 7 days' }).getAttribute('aria-pressed')).toBe('true');
    // The heading changes at once; the bars follow when the 7-day stats arrive.
    const bars = page.getByRole('img', { name: /Incidents per day/ }).locator('rect.bar');
    await eventually(async () => (await bars.count()) === 7, 10_000);
  });

  it('has no serious or critical accessibility violation', async () => {
    const page = await pageAs(browser, t, 'responder', '/overview');
    await page.getByRole('img', { name: /Incidents per day/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
