import { closeInstance, startInstance } from './support/app-instances';
import { escalatedEvents, MINUTE, openIncident, runEscalations } from './support/escalation';
import { movableClock, type MovableClock } from './support/movable-clock';
import { startTestApp, type TestApp } from './support/test-app';

describe('Escalation policies: paging an unacknowledged incident step by step', () => {
  let t: TestApp;
  let clock: MovableClock;
  let channelId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { ALLOW_PRIVATE_WEBHOOKS: 'true' } });
    clock = movableClock(t);
    const channel = await t.request('POST', '/notification-channels', {
      token: t.tokens.admin,
      body: { name: 'Ops room', type: 'WEBHOOK', url: 'http://127.0.0.1:9/hook', events: ['incident.comment_added'] },
    });
    expect(channel.status).toBe(201);
    channelId = channel.body.id;
  });
  afterAll(async () => {
    clock.restore();
    await t.close();
  });

  /** A 3-step policy for `serviceId`: responder (wait 5), admin + the channel (wait 10), viewer (wait 15). */
  async function threeStepPolicy(serviceId: string, extra: Record<string, unknown> = {}): Promise<string> {
    const response = await t.request('POST', '/escalation-policies', {
      token: t.tokens.admin,
      body: {
        name: `Policy for ${serviceId}`,
        service_ids: [serviceId],
        steps: [
          { wait_minutes: 5, targets: [{ type: 'USER', id: t.users.responder.id }] },
          {
            wait_minutes: 10,
            targets: [
              { type: 'USER', id: t.users.admin.id },
              { type: 'CHANNEL', id: channelId },
            ],
          },
          { wait_minutes: 15, targets: [{ type: 'USER', id: t.users.viewer.id }] },
        ],
        ...extra,
      },
    });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  const escalation = async (incidentId: string) =>
    (await t.request('GET', `/incidents/${incidentId}/escalation`, { token: t.tokens.viewer })).body;
  const timeline = async (incidentId: string) =>
    (await t.pool.query(`SELECT type, actor, body FROM incident_events WHERE incident_id = $1 ORDER BY id`, [incidentId])).rows;
  const steps = async (incidentId: string) => (await escalatedEvents(t.pool, incidentId)).map((event) => event.data.step);

  it('pages step 1, then step 2 after its wait, stops on acknowledge and restarts on reopen', async () => {
    const policyId = await threeStepPolicy('esc-lifecycle');
    const incidentId = await openIncident(t, 'esc-lifecycle');
    await runEscalations(t);

    const [first] = await escalatedEvents(t.pool, incidentId);
    expect(first!.data).toEqual({ policy_id: policyId, step: 1, round: 1, user_ids: [t.users.responder.id], channel_ids: [] });
    expect(await timeline(incidentId)).toContainEqual({
      type: 'escalated',
      actor: 'system:escalation',
      body: 'step 1 (round 1) of "Policy for esc-lifecycle": paged 1 user',
    });
    const state = await escalation(incidentId);
    expect(state).toMatchObject({ state: 'ESCALATING', policy_id: policyId, current_step: 1, next_step: 2, step_count: 3 });
    expect(new Date(state.next_step_at).getTime() - new Date(state.current_step_at).getTime()).toBe(5 * MINUTE);

    clock.advance(4 * MINUTE);
    await runEscalations(t);
    expect(await steps(incidentId)).toEqual([1]);

    clock.advance(MINUTE + 1000);
    await runEscalations(t);
    const second = (await escalatedEvents(t.pool, incidentId))[1]!;
    expect(second.data).toMatchObject({ step: 2, round: 1, user_ids: [t.users.admin.id], channel_ids: [channelId] });

    expect((await t.request('POST', `/incidents/${incidentId}/acknowledge`, { token: t.tokens.responder })).status).toBe(200);
    expect(await escalation(incidentId)).toMatchObject({ state: 'ACKNOWLEDGED', next_step: null, next_step_at: null });
    clock.advance(60 * MINUTE);
    await runEscalations(t);
    expect(await steps(incidentId)).toEqual([1, 2]);

    expect((await t.request('POST', `/incidents/${incidentId}/resolve`, { token: t.tokens.responder, body: {} })).status).toBe(200);
    expect(await escalation(incidentId)).toMatchObject({ state: 'STOPPED' });
    expect((await t.request('POST', `/incidents/${incidentId}/reopen`, { token: t.tokens.responder })).status).toBe(200);
    await runEscalations(t);
    expect(await steps(incidentId)).toEqual([1, 2, 1]);
    expect(await escalation(incidentId)).toMatchObject({ state: 'ESCALATING', current_step: 1, current_round: 1, next_step: 2 });
  });

  it('repeats the whole policy repeat_count more times, then stops paging', async () => {
    const response = await t.request('POST', '/escalation-policies', {
      token: t.tokens.admin,
      body: {
        name: 'Two rounds',
        service_ids: ['esc-repeat'],
        repeat_count: 1,
        steps: [{ wait_minutes: 1, targets: [{ type: 'USER', id: t.users.responder.id }] }],
      },
    });
    expect(response.status).toBe(201);
    const incidentId = await openIncident(t, 'esc-repeat');
    for (let i = 0; i < 4; i++) {
      await runEscalations(t);
      clock.advance(MINUTE + 1000);
    }
    expect((await escalatedEvents(t.pool, incidentId)).map((event) => [event.data.round, event.data.step])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(await escalation(incidentId)).toMatchObject({ state: 'EXHAUSTED', next_step_at: null });
  });

  it('sends an acknowledged incident that stays unresolved past the ack timeout back to OPEN and escalates again', async () => {
    await threeStepPolicy('esc-ack-timeout', { ack_timeout_minutes: 30 });
    const incidentId = await openIncident(t, 'esc-ack-timeout');
    await runEscalations(t);
    await t.request('POST', `/incidents/${incidentId}/acknowledge`, { token: t.tokens.responder });
    const acknowledged = await escalation(incidentId);
    expect(acknowledged.state).toBe('ACKNOWLEDGED');

    clock.advance(29 * MINUTE);
    await runEscalations(t);
    expect((await t.request('GET', `/incidents/${incidentId}`, { token: t.tokens.viewer })).body.status).toBe('ACKNOWLEDGED');

    clock.advance(MINUTE + 1000);
    await runEscalations(t);
    expect((await t.request('GET', `/incidents/${incidentId}`, { token: t.tokens.viewer })).body.status).toBe('OPEN');
    const entries = await timeline(incidentId);
    expect(entries.map((entry) => entry.type)).toEqual(['opened', 'escalated', 'acknowledged', 'ack_timed_out', 'escalated']);
    expect(entries[3]!.body).toContain('30 min after acknowledgement');
    expect(await steps(incidentId)).toEqual([1, 1]);
    expect(await escalation(incidentId)).toMatchObject({ state: 'ESCALATING', next_step: 2 });
  });

  it('uses the rule policy over the service policy over the default, and escalates nothing when none applies', async () => {
    const none = await openIncident(t, 'esc-nobody');
    await runEscalations(t);
    expect(await escalation(none)).toMatchObject({ state: 'NONE', policy_id: null });
    expect(await steps(none)).toEqual([]);

    const fallback = await t.request('POST', '/escalation-policies', {
      token: t.tokens.admin,
      body: { name: 'Everyone else', is_default: true, steps: [{ wait_minutes: 3, targets: [{ type: 'CHANNEL', id: channelId }] }] },
    });
    expect(fallback.status).toBe(201);
    const covered = await openIncident(t, 'esc-nobody');
    await runEscalations(t);
    expect(await escalation(covered)).toMatchObject({ policy_id: fallback.body.id, policy_name: 'Everyone else' });

    const servicePolicy = await threeStepPolicy('esc-precedence');
    const byService = await openIncident(t, 'esc-precedence');
    expect((await escalation(byService)).policy_id).toBe(servicePolicy);
  });

  it('pages each step exactly once with two app instances taking due steps at the same time', async () => {
    const other = await startInstance(t);
    clock.attach(other);
    try {
      await threeStepPolicy('esc-two-instances');
      const incidents = await Promise.all(Array.from({ length: 20 }, (_, i) => openIncident(t, 'esc-two-instances', `Down ${i}`)));
      for (let i = 0; i < 3; i++) await runEscalations(t, other, t, other);
      clock.advance(5 * MINUTE + 1000);
      for (let i = 0; i < 3; i++) await runEscalations(t, other, t, other);
      for (const incidentId of incidents) expect(await steps(incidentId)).toEqual([1, 2]);
    } finally {
      await closeInstance(t, other);
    }
  });

  it('keeps the schedule across a restart mid-wait: the next instance takes the step when due, once', async () => {
    await threeStepPolicy('esc-restart');
    const incidentId = await openIncident(t, 'esc-restart');
    const before = await startInstance(t);
    clock.attach(before);
    await runEscalations(before);
    expect(await steps(incidentId)).toEqual([1]);
    await closeInstance(t, before);

    // The main app keeps real time from here on: only the restarted instance sees the wait end.
    const mainClock = clock;
    mainClock.restore();
    const restarted = await startInstance(t);
    const restartedClock = movableClock(restarted);
    try {
      restartedClock.advance(mainClock.now().getTime() - Date.now() + 4 * MINUTE);
      await runEscalations(restarted);
      expect(await steps(incidentId)).toEqual([1]);
      restartedClock.advance(MINUTE + 1000);
      await runEscalations(restarted, restarted);
      expect(await steps(incidentId)).toEqual([1, 2]);
    } finally {
      restartedClock.restore();
      await closeInstance(t, restarted);
      clock = movableClock(t);
      clock.advance(mainClock.now().getTime() - Date.now() + 10 * MINUTE);
    }
  });
});
