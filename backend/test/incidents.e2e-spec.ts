import { IncidentsService } from '../src/incidents/incidents.service';
import { startTestApp, type TestApp } from './support/test-app';

const NOT_A_KNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('incident lifecycle, timeline and stats', () => {
  let t: TestApp;

  const create = async (body: Record<string, unknown> = {}) => {
    const res = await t.request('POST', '/incidents', {
      token: t.tokens.responder,
      body: { title: 'Checkout pages time out', severity: 'HIGH', service_id: 'checkout', ...body },
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const act = (id: string, action: string, body?: unknown, token = t.tokens.responder) =>
    t.request('POST', `/incidents/${id}/${action}`, { token, body });
  const timeline = async (id: string) =>
    (await t.request('GET', `/incidents/${id}/timeline?limit=100`, { token: t.tokens.viewer })).body.data as any[];
  const outboxTypes = async (id: string) =>
    (await t.pool.query(`SELECT type FROM outbox_events WHERE incident_id = $1 ORDER BY created_at, type`, [id])).rows.map(
      (row) => row.type,
    );

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  describe('POST /incidents', () => {
    it('opens an incident by hand, created by the user, with its timeline entry and outbox row', async () => {
      const incident = await create({ description: 'Customers report 504s' });
      expect(incident).toMatchObject({
        title: 'Checkout pages time out',
        severity: 'HIGH',
        status: 'OPEN',
        service_id: 'checkout',
        description: 'Customers report 504s',
        created_by: `user:${t.users.responder.id}`,
        rule: null,
        log_count: 0,
        timeline_count: 1,
      });
      expect(await timeline(incident.id)).toEqual([
        expect.objectContaining({ type: 'opened', actor: `user:${t.users.responder.id}`, actor_user_id: t.users.responder.id }),
      ]);
      expect(await outboxTypes(incident.id)).toEqual(['incident.opened']);
    });

    it('accepts status OPEN in the body, as existing clients send it', async () => {
      expect((await create({ status: 'OPEN' })).status).toBe('OPEN');
    });

    it.each([
      [{ status: 'RESOLVED' }, 'status'],
      [{ title: '' }, 'title'],
      [{ severity: 'URGENT' }, 'severity'],
      [{ service_id: 'no spaces allowed' }, 'service_id'],
      [{ created_by: 'system:forged' }, 'created_by'],
    ])('refuses %j with a 400 naming the field', async (override, field) => {
      const res = await t.request('POST', '/incidents', {
        token: t.tokens.responder,
        body: { title: 'x', severity: 'LOW', ...override },
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(field);
    });

    it('requires a token (401) and at least RESPONDER (403)', async () => {
      expect((await t.request('POST', '/incidents', { body: { title: 'x', severity: 'LOW' } })).status).toBe(401);
      expect((await t.request('POST', '/incidents', { token: t.tokens.viewer, body: { title: 'x', severity: 'LOW' } })).status).toBe(403);
    });
  });

  describe('GET /incidents and GET /incidents/:id', () => {
    it('filters by status, severity, service and time, and pages with meta', async () => {
      const service = `paging-${Date.now()}`;
      for (let i = 0; i < 5; i++) await create({ service_id: service, severity: i < 3 ? 'LOW' : 'CRITICAL', title: `incident ${i}` });
      const page = await t.request('GET', `/incidents?service_id=${service}&severity=LOW&limit=2&page=2`, { token: t.tokens.viewer });
      expect(page.status).toBe(200);
      expect(page.body.meta).toEqual({ total: 3, page: 2, limit: 2, totalPages: 2 });
      expect(page.body.data).toHaveLength(1);
      expect(page.body.data[0].title).toBe('incident 0'); // newest first

      const future = await t.request('GET', `/incidents?service_id=${service}&from=2999-01-01T00:00:00Z`, { token: t.tokens.viewer });
      expect(future.body.meta.total).toBe(0);
      const open = await t.request('GET', `/incidents?service_id=${service}&status=OPEN`, { token: t.tokens.viewer });
      expect(open.body.meta.total).toBe(5);
      const defaults = await t.request('GET', '/incidents', { token: t.tokens.viewer });
      expect(defaults.body.meta).toMatchObject({ page: 1, limit: 20 });
    });

    it.each(['limit=101', 'limit=0', 'page=0', 'status=CLOSED', 'from=yesterday', 'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z'])(
      'refuses the query %s with a 400',
      async (query) => {
        expect((await t.request('GET', `/incidents?${query}`, { token: t.tokens.viewer })).status).toBe(400);
      },
    );

    it('answers 404 for an unknown id and 400 for an id that is not a UUID', async () => {
      expect((await t.request('GET', `/incidents/${NOT_A_KNOWN_ID}`, { token: t.tokens.viewer })).status).toBe(404);
      const bad = await t.request('GET', '/incidents/not-a-uuid', { token: t.tokens.viewer });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe('id must be a UUID');
      expect((await t.request('GET', `/incidents/${NOT_A_KNOWN_ID}/timeline`, { token: t.tokens.viewer })).status).toBe(404);
      expect((await t.request('GET', `/incidents/${NOT_A_KNOWN_ID}/logs`, { token: t.tokens.viewer })).status).toBe(404);
      expect((await act(NOT_A_KNOWN_ID, 'acknowledge')).status).toBe(404);
    });

    it('lists no evidence for an incident opened by hand', async () => {
      const incident = await create();
      const logs = await t.request('GET', `/incidents/${incident.id}/logs`, { token: t.tokens.viewer });
      expect(logs.body).toEqual({ data: [], meta: { total: 0, page: 1, limit: 20, totalPages: 0 } });
    });
  });

  describe('state machine', () => {
    it('goes OPEN -> ACKNOWLEDGED -> RESOLVED -> OPEN -> RESOLVED, each step on the timeline and in the outbox', async () => {
      const { id } = await create();
      const acknowledged = await act(id, 'acknowledge');
      expect(acknowledged.status).toBe(200);
      expect(acknowledged.body).toMatchObject({ status: 'ACKNOWLEDGED', acknowledged_at: expect.any(String) });

      const resolved = await act(id, 'resolve', { resolution: 'Rolled back', root_cause: 'Pool too small' });
      expect(resolved.body).toMatchObject({
        status: 'RESOLVED',
        resolution: 'Rolled back',
        root_cause: 'Pool too small',
        resolved_at: expect.any(String),
      });

      const reopened = await act(id, 'reopen');
      expect(reopened.body).toMatchObject({
        status: 'OPEN',
        resolved_at: null,
        resolution: null,
        acknowledged_at: acknowledged.body.acknowledged_at,
      });

      const direct = await act(id, 'resolve');
      expect(direct.body.status).toBe('RESOLVED');

      const entries = await timeline(id);
      expect(entries.map((entry) => entry.type)).toEqual(['opened', 'acknowledged', 'resolved', 'reopened', 'resolved']);
      expect(entries[2]).toMatchObject({
        actor: `user:${t.users.responder.id}`,
        before: { status: 'ACKNOWLEDGED' },
        after: { status: 'RESOLVED', resolution: 'Rolled back', root_cause: 'Pool too small' },
      });
      expect(entries[3].before).toMatchObject({ status: 'RESOLVED', resolution: 'Rolled back' });
      expect(await outboxTypes(id)).toEqual(
        expect.arrayContaining(['incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reopened']),
      );
      expect(await outboxTypes(id)).toHaveLength(5);
    });

    it('refuses every other move with a 409 that names the moves allowed from the current status', async () => {
      const { id } = await create();
      expect((await act(id, 'reopen')).body).toMatchObject({
        statusCode: 409,
        message: 'The incident is already OPEN; from OPEN it can only move to ACKNOWLEDGED (acknowledge) or RESOLVED (resolve)',
      });
      await act(id, 'acknowledge');
      const again = await act(id, 'acknowledge');
      expect(again.status).toBe(409);
      expect(again.body.message).toContain('from ACKNOWLEDGED it can only move to RESOLVED (resolve)');
      expect((await act(id, 'reopen')).status).toBe(409);
      await act(id, 'resolve');
      const late = await act(id, 'acknowledge');
      expect(late.status).toBe(409);
      expect(late.body.message).toBe(
        'An incident cannot move from RESOLVED to ACKNOWLEDGED; from RESOLVED it can only move to OPEN (reopen)',
      );
      expect((await act(id, 'resolve')).status).toBe(409);
      // A refused move leaves no trace.
      expect((await timeline(id)).map((entry) => entry.type)).toEqual(['opened', 'acknowledged', 'resolved']);
    });

    it('refuses to reopen when another incident of the same problem is open, naming it', async () => {
      const older = await create();
      const newer = await create();
      await act(older.id, 'resolve');
      const fingerprint = `rule:${NOT_A_KNOWN_ID}:service:checkout`;
      await t.pool.query(`UPDATE incidents SET fingerprint = $1 WHERE id = ANY($2)`, [fingerprint, [older.id, newer.id]]);
      const res = await act(older.id, 'reopen');
      expect(res.status).toBe(409);
      expect(res.body.message).toContain(`incident ${newer.id} is already open for the same problem`);
    });
  });

  describe('PATCH /incidents/:id', () => {
    it('changes title, severity, assignee and description, one timeline entry and outbox row per kind of change', async () => {
      const { id } = await create({ severity: 'LOW' });
      const res = await t.request('PATCH', `/incidents/${id}`, {
        token: t.tokens.responder,
        body: { title: 'EU checkout down', severity: 'CRITICAL', assignee_id: t.users.responder.id, description: 'EU only' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        title: 'EU checkout down',
        severity: 'CRITICAL',
        assignee_id: t.users.responder.id,
        description: 'EU only',
      });
      const entries = await timeline(id);
      expect(entries.slice(1)).toEqual([
        expect.objectContaining({
          type: 'updated',
          before: { title: 'Checkout pages time out', description: null },
          after: { title: 'EU checkout down', description: 'EU only' },
        }),
        expect.objectContaining({ type: 'severity_changed', before: { severity: 'LOW' }, after: { severity: 'CRITICAL' } }),
        expect.objectContaining({ type: 'assigned', before: { assignee_id: null }, after: { assignee_id: t.users.responder.id } }),
      ]);
      expect((await outboxTypes(id)).sort()).toEqual([
        'incident.assigned',
        'incident.opened',
        'incident.severity_changed',
        'incident.updated',
      ]);

      const unassigned = await t.request('PATCH', `/incidents/${id}`, { token: t.tokens.responder, body: { assignee_id: null } });
      expect(unassigned.body.assignee_id).toBeNull();
    });

    it('moves the status under the same rules as the actions', async () => {
      const { id } = await create();
      const acknowledged = await t.request('PATCH', `/incidents/${id}`, { token: t.tokens.responder, body: { status: 'ACKNOWLEDGED' } });
      expect(acknowledged.body.status).toBe('ACKNOWLEDGED');
      const refused = await t.request('PATCH', `/incidents/${id}`, {
        token: t.tokens.responder,
        body: { status: 'OPEN', title: 'changed' },
      });
      expect(refused.status).toBe(409);
      // All or nothing: the title change of the refused request is rolled back.
      expect((await t.request('GET', `/incidents/${id}`, { token: t.tokens.viewer })).body.title).toBe('Checkout pages time out');
    });

    it('refuses an assignee who is unknown or deactivated, an empty change and unknown fields', async () => {
      const { id } = await create();
      const patch = (body: unknown) => t.request('PATCH', `/incidents/${id}`, { token: t.tokens.responder, body });
      const unknown = await patch({ assignee_id: NOT_A_KNOWN_ID });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toContain('assignee_id');
      await t.pool.query('UPDATE users SET active = false WHERE id = $1', [t.users.viewer.id]);
      try {
        expect((await patch({ assignee_id: t.users.viewer.id })).status).toBe(400);
      } finally {
        await t.pool.query('UPDATE users SET active = true WHERE id = $1', [t.users.viewer.id]);
      }
      expect((await patch({})).status).toBe(400);
      expect((await patch({ log_count: 1000 })).status).toBe(400);
      expect((await patch({ title: null })).status).toBe(400);
      expect((await patch({ severity: 'SEVERE' })).status).toBe(400);
    });
  });

  describe('comments and the paper trail', () => {
    it('adds a comment to the timeline with its author, and announces it in the outbox', async () => {
      const { id } = await create();
      const res = await act(id, 'comments', { body: 'Rollback started' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ type: 'comment', body: 'Rollback started', actor: `user:${t.users.responder.id}`, incident_id: id });
      expect((await act(id, 'comments', { body: '' })).status).toBe(400);
      const { rows } = await t.pool.query(`SELECT payload FROM outbox_events WHERE incident_id = $1 AND type = 'incident.comment_added'`, [
        id,
      ]);
      expect(rows[0].payload.data).toMatchObject({ comment: 'Rollback started' });
    });

    it('lets other features add entries through IncidentsService, and 404s an unknown incident', async () => {
      const { id } = await create();
      const incidents = t.app.get(IncidentsService);
      await incidents.addTimelineEntry(id, {
        type: 'notification_sent',
        actor: 'system:notifications',
        body: 'Sent to Slack',
        after: { channel: 'ops' },
      });
      expect((await timeline(id)).at(-1)).toMatchObject({
        type: 'notification_sent',
        actor: 'system:notifications',
        after: { channel: 'ops' },
      });
      expect((await incidents.findOne(id)).timeline_count).toBe(2);
      await expect(incidents.addTimelineEntry(NOT_A_KNOWN_ID, { type: 'x', actor: 'system:x' })).rejects.toMatchObject({ status: 404 });
      await expect(incidents.findOne(NOT_A_KNOWN_ID)).rejects.toMatchObject({ status: 404 });
    });

    it('is append-only in the database itself: UPDATE and DELETE of a timeline entry fail', async () => {
      const { id } = await create();
      await expect(t.pool.query(`UPDATE incident_events SET body = 'rewritten' WHERE incident_id = $1`, [id])).rejects.toThrow(
        /append-only/,
      );
      await expect(t.pool.query(`DELETE FROM incident_events WHERE incident_id = $1`, [id])).rejects.toThrow(/append-only/);
      expect(await timeline(id)).toHaveLength(1);
    });

    it('has no route to delete an incident', async () => {
      const { id } = await create();
      expect((await t.request('DELETE', `/incidents/${id}`, { token: t.tokens.admin })).status).toBe(404);
    });
  });

  describe('GET /incidents/stats', () => {
    it('counts by status and severity and measures MTTA and MTTR (mean and p90) over [from, to)', async () => {
      // Five incidents in January 2020: acknowledged after 60..300 s, resolved after 600..3000 s (one still open).
      for (let i = 1; i <= 5; i++) {
        await t.pool.query(
          `INSERT INTO incidents (id, title, severity, status, created_by, created_at, updated_at, acknowledged_at, resolved_at)
           VALUES (gen_random_uuid(), 'historic', $1, $2, 'user:x', $3, $3, $3::timestamptz + make_interval(secs => $4), $5)`,
          [
            i % 2 ? 'HIGH' : 'LOW',
            i === 5 ? 'ACKNOWLEDGED' : 'RESOLVED',
            new Date(Date.UTC(2020, 0, i)),
            i * 60,
            i === 5 ? null : new Date(Date.UTC(2020, 0, i) + i * 600_000),
          ],
        );
      }
      const res = await t.request('GET', '/incidents/stats?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z', { token: t.tokens.viewer });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        from: '2020-01-01T00:00:00.000Z',
        to: '2020-02-01T00:00:00.000Z',
        total: 5,
        by_status: { OPEN: 0, ACKNOWLEDGED: 1, RESOLVED: 4 },
        by_severity: { LOW: 2, MEDIUM: 0, HIGH: 3, CRITICAL: 0 },
        mtta_seconds: { count: 5, mean: 180, p90: 276 },
        mttr_seconds: { count: 4, mean: 1500, p90: 2220 },
        by_status_and_severity: {
          OPEN: { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 },
          ACKNOWLEDGED: { LOW: 0, MEDIUM: 0, HIGH: 1, CRITICAL: 0 },
          RESOLVED: { LOW: 2, MEDIUM: 0, HIGH: 2, CRITICAL: 0 },
        },
        // Not bound to the range: see the test below.
        unresolved_now: expect.objectContaining({ total: expect.any(Number) }),
        per_day: Array.from({ length: 31 }, (_, d) => ({
          day: `2020-01-${String(d + 1).padStart(2, '0')}`,
          total: d < 5 ? 1 : 0,
          by_severity: { LOW: d < 5 && d % 2 ? 1 : 0, MEDIUM: 0, HIGH: d < 5 && d % 2 === 0 ? 1 : 0, CRITICAL: 0 },
        })),
      });
      const empty = await t.request('GET', '/incidents/stats?from=2019-01-01T00:00:00Z&to=2019-02-01T00:00:00Z', {
        token: t.tokens.viewer,
      });
      expect(empty.body).toMatchObject({ total: 0, mtta_seconds: { count: 0, mean: null, p90: null } });
      expect((await t.request('GET', '/incidents/stats?from=soon', { token: t.tokens.viewer })).status).toBe(400);
    });

    it('counts incidents per UTC day of the range, only when it has a start, at most 366 days of them', async () => {
      // March 2018: 23:59:59.999 is still the 4th (UTC), midnight is the 5th.
      for (const [at, severity] of [
        ['2018-03-04T23:59:59.999Z', 'LOW'],
        ['2018-03-05T00:00:00Z', 'CRITICAL'],
        ['2018-03-05T18:00:00Z', 'CRITICAL'],
      ]) {
        await t.pool.query(
          `INSERT INTO incidents (id, title, severity, status, created_by, created_at, updated_at)
           VALUES (gen_random_uuid(), 'daily', $1, 'OPEN', 'user:x', $2, $2)`,
          [severity, at],
        );
      }
      const stats = (query: string) => t.request('GET', `/incidents/stats${query}`, { token: t.tokens.viewer });
      const days = await stats('?from=2018-03-03T12:00:00Z&to=2018-03-06T00:00:00Z');
      expect(days.body.per_day).toEqual([
        { day: '2018-03-03', total: 0, by_severity: { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 } },
        { day: '2018-03-04', total: 1, by_severity: { LOW: 1, MEDIUM: 0, HIGH: 0, CRITICAL: 0 } },
        { day: '2018-03-05', total: 2, by_severity: { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 2 } },
      ]);
      expect((await stats('')).body.per_day).toBeNull();
      expect((await stats('?from=2018-01-01T00:00:00Z&to=2019-01-02T00:00:00Z')).body.per_day).toHaveLength(366);
      const tooLong = await stats('?from=2018-01-01T00:00:00Z&to=2019-01-03T00:00:00Z');
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.details).toEqual([{ field: 'from', errors: ['must be at most 366 days before to'] }]);
      const backwards = await stats('?from=2020-02-01T00:00:00Z&to=2020-01-01T00:00:00Z');
      expect(backwards.status).toBe(400);
      expect(backwards.body.details[0].field).toBe('from');
    });

    it('says what is unresolved now, by status and severity, whatever the range', async () => {
      const now = async () =>
        (await t.request('GET', '/incidents/stats?from=2019-01-01T00:00:00Z&to=2019-01-02T00:00:00Z', { token: t.tokens.viewer })).body;
      const before = await now();
      const critical = await create({ severity: 'CRITICAL' });
      const medium = await create({ severity: 'MEDIUM' });
      const gone = await create({ severity: 'LOW' });
      expect((await act(medium.id, 'acknowledge')).status).toBe(200);
      expect((await act(gone.id, 'resolve', {})).status).toBe(200);
      void critical;
      const after = await now();
      expect(after.total).toBe(0);
      const added = (key: 'total' | 'open' | 'acknowledged') => after.unresolved_now[key] - before.unresolved_now[key];
      expect([added('total'), added('open'), added('acknowledged')]).toEqual([2, 1, 1]);
      const severities = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
      expect(severities.map((s) => after.unresolved_now.by_severity[s] - before.unresolved_now.by_severity[s])).toEqual([0, 1, 0, 1]);
    });
  });

  it('documents every incident and detection-rule route in the OpenAPI document', async () => {
    const doc = await t.request('GET', '/api-json');
    expect(doc.status).toBe(200);
    for (const path of [
      '/incidents',
      '/incidents/stats',
      '/incidents/{id}',
      '/incidents/{id}/logs',
      '/incidents/{id}/timeline',
      '/incidents/{id}/acknowledge',
      '/incidents/{id}/resolve',
      '/incidents/{id}/reopen',
      '/incidents/{id}/comments',
      '/detection-rules',
      '/detection-rules/{id}',
    ]) {
      expect([path, doc.body.paths[path] !== undefined]).toEqual([path, true]);
    }
    expect(doc.body.components.schemas.IncidentDetailDto.properties.timeline_count).toBeDefined();
  });

  describe('roles', () => {
    it('gives a VIEWER 403 on every write and 200 on every read', async () => {
      const { id } = await create();
      const viewer = t.tokens.viewer;
      const writes: [string, string, unknown][] = [
        ['POST', '/incidents', { title: 'x', severity: 'LOW' }],
        ['PATCH', `/incidents/${id}`, { title: 'x' }],
        ['POST', `/incidents/${id}/acknowledge`, undefined],
        ['POST', `/incidents/${id}/resolve`, {}],
        ['POST', `/incidents/${id}/reopen`, undefined],
        ['POST', `/incidents/${id}/comments`, { body: 'x' }],
      ];
      for (const [method, path, body] of writes) {
        const res = await t.request(method, path, { token: viewer, body });
        expect([method, path, res.status]).toEqual([method, path, 403]);
      }
      for (const path of ['/incidents', `/incidents/${id}`, `/incidents/${id}/timeline`, `/incidents/${id}/logs`, '/incidents/stats']) {
        expect([path, (await t.request('GET', path, { token: viewer })).status]).toEqual([path, 200]);
      }
      expect((await timeline(id)).map((entry) => entry.type)).toEqual(['opened']);
    });

    it('lets an ADMIN act on incidents too', async () => {
      const { id } = await create();
      expect((await act(id, 'acknowledge', undefined, t.tokens.admin)).status).toBe(200);
    });
  });
});
