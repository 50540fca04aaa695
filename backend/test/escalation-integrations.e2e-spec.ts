import { eventually } from './support/logs';
import { escalatedEvents, MINUTE, openIncident, runEscalations } from './support/escalation';
import { movableClock, type MovableClock } from './support/movable-clock';
import { startTestApp, type TestApp } from './support/test-app';

/** Escalation with the features it asks: who is on call (schedules) and whether paging is held (silences). */
describe('Escalation with schedules and silences', () => {
  let t: TestApp;
  let clock: MovableClock;

  beforeAll(async () => {
    t = await startTestApp();
    clock = movableClock(t);
  });
  afterAll(async () => {
    clock.restore();
    await t.close();
  });

  const steps = async (incidentId: string) => (await escalatedEvents(t.pool, incidentId)).map((event) => event.data);

  async function policyFor(serviceId: string, target: { type: string; id: string }): Promise<string> {
    const response = await t.request('POST', '/escalation-policies', {
      token: t.tokens.admin,
      body: { name: `Policy ${serviceId}`, service_ids: [serviceId], steps: [{ wait_minutes: 5, targets: [target] }] },
    });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  it('pages whoever the schedule has on call when the step is taken', async () => {
    const today = clock.now().toISOString().slice(0, 10);
    const schedule = await t.request('POST', '/schedules', {
      token: t.tokens.admin,
      body: {
        name: 'Checkout on call',
        layers: [
          {
            name: 'Primary',
            rotation: 'DAILY',
            handoff_time: '00:00',
            time_zone: 'UTC',
            start_date: today,
            participant_ids: [t.users.responder.id],
          },
        ],
      },
    });
    expect(schedule.status).toBe(201);
    await policyFor('esc-oncall', { type: 'SCHEDULE', id: schedule.body.id });
    // The override puts the admin on call right now: the page must follow it.
    const override = await t.request('POST', `/schedules/${schedule.body.id}/overrides`, {
      token: t.tokens.admin,
      body: {
        user_id: t.users.admin.id,
        starts_at: new Date(clock.now().getTime() - MINUTE).toISOString(),
        ends_at: new Date(clock.now().getTime() + 60 * MINUTE).toISOString(),
      },
    });
    expect(override.status).toBe(201);
    const incidentId = await openIncident(t, 'esc-oncall');
    await runEscalations(t);
    expect(await steps(incidentId)).toEqual([expect.objectContaining({ step: 1, user_ids: [t.users.admin.id] })]);
  });

  it('refuses a schedule target that does not exist, naming the field', async () => {
    const response = await t.request('POST', '/escalation-policies', {
      token: t.tokens.admin,
      body: { name: 'Ghost', steps: [{ wait_minutes: 5, targets: [{ type: 'SCHEDULE', id: '00000000-0000-4000-8000-000000000000' }] }] },
    });
    expect(response.status).toBe(400);
    expect(response.body.details[0].field).toBe('steps[0].targets[0].id');
  });

  it('holds paging while a silence matches the incident, and pages once the silence is expired', async () => {
    await policyFor('esc-silenced', { type: 'USER', id: t.users.responder.id });
    const now = clock.now().getTime();
    const silence = await t.request('POST', '/silences', {
      token: t.tokens.responder,
      body: {
        matchers: { service_id: 'esc-silenced' },
        starts_at: new Date(now - MINUTE).toISOString(),
        ends_at: new Date(now + 120 * MINUTE).toISOString(),
        comment: 'planned failover',
      },
    });
    expect(silence.status).toBe(201);
    const incidentId = await openIncident(t, 'esc-silenced');
    await runEscalations(t);
    clock.advance(10 * MINUTE);
    await runEscalations(t);
    expect(await steps(incidentId)).toEqual([]);

    expect((await t.request('POST', `/silences/${silence.body.id}/expire`, { token: t.tokens.responder })).status).toBe(200);
    // A held step asks again 30 s later.
    // The release of the silence's hold locks the incident for a moment, and a pass skips a
    // locked incident rather than wait: the step is taken by the next pass, so ask again.
    clock.advance(31_000);
    const paged = await eventually(async () => {
      await runEscalations(t);
      const taken = await steps(incidentId);
      return taken.length > 0 && taken;
    });
    expect(paged.map((step) => step.step)).toEqual([1]);
  });
});
