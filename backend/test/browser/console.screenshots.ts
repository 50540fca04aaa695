import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { ingestLogs, secondsAgo } from '../support/logs';
import type { TestApp } from '../support/test-app';
import { consoleUrl, launchBrowser, newContext, pageAs, startConsoleApp } from '../support/browser';

// The README shows these: `npm run screenshots` refreshes them from the real app.
const ASSETS = resolve('../assets');

describe('console screenshots for the README', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sign-in', async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(consoleUrl(t, '/sign-in'));
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.screenshot({ path: `${ASSETS}/console-sign-in.png` });
  });

  it('incidents', async () => {
    // Real incidents, opened by the default rule from real error bursts.
    for (const service of ['payment-service', 'checkout-api', 'search-indexer']) {
      await ingestLogs(
        t,
        Array.from({ length: 6 }, () => ({ service_id: service, level: 'ERROR' as const, message: 'Upstream timed out' })),
      );
    }
    const page = await pageAs(browser, t, 'responder', '/incidents');
    await page.getByRole('row', { name: /search-indexer/ }).waitFor({ timeout: 15_000 });
    await page.getByText('Live', { exact: true }).waitFor();
    await page.screenshot({ path: `${ASSETS}/console-incidents.png` });
  });

  it('incident', async () => {
    // The payment-service incident opened above, acknowledged and commented on by a responder.
    const incident = await t.prisma.incident.findFirstOrThrow({ where: { serviceId: 'payment-service' } });
    await t.request('POST', `/incidents/${incident.id}/acknowledge`, { token: t.tokens.responder });
    await t.request('POST', `/incidents/${incident.id}/comments`, {
      token: t.tokens.responder,
      body: { body: 'Gateway latency is up since the last deploy; rolling back.' },
    });
    const page = await pageAs(browser, t, 'responder', `/incidents/${incident.id}`);
    await page.getByRole('table', { name: 'Evidence logs' }).waitFor();
    await page.getByRole('table', { name: 'Dominant patterns' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'rolling back' }).waitFor();
    await page.screenshot({ path: `${ASSETS}/console-incident.png`, fullPage: true });
  });

  it('overview', async () => {
    // Incidents by hand on top of the ones detected above, some worked on, so MTTA/MTTR have values.
    const severities = ['CRITICAL', 'MEDIUM', 'LOW', 'LOW'] as const;
    for (const [n, severity] of severities.entries()) {
      const { body } = await t.request('POST', '/incidents', {
        token: t.tokens.responder,
        body: { title: `Disk almost full ${n}`, severity },
      });
      await t.request('POST', `/incidents/${body.id}/acknowledge`, { token: t.tokens.responder });
      if (n % 2) await t.request('POST', `/incidents/${body.id}/resolve`, { token: t.tokens.responder, body: {} });
    }
    const page = await pageAs(browser, t, 'responder', '/overview');
    await page.getByRole('img', { name: /Incidents per day/ }).waitFor();
    await page.screenshot({ path: `${ASSETS}/console-overview.png` });
  });

  it('setup', async () => {
    const page = await pageAs(browser, t, 'admin', '/setup/rules');
    await page.getByRole('table', { name: 'Detection rules' }).waitFor();
    await page.screenshot({ path: `${ASSETS}/console-setup.png`, fullPage: true });
  });

  it('escalation policies', async () => {
    const created = await t.request('POST', '/escalation-policies', {
      token: t.tokens.admin,
      body: {
        name: 'Checkout on-call',
        service_ids: ['checkout'],
        repeat_count: 2,
        ack_timeout_minutes: 30,
        steps: [
          { wait_minutes: 5, targets: [{ type: 'USER', id: t.users.responder.id }] },
          { wait_minutes: 15, targets: [{ type: 'USER', id: t.users.admin.id }] },
        ],
      },
    });
    expect(created.status).toBe(201);
    const page = await pageAs(browser, t, 'admin', '/escalation-policies');
    await page.getByRole('table', { name: 'Escalation policies' }).waitFor();
    await page.screenshot({ path: `${ASSETS}/console-escalation-policies.png`, fullPage: true });
  });

  it('logs', async () => {
    // Half an hour of traffic with a burst of errors, sent the way services send it.
    const messages = ['GET /orders 200 in 42ms', 'Cache miss for cart', 'Payment gateway timeout after 5000ms', 'Order shipped'];
    await ingestLogs(
      t,
      Array.from({ length: 300 }, (_, i) => {
        const burst = i % 37 < 6 && i > 150;
        return {
          service_id: ['payment-service', 'checkout-api'][i % 2]!,
          level: burst ? ('ERROR' as const) : i % 11 === 0 ? ('WARN' as const) : ('INFO' as const),
          message: burst ? messages[2] : messages[i % 4 === 2 ? 0 : i % 4]!,
          timestamp: secondsAgo(1800 - i * 6),
          metadata: { region: 'eu-west-1', order: { id: `o-${1000 + i}` } },
        };
      }),
    );
    const page = await pageAs(browser, t, 'viewer', '/logs?range=1h');
    await page.getByRole('img', { name: /^Log volume/ }).waitFor();
    await page
      .getByRole('button', { name: /Payment gateway timeout/ })
      .first()
      .click();
    await page
      .getByRole('region', { name: /^Log \d+$/ })
      .getByText('eu-west-1')
      .waitFor();
    // The detail opens above the chart and the results: show the page from its top.
    await page.getByRole('heading', { level: 1, name: 'Logs' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ASSETS}/console-logs.png` });
  });

  it('services', async () => {
    const page = await pageAs(browser, t, 'viewer', '/services');
    await page.getByRole('row', { name: /payment-service/ }).waitFor();
    await page.screenshot({ path: `${ASSETS}/console-services.png` });
  });

  it('schedule', async () => {
    // A week-on/week-off pair under a weekday daytime layer, and an override this evening.
    const { admin, responder, viewer } = t.users;
    const layer = { handoff_time: '09:00', time_zone: 'Europe/Berlin', start_date: '2026-01-05' };
    const created = await t.request('POST', '/schedules', {
      token: t.tokens.admin,
      body: {
        name: 'Payments primary',
        description: 'Answers pages for checkout and billing',
        layers: [
          { ...layer, name: 'Weekly', rotation: 'WEEKLY', participant_ids: [responder.id, admin.id] },
          { ...layer, name: 'Follow the sun', rotation: 'HOURS', rotation_hours: 12, participant_ids: [viewer.id, responder.id] },
        ],
      },
    });
    const now = Date.now();
    await t.request('POST', `/schedules/${created.body.id}/overrides`, {
      token: t.tokens.admin,
      body: {
        user_id: admin.id,
        starts_at: new Date(now + 6 * 3_600_000).toISOString(),
        ends_at: new Date(now + 30 * 3_600_000).toISOString(),
      },
    });
    const page = await pageAs(browser, t, 'admin', `/schedules/${created.body.id}`);
    await page.getByRole('table', { name: 'Upcoming shifts' }).waitFor();
    await page.screenshot({ path: `${ASSETS}/console-schedules.png` });
  });

  it('silences', async () => {
    const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();
    const silences = [
      { matchers: { service_id: 'checkout-*' }, starts_at: hours(-1), ends_at: hours(2), comment: 'Checkout database migration' },
      {
        matchers: { min_severity: 'LOW', title_contains: 'disk' },
        starts_at: hours(-0.5),
        ends_at: hours(6),
        comment: 'Disk replacement on db-2',
      },
      {
        matchers: { service_id: 'backup-*' },
        starts_at: hours(-1),
        ends_at: hours(24 * 90),
        comment: 'Weekly backup window',
        recurrence: { weekdays: ['SU'], start_time: '02:00', duration_minutes: 120, time_zone: 'Europe/Berlin' },
      },
    ];
    for (const body of silences) await t.request('POST', '/silences', { token: t.tokens.responder, body });
    const page = await pageAs(browser, t, 'responder', '/silences');
    await page.getByRole('row', { name: /Checkout database migration/ }).waitFor();
    await page.screenshot({ path: `${ASSETS}/console-silences.png`, fullPage: true });
  });
});
