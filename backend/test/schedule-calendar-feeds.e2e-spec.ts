import ICAL from 'ical.js';
import { Clock } from '../src/common/clock';
import { startTestApp, type TestApp } from './support/test-app';

interface ParsedEvent {
  summary: string;
  start: string;
  end: string;
  startIsUtc: boolean;
}

/** Parses with a real iCalendar parser (ical.js), as a calendar app would. */
function parseFeed(text: string): { name: string; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      summary: event.summary,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      startIsUtc: event.startDate.zone === ICAL.Timezone.utcTimezone,
    };
  });
  return { name: String(calendar.getFirstPropertyValue('x-wr-calname') ?? calendar.getFirstPropertyValue('name')), events };
}

describe('Schedules: iCalendar feeds', () => {
  let t: TestApp;
  let scheduleId: string;
  let realNow: () => Date;

  beforeAll(async () => {
    t = await startTestApp();
    // Feeds show 7 days back and 60 ahead of now: put now just before the March DST change.
    const clock = t.app.get(Clock);
    realNow = clock.now.bind(clock);
    clock.now = () => new Date('2026-03-25T00:00:00Z');
    const res = await t.request('POST', '/schedules', {
      token: t.tokens.admin,
      body: {
        name: 'Payments',
        layers: [
          {
            rotation: 'WEEKLY',
            handoff_time: '09:00',
            time_zone: 'Europe/Berlin',
            start_date: '2026-03-16',
            participant_ids: [t.users.responder.id, t.users.viewer.id],
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    scheduleId = res.body.id;
  });
  afterAll(async () => {
    t.app.get(Clock).now = realNow;
    await t.close();
  });

  const issue = async (path: string, token = t.tokens.viewer) => {
    const res = await t.request('POST', path, { token });
    expect(res.status).toBe(201);
    return res.body as { url: string; schedule_id: string | null };
  };
  const fetchFeed = async (url: string) => {
    const path = new URL(url).pathname;
    return t.request('GET', path);
  };

  it("serves a schedule's shifts, in UTC, to anyone holding the secret URL, parsed by a real iCalendar parser", async () => {
    const feed = await issue(`/calendar-feeds/schedules/${scheduleId}`);
    expect(feed.schedule_id).toBe(scheduleId);
    expect(feed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/calendar-feeds\/ilc_[A-Za-z0-9_-]{43}\/feed\.ics$/);
    const res = await fetchFeed(feed.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const parsed = parseFeed(res.text);
    expect(parsed.name).toBe('On call: Payments');
    // Window: 2026-03-18 .. 2026-05-24. Hand-offs at 09:00 Berlin: 08:00Z before 29 March, 07:00Z after.
    expect(parsed.events.slice(0, 4)).toEqual([
      {
        summary: `${t.users.responder.email} on call (Payments)`,
        start: '2026-03-18T00:00:00.000Z',
        end: '2026-03-23T08:00:00.000Z',
        startIsUtc: true,
      },
      {
        summary: `${t.users.viewer.email} on call (Payments)`,
        start: '2026-03-23T08:00:00.000Z',
        end: '2026-03-30T07:00:00.000Z',
        startIsUtc: true,
      },
      {
        summary: `${t.users.responder.email} on call (Payments)`,
        start: '2026-03-30T07:00:00.000Z',
        end: '2026-04-06T07:00:00.000Z',
        startIsUtc: true,
      },
      {
        summary: `${t.users.viewer.email} on call (Payments)`,
        start: '2026-04-06T07:00:00.000Z',
        end: '2026-04-13T07:00:00.000Z',
        startIsUtc: true,
      },
    ]);
    expect(parsed.events.at(-1)!.end).toBe('2026-05-24T00:00:00.000Z');
  });

  it("serves a person's own shifts only, in a feed of their own", async () => {
    const feed = await issue('/calendar-feeds/mine', t.tokens.responder);
    expect(feed.schedule_id).toBeNull();
    const { name, events } = parseFeed((await fetchFeed(feed.url)).text);
    expect(name).toBe('My on-call shifts');
    expect(events.map((e) => e.start).slice(0, 2)).toEqual(['2026-03-18T00:00:00.000Z', '2026-03-30T07:00:00.000Z']);
    expect(events.every((e) => e.summary === 'On call: Payments')).toBe(true);
  });

  it('stops serving a URL once it is replaced or revoked, and never an unknown one', async () => {
    const first = await issue(`/calendar-feeds/schedules/${scheduleId}`, t.tokens.admin);
    expect((await fetchFeed(first.url)).status).toBe(200);
    const second = await issue(`/calendar-feeds/schedules/${scheduleId}`, t.tokens.admin);
    expect((await fetchFeed(first.url)).status).toBe(404);
    expect((await fetchFeed(second.url)).status).toBe(200);
    expect((await t.request('DELETE', `/calendar-feeds/schedules/${scheduleId}`, { token: t.tokens.admin })).status).toBe(204);
    const revoked = await fetchFeed(second.url);
    expect(revoked.status).toBe(404);
    expect(revoked.text).not.toContain('BEGIN:VCALENDAR');
    expect((await t.request('DELETE', `/calendar-feeds/schedules/${scheduleId}`, { token: t.tokens.admin })).status).toBe(404);
    expect((await t.request('GET', '/calendar-feeds/ilc_nottherightshape/feed.ics')).status).toBe(404);
    expect((await t.request('GET', `/calendar-feeds/ilc_${'A'.repeat(43)}/feed.ics`)).status).toBe(404);
  });

  it('lists my feeds without their URLs, and needs a sign-in to issue one', async () => {
    const mine = await t.request('GET', '/calendar-feeds', { token: t.tokens.viewer });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([{ schedule_id: scheduleId, created_at: expect.any(String) }]);
    expect(mine.text).not.toContain('ilc_');
    expect((await t.request('POST', '/calendar-feeds/mine')).status).toBe(401);
    expect(
      (await t.request('POST', '/calendar-feeds/schedules/00000000-0000-4000-8000-000000000000', { token: t.tokens.viewer })).status,
    ).toBe(404);
  });

  it('stops serving a feed when its owner is deactivated', async () => {
    const created = await t.request('POST', '/users', {
      token: t.tokens.admin,
      body: { email: `leaver-${Date.now()}@example.test`, password: 'a-long-enough-passphrase-9', role: 'VIEWER' },
    });
    const login = await t.request('POST', '/auth/login', { body: { email: created.body.email, password: 'a-long-enough-passphrase-9' } });
    const feed = await issue(`/calendar-feeds/schedules/${scheduleId}`, login.body.access_token);
    expect((await fetchFeed(feed.url)).status).toBe(200);
    expect((await t.request('PATCH', `/users/${created.body.id}`, { token: t.tokens.admin, body: { active: false } })).status).toBe(200);
    expect((await fetchFeed(feed.url)).status).toBe(404);
  });
});
