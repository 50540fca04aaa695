import type { Browser } from 'playwright-core';
import { ingestLogs } from '../support/logs';
import { eventually } from '../support/webhook-receiver';
import { seriousViolations } from '../support/serious-violations';
import type { TestApp } from '../support/test-app';
import { consoleUrl, launchBrowser, newContext, pageAs, signIn, startConsoleApp } from '../support/browser';

const errors = (service: string, count: number) => Array.from({ length: count }, () => ({ service_id: service, level: 'ERROR' as const }));

describe('console in a browser: the incidents list', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows a new incident live, without a reload, once logs sent to /ingest open it', async () => {
    const page = await pageAs(browser, t, 'viewer', '/incidents');
    await page.getByText('No open incidents.').waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    let reloaded = false;
    page.on('framenavigated', (frame) => (reloaded ||= frame === page.mainFrame()));

    // Six errors in a minute: the default rule opens one HIGH incident (detection runs every second).
    await ingestLogs(t, errors('checkout-live', 6));
    // Generous: detection interval (1 s) + event relay + refetch, on a loaded machine.
    const row = page.getByRole('row', { name: /checkout-live/ });
    await row.waitFor({ timeout: 15_000 });
    await row.getByText('HIGH', { exact: true }).waitFor();
    // The tab counts come from their own request, refreshed by the same event.
    await page.getByRole('link', { name: /^Open 1$/ }).waitFor({ timeout: 10_000 });
    expect(reloaded).toBe(false);
  });

  it('shows a VIEWER no action (the server refuses it anyway), and a RESPONDER the one they may take', async () => {
    await ingestLogs(t, errors('checkout-roles', 6));
    const viewer = await pageAs(browser, t, 'viewer', '/incidents');
    await viewer.getByRole('row', { name: /checkout-roles/ }).waitFor({ timeout: 15_000 });
    expect(await viewer.getByRole('button', { name: /^Acknowledge/ }).count()).toBe(0);
    expect(await viewer.getByRole('columnheader', { name: 'Actions' }).count()).toBe(0);

    const responder = await pageAs(browser, t, 'responder', '/incidents');
    const row = responder.getByRole('row', { name: /checkout-roles/ });
    await row.getByRole('button', { name: /^Acknowledge/ }).click();
    // The write went through with the session cookie and its CSRF token; the row leaves the Open tab.
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    const stored = await t.prisma.incident.findFirst({ where: { serviceId: 'checkout-roles' } });
    expect(stored?.status).toBe('ACKNOWLEDGED');
  });

  it('filters by severity and service from the URL, and says when nothing matches', async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(consoleUrl(t, '/sign-in?next=' + encodeURIComponent('/incidents?severity=LOW')));
    await signIn(page, t, 'viewer');
    await page.getByText('No open incidents match these filters.').waitFor();
    expect(await page.getByRole('button', { name: /^LOW/ }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: /^LOW/ }).click();
    await page.getByRole('row', { name: /checkout-live/ }).waitFor();
    await page.getByRole('searchbox', { name: 'Service' }).fill('nothing-like-this');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No open incidents match these filters.').waitFor();
    expect(new URL(page.url()).searchParams.get('service')).toBe('nothing-like-this');
  });

  it('sorts by a column header (kept in the URL) and narrows to a time window', async () => {
    // Four incidents of the last hours and one of three days ago, inserted with known times and severities.
    const hour = 3_600_000;
    for (const [title, severity, ageHours] of [
      ['sorted low', 'LOW', 1],
      ['sorted critical', 'CRITICAL', 2],
      ['sorted medium', 'MEDIUM', 3],
      ['sorted high, old', 'HIGH', 72],
      ['sorted high', 'HIGH', 4],
    ] as const) {
      await t.pool.query(
        `INSERT INTO incidents (id, title, severity, status, service_id, created_by, created_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2, 'OPEN', 'sort-ui', 'user:x', $3, $3)`,
        [title, severity, new Date(Date.now() - ageHours * hour)],
      );
    }
    const page = await pageAs(browser, t, 'viewer', '/incidents?service=sort-ui');
    const titles = async () => (await page.getByRole('row').filter({ hasText: 'sort-ui' }).getByRole('link').allTextContents()).join(' | ');
    // Waits for the refetch after a click (10 s: generous on a loaded machine), then shows what was there if it never came.
    const rowsAre = async (expected: string) => {
      let seen = '';
      await eventually(async () => (seen = await titles()) === expected, 10_000).catch(() => undefined);
      expect(seen).toBe(expected);
    };
    await rowsAre('sorted low | sorted critical | sorted medium | sorted high | sorted high, old');

    const severityHeader = page.getByRole('columnheader', { name: /Severity/ });
    await severityHeader.getByRole('button', { name: /Severity/ }).click();
    await rowsAre('sorted critical | sorted high | sorted high, old | sorted medium | sorted low');
    expect(await severityHeader.getAttribute('aria-sort')).toBe('descending');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('-severity');

    await severityHeader.getByRole('button', { name: /Severity/ }).click();
    await rowsAre('sorted low | sorted medium | sorted high | sorted high, old | sorted critical');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('severity');

    await page.getByRole('button', { name: 'Last 24 hours' }).click();
    await rowsAre('sorted low | sorted medium | sorted high | sorted critical');
    expect(new URL(page.url()).searchParams.get('since')).toBe('24h');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('severity');
    // Reloaded from the URL alone, the view is the same.
    await page.reload();
    await rowsAre('sorted low | sorted medium | sorted high | sorted critical');
    expect(await page.getByRole('button', { name: 'Last 24 hours' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'All time' }).click();
    await rowsAre('sorted low | sorted medium | sorted high | sorted high, old | sorted critical');
  });

  it('has no serious or critical accessibility violation on sign-in and incidents', async () => {
    const signInPage = await (await newContext(browser)).newPage();
    await signInPage.goto(consoleUrl(t, '/sign-in'));
    await signInPage.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await seriousViolations(signInPage)).toEqual([]);

    const incidents = await pageAs(browser, t, 'responder', '/incidents');
    await incidents.getByRole('table').waitFor();
    expect(await seriousViolations(incidents)).toEqual([]);
  });
});
