import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from './support/test-app';

describe('Escalation policies API (/escalation-policies)', () => {
  let t: TestApp;
  const step = (targets: unknown[], wait_minutes = 5) => ({ wait_minutes, targets });
  const user = () => ({ type: 'USER', id: t.users.responder.id });
  const create = (body: unknown, token = t.tokens.admin) => t.request('POST', '/escalation-policies', { token, body });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates, reads, lists, edits and deletes a policy (admins only)', async () => {
    const created = await create({
      name: 'Payments on-call',
      description: 'Primary, then lead',
      repeat_count: 2,
      ack_timeout_minutes: 30,
      service_ids: ['payments'],
      steps: [step([user()], 10), step([{ type: 'USER', id: t.users.admin.id }], 20)],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Payments on-call',
      repeat_count: 2,
      ack_timeout_minutes: 30,
      is_default: false,
      rule_ids: [],
      service_ids: ['payments'],
      steps: [
        { wait_minutes: 10, targets: [{ type: 'USER', id: t.users.responder.id }] },
        { wait_minutes: 20, targets: [{ type: 'USER', id: t.users.admin.id }] },
      ],
    });
    const id = created.body.id;

    const edited = await t.request('PATCH', `/escalation-policies/${id}`, {
      token: t.tokens.admin,
      body: { ack_timeout_minutes: null, steps: [step([user()], 3)] },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      ack_timeout_minutes: null,
      repeat_count: 2,
      service_ids: ['payments'],
      steps: [{ wait_minutes: 3 }],
    });
    expect((await t.request('GET', `/escalation-policies/${id}`, { token: t.tokens.admin })).body.steps).toHaveLength(1);
    expect((await t.request('GET', '/escalation-policies', { token: t.tokens.admin })).body.map((p: { id: string }) => p.id)).toContain(id);

    expect((await t.request('GET', '/escalation-policies', { token: t.tokens.responder })).status).toBe(403);
    expect((await create({ name: 'x', steps: [step([user()])] }, t.tokens.responder)).status).toBe(403);

    expect((await t.request('DELETE', `/escalation-policies/${id}`, { token: t.tokens.admin })).status).toBe(204);
    expect((await t.request('GET', `/escalation-policies/${id}`, { token: t.tokens.admin })).status).toBe(404);
    expect((await t.request('DELETE', `/escalation-policies/${id}`, { token: t.tokens.admin })).status).toBe(404);
  });

  it.each([
    ['no steps', { steps: [] }, 'steps'],
    ['steps missing', { steps: undefined }, 'steps'],
    ['a wait under 1 minute', { steps: [{ wait_minutes: 0, targets: [{ type: 'USER', id: randomUUID() }] }] }, 'steps[0].wait_minutes'],
    ['a step without targets', { steps: [{ wait_minutes: 5, targets: [] }] }, 'steps[0].targets'],
    [
      'an unknown target type',
      { steps: [{ wait_minutes: 5, targets: [{ type: 'PAGER', id: randomUUID() }] }] },
      'steps[0].targets[0].type',
    ],
    ['a target id that is not a UUID', { steps: [{ wait_minutes: 5, targets: [{ type: 'USER', id: 'bob' }] }] }, 'steps[0].targets[0].id'],
    [
      'more than 10 steps',
      { steps: Array.from({ length: 11 }, () => ({ wait_minutes: 5, targets: [{ type: 'USER', id: randomUUID() }] })) },
      'steps',
    ],
    [
      'more than 10 targets in a step',
      { steps: [{ wait_minutes: 5, targets: Array.from({ length: 11 }, () => ({ type: 'USER', id: randomUUID() })) }] },
      'steps[0].targets',
    ],
    ['repeat_count above 9', { repeat_count: 10 }, 'repeat_count'],
    ['ack_timeout_minutes of 0', { ack_timeout_minutes: 0 }, 'ack_timeout_minutes'],
    ['a bad service id', { service_ids: ['no spaces'] }, 'service_ids'],
    ['a rule id that is not a UUID', { rule_ids: ['r1'] }, 'rule_ids'],
    ['an unknown field', { colour: 'red' }, 'colour'],
  ])('refuses %s with a 400 naming the field', async (_what, change, field) => {
    const body = { name: `bad ${randomUUID()}`, steps: [{ wait_minutes: 5, targets: [{ type: 'USER', id: randomUUID() }] }], ...change };
    const response = await create(body);
    expect(response.status).toBe(400);
    expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
  });

  it('refuses ids that name no user, channel or rule with a 400 naming where they are', async () => {
    const ghost = randomUUID();
    const badUser = await create({ name: 'ghost user', steps: [step([user()]), step([user(), { type: 'USER', id: ghost }])] });
    expect(badUser.status).toBe(400);
    expect(badUser.body.details).toEqual([
      { field: 'steps[1].targets[1].id', errors: [`steps[1].targets[1].id: no user with id ${ghost}`] },
    ]);

    const badChannel = await create({ name: 'ghost channel', steps: [step([{ type: 'CHANNEL', id: ghost }])] });
    expect(badChannel.status).toBe(400);
    expect(badChannel.body.details[0].field).toBe('steps[0].targets[0].id');

    const badRule = await create({ name: 'ghost rule', rule_ids: [ghost], steps: [step([user()])] });
    expect(badRule.status).toBe(400);
    expect(badRule.body.details[0].field).toBe('rule_ids[0]');
    // Nothing half-stored.
    expect((await t.pool.query(`SELECT count(*)::int AS n FROM escalation_policies WHERE name LIKE 'ghost%'`)).rows[0].n).toBe(0);
  });

  it('refuses a SCHEDULE target that names no schedule, naming the field', async () => {
    const response = await create({ name: 'rota', steps: [step([user()]), step([user(), { type: 'SCHEDULE', id: randomUUID() }])] });
    expect(response.status).toBe(400);
    expect(response.body.details[0].field).toBe('steps[1].targets[1].id');
  });

  it('answers 409 naming the holder for a second default, a taken service or rule, and a taken name', async () => {
    const rule = await t.request('POST', '/detection-rules', {
      token: t.tokens.admin,
      body: { name: 'esc rule', kind: 'THRESHOLD', window_seconds: 60, threshold: 5, severity: 'HIGH' },
    });
    expect(rule.status).toBe(201);
    const first = await create({
      name: 'First',
      is_default: true,
      service_ids: ['shop'],
      rule_ids: [rule.body.id],
      steps: [step([user()])],
    });
    expect(first.status).toBe(201);

    const secondDefault = await create({ name: 'Second', is_default: true, steps: [step([user()])] });
    expect(secondDefault.status).toBe(409);
    expect(secondDefault.body.message).toContain('"First" is already the default');
    const takenService = await create({ name: 'Second', service_ids: ['shop'], steps: [step([user()])] });
    expect(takenService.status).toBe(409);
    expect(takenService.body.message).toContain('service shop already uses the policy "First"');
    const takenRule = await create({ name: 'Second', rule_ids: [rule.body.id], steps: [step([user()])] });
    expect(takenRule.status).toBe(409);
    expect(takenRule.body.message).toContain('"First"');
    expect((await create({ name: 'First', steps: [step([user()])] })).status).toBe(409);
  });

  it('refuses an empty PATCH, a PATCH of an unknown policy, and a non-UUID id', async () => {
    const created = await create({ name: 'Patchable', steps: [step([user()])] });
    expect((await t.request('PATCH', `/escalation-policies/${created.body.id}`, { token: t.tokens.admin, body: {} })).status).toBe(400);
    expect(
      (await t.request('PATCH', `/escalation-policies/${randomUUID()}`, { token: t.tokens.admin, body: { repeat_count: 1 } })).status,
    ).toBe(404);
    const bad = await t.request('GET', '/escalation-policies/nope', { token: t.tokens.admin });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('id');
  });
});
