import { Clock } from '../src/common/clock';
import { OnCallLookup } from '../src/schedules';
import { startTestApp, type TestApp } from './support/test-app';

// Berlin: UTC+1 in winter, UTC+2 from Sunday 2026-03-29 to Sunday 2026-10-25. A 09:00 local
// hand-off is 08:00Z in winter and 07:00Z in summer.
const weeklyLayer = (participant_ids: string[]) => ({
  name: 'Primary',
  rotation: 'WEEKLY',
  handoff_time: '09:00',
  time_zone: 'Europe/Berlin',
  start_date: '2026-03-16',
  participant_ids,
});

describe('Schedules: who is on call', () => {
  let t: TestApp;
  let scheduleId: string;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.request('POST', '/schedules', {
      token: t.tokens.admin,
      body: { name: 'Payments', description: 'checkout and billing', layers: [weeklyLayer([t.users.responder.id, t.users.viewer.id])] },
    });
    expect(res.status).toBe(201);
    scheduleId = res.body.id;
    const override = await t.request('POST', `/schedules/${scheduleId}/overrides`, {
      token: t.tokens.admin,
      body: { user_id: t.users.admin.id, starts_at: '2026-03-25T12:00:00Z', ends_at: '2026-03-26T12:00:00Z' },
    });
    expect(override.status).toBe(201);
  });
  afterAll(() => t.close());

  const onCallAt = async (at: string, id = scheduleId) => {
    const res = await t.request('GET', `/schedules/${id}/on-call?at=${encodeURIComponent(at)}`, { token: t.tokens.viewer });
    expect(res.status).toBe(200);
    return { who: res.body.user?.id ?? null, until: res.body.until };
  };

  const createSchedule = async (layers: unknown[]) => {
    const res = await t.request('POST', '/schedules', { token: t.tokens.admin, body: { name: `s${++seq}`, layers } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it('answers the right person, with the next change, across the March DST change and an override', async () => {
    const { admin, responder, viewer } = t.users;
    expect(await onCallAt('2026-03-16T07:59:00Z')).toEqual({ who: null, until: '2026-03-16T08:00:00.000Z' });
    expect(await onCallAt('2026-03-20T12:00:00Z')).toEqual({ who: responder.id, until: '2026-03-23T08:00:00.000Z' });
    expect(await onCallAt('2026-03-25T13:00:00Z')).toEqual({ who: admin.id, until: '2026-03-26T12:00:00.000Z' });
    // After the change to summer time the hand-off is still 09:00 Berlin time, now 07:00Z.
    expect(await onCallAt('2026-03-26T13:00:00Z')).toEqual({ who: viewer.id, until: '2026-03-30T07:00:00.000Z' });
    expect(await onCallAt('2026-03-30T06:59:59Z')).toEqual({ who: viewer.id, until: '2026-03-30T07:00:00.000Z' });
    expect(await onCallAt('2026-03-30T07:00:00+00:00')).toEqual({ who: responder.id, until: '2026-04-06T07:00:00.000Z' });
  });

  it('keeps the 09:00 local hand-off across the October DST change', async () => {
    // Turn 31 (2026-10-19 .. 2026-10-26) is the viewer's; on the 26th, 09:00 Berlin is 08:00Z again.
    expect(await onCallAt('2026-10-26T07:30:00Z')).toEqual({ who: t.users.viewer.id, until: '2026-10-26T08:00:00.000Z' });
    expect((await onCallAt('2026-10-26T08:00:00Z')).who).toBe(t.users.responder.id);
  });

  it('lists the final timeline over a window, clipped to it', async () => {
    const res = await t.request('GET', `/schedules/${scheduleId}/shifts?from=2026-03-22T00:00:00Z&to=2026-04-01T00:00:00Z`, {
      token: t.tokens.viewer,
    });
    expect(res.status).toBe(200);
    const { admin, responder, viewer } = t.users;
    expect(res.body.map((s: any) => [s.user.id, s.starts_at, s.ends_at])).toEqual([
      [responder.id, '2026-03-22T00:00:00.000Z', '2026-03-23T08:00:00.000Z'],
      [viewer.id, '2026-03-23T08:00:00.000Z', '2026-03-25T12:00:00.000Z'],
      [admin.id, '2026-03-25T12:00:00.000Z', '2026-03-26T12:00:00.000Z'],
      [viewer.id, '2026-03-26T12:00:00.000Z', '2026-03-30T07:00:00.000Z'],
      [responder.id, '2026-03-30T07:00:00.000Z', '2026-04-01T00:00:00.000Z'],
    ]);
    expect(res.body[0].user).toEqual({ id: responder.id, email: responder.email, active: true });
  });

  it('lets a later layer win where it has someone, and gives other features the same answer (OnCallLookup)', async () => {
    const id = await createSchedule([
      weeklyLayer([t.users.responder.id]),
      {
        rotation: 'HOURS',
        rotation_hours: 12,
        handoff_time: '20:00',
        time_zone: 'UTC',
        start_date: '2026-05-01',
        participant_ids: [t.users.admin.id],
      },
    ]);
    // The top layer has someone from 2026-05-01T20:00Z on, for ever (one participant): until is null.
    expect(await onCallAt('2026-05-01T19:00:00Z', id)).toEqual({ who: t.users.responder.id, until: '2026-05-01T20:00:00.000Z' });
    expect(await onCallAt('2026-05-02T09:00:00Z', id)).toEqual({ who: t.users.admin.id, until: null });
    const lookup = t.app.get(OnCallLookup);
    expect(await lookup.onCallUserId(id, new Date('2026-05-01T19:00:00Z'))).toBe(t.users.responder.id);
    expect(await lookup.onCallUserId(id, new Date('2026-05-02T09:00:00Z'))).toBe(t.users.admin.id);
    expect(await lookup.onCallUserId(id, new Date('2026-01-01T00:00:00Z'))).toBeNull();
    expect(await lookup.onCallUserId('00000000-0000-4000-8000-000000000000', new Date())).toBeNull();
  });

  it("leaves a deactivated user's turns empty (the layer below, or nobody, shows through)", async () => {
    const created = await t.request('POST', '/users', {
      token: t.tokens.admin,
      body: { email: `leaver-${Date.now()}@example.test`, password: 'a-long-enough-passphrase-9', role: 'RESPONDER' },
    });
    expect(created.status).toBe(201);
    const leaver = created.body.id as string;
    const id = await createSchedule([weeklyLayer([t.users.admin.id]), weeklyLayer([leaver, t.users.viewer.id])]);
    expect((await onCallAt('2026-03-18T12:00:00Z', id)).who).toBe(leaver);
    expect((await t.request('PATCH', `/users/${leaver}`, { token: t.tokens.admin, body: { active: false } })).status).toBe(200);
    expect(await onCallAt('2026-03-18T12:00:00Z', id)).toEqual({ who: t.users.admin.id, until: '2026-03-23T08:00:00.000Z' });
    // A deactivated user cannot be put on a schedule again.
    const refused = await t.request('POST', `/schedules/${id}/overrides`, {
      token: t.tokens.admin,
      body: { user_id: leaver, starts_at: '2026-03-18T00:00:00Z', ends_at: '2026-03-19T00:00:00Z' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.details.map((d: any) => d.field)).toEqual(['user_id']);
  });

  it('shows a schedule with its layers, overrides, and who is on call now and next', async () => {
    const clock = t.app.get(Clock);
    const realNow = clock.now.bind(clock);
    clock.now = () => new Date('2026-03-25T13:00:00Z');
    try {
      const one = await t.request('GET', `/schedules/${scheduleId}`, { token: t.tokens.viewer });
      expect(one.status).toBe(200);
      expect(one.body.on_call_now).toEqual({ user: expect.objectContaining({ id: t.users.admin.id }), until: '2026-03-26T12:00:00.000Z' });
      expect(one.body.next).toEqual({
        user: expect.objectContaining({ id: t.users.viewer.id }),
        starts_at: '2026-03-26T12:00:00.000Z',
        ends_at: '2026-03-30T07:00:00.000Z',
      });
      expect(one.body.layers[0]).toMatchObject({
        name: 'Primary',
        rotation: 'WEEKLY',
        rotation_hours: null,
        handoff_time: '09:00',
        time_zone: 'Europe/Berlin',
      });
      expect(one.body.layers[0].participants.map((p: any) => p.id)).toEqual([t.users.responder.id, t.users.viewer.id]);
      expect(one.body.overrides).toHaveLength(1);
      const list = await t.request('GET', '/schedules', { token: t.tokens.viewer });
      expect(list.body.find((s: any) => s.id === scheduleId).on_call_now.user.id).toBe(t.users.admin.id);
    } finally {
      clock.now = realNow;
    }
  });

  it('edits a schedule: layers sent replace the old ones', async () => {
    const id = await createSchedule([weeklyLayer([t.users.responder.id])]);
    const res = await t.request('PATCH', `/schedules/${id}`, {
      token: t.tokens.admin,
      body: { layers: [{ ...weeklyLayer([t.users.viewer.id]), rotation: 'DAILY' }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.layers).toHaveLength(1);
    expect(res.body.layers[0].rotation).toBe('DAILY');
    expect((await onCallAt('2026-03-18T12:00:00Z', id)).who).toBe(t.users.viewer.id);
    expect((await t.request('PATCH', `/schedules/${id}`, { token: t.tokens.admin, body: {} })).status).toBe(400);
    // A refused edit changes nothing: not the name, not the layers.
    const refused = await t.request('PATCH', `/schedules/${id}`, {
      token: t.tokens.admin,
      body: { name: 'renamed', layers: [{ ...weeklyLayer([t.users.admin.id]), time_zone: 'Nowhere/Else' }] },
    });
    expect([refused.status, refused.body.details[0].field]).toEqual([400, 'layers[0].time_zone']);
    const after = await t.request('GET', `/schedules/${id}`, { token: t.tokens.viewer });
    expect([after.body.name, after.body.layers[0].rotation]).not.toContain('renamed');
    expect(after.body.layers[0].participants.map((p: any) => p.id)).toEqual([t.users.viewer.id]);
  });

  it('documents the schedule and feed routes in Swagger, the feed itself as public', async () => {
    const doc = (await t.request('GET', '/api-json')).body;
    expect(Object.keys(doc.paths['/schedules'].post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409']));
    expect(doc.paths['/schedules/{id}/on-call'].get.responses['200'].content['application/json'].schema.$ref).toMatch(/OnCallDto$/);
    expect(Object.keys(doc.paths['/schedules/{id}/shifts'].get.responses)).toEqual(expect.arrayContaining(['200', '400', '404']));
    expect(doc.paths['/calendar-feeds/{token}/feed.ics'].get.security).toBeUndefined();
    expect(doc.paths['/calendar-feeds/{token}/feed.ics'].get.responses['404']).toBeDefined();
    expect(doc.components.schemas.LayerInputDto.properties.time_zone.example).toBe('Europe/Berlin');
  });

  describe('refusals', () => {
    it('lets only ADMIN write, VIEWER and up read, and nobody unauthenticated', async () => {
      const body = { name: 'nope', layers: [] };
      expect((await t.request('POST', '/schedules', { body })).status).toBe(401);
      expect((await t.request('POST', '/schedules', { token: t.tokens.viewer, body })).status).toBe(403);
      expect((await t.request('POST', '/schedules', { token: t.tokens.responder, body })).status).toBe(403);
      expect((await t.request('GET', '/schedules')).status).toBe(401);
      expect((await t.request('GET', '/schedules', { token: t.tokens.viewer })).status).toBe(200);
      const override = { user_id: t.users.viewer.id, starts_at: '2026-03-18T00:00:00Z', ends_at: '2026-03-19T00:00:00Z' };
      expect((await t.request('POST', `/schedules/${scheduleId}/overrides`, { token: t.tokens.responder, body: override })).status).toBe(
        403,
      );
      expect((await t.request('DELETE', `/schedules/${scheduleId}`, { token: t.tokens.responder })).status).toBe(403);
    });

    it.each([
      ['an unknown time zone', { time_zone: 'Mars/Olympus' }, 'layers[0].time_zone'],
      ['a hand-off time that is not HH:MM', { handoff_time: '9am' }, 'layers[0].handoff_time'],
      ['a start date that is not in the calendar', { start_date: '2026-02-30' }, 'layers[0].start_date'],
      ['HOURS without rotation_hours', { rotation: 'HOURS' }, 'layers[0].rotation_hours'],
      ['an unknown rotation', { rotation: 'MONTHLY' }, 'layers[0].rotation'],
      ['no participants', { participant_ids: [] }, 'layers[0].participant_ids'],
      ['a participant who is no user', { participant_ids: ['00000000-0000-4000-8000-000000000000'] }, 'layers[0].participant_ids'],
    ])('refuses %s with 400 naming the field, storing nothing', async (_what, change, field) => {
      const name = `bad-${++seq}`;
      const res = await t.request('POST', '/schedules', {
        token: t.tokens.admin,
        body: { name, layers: [{ ...weeklyLayer([t.users.viewer.id]), ...change }] },
      });
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: any) => d.field)).toEqual([field]);
      const list = await t.request('GET', '/schedules', { token: t.tokens.admin });
      expect(list.body.map((s: any) => s.name)).not.toContain(name);
    });

    it('refuses a taken name with 409, bad queries and overrides with 400, unknown ids with 404', async () => {
      expect((await t.request('POST', '/schedules', { token: t.tokens.admin, body: { name: 'Payments', layers: [] } })).status).toBe(409);
      const wide = await t.request('GET', `/schedules/${scheduleId}/shifts?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z`, {
        token: t.tokens.viewer,
      });
      expect([wide.status, wide.body.details[0].field]).toEqual([400, 'to']);
      const badAt = await t.request('GET', `/schedules/${scheduleId}/on-call?at=yesterday`, { token: t.tokens.viewer });
      expect([badAt.status, badAt.body.details[0].field]).toEqual([400, 'at']);
      const backwards = await t.request('POST', `/schedules/${scheduleId}/overrides`, {
        token: t.tokens.admin,
        body: { user_id: t.users.viewer.id, starts_at: '2026-03-19T00:00:00Z', ends_at: '2026-03-18T00:00:00Z' },
      });
      expect([backwards.status, backwards.body.details[0].field]).toEqual([400, 'ends_at']);
      const missing = '00000000-0000-4000-8000-000000000000';
      expect((await t.request('GET', `/schedules/${missing}`, { token: t.tokens.viewer })).status).toBe(404);
      expect((await t.request('GET', `/schedules/${missing}/on-call`, { token: t.tokens.viewer })).status).toBe(404);
      expect((await t.request('GET', '/schedules/not-a-uuid', { token: t.tokens.viewer })).status).toBe(400);
    });
  });
});
