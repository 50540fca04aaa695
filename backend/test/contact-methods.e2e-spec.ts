import { SmtpSink, type ReceivedMail } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

const codeIn = (text: string): string => /\b(\d{6})\b/.exec(text)?.[1] ?? '';

describe('contact methods', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    [smtp, receiver] = await Promise.all([new SmtpSink().start(), new WebhookReceiver().start()]);
    t = await startTestApp({ env: { ...smtp.env(), ALLOW_PRIVATE_WEBHOOKS: 'true' } });
  });
  afterEach(async () => {
    await t.prisma.contactMethod.deleteMany();
    await t.prisma.notificationChannel.deleteMany();
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([smtp?.stop(), receiver?.stop()]);
  });

  const add = (body: Record<string, unknown>, token = t.tokens.responder) =>
    t.request('POST', '/users/me/contact-methods', { token, body: { label: 'mine', ...body } });
  const mailTo = (address: string, after = 0): Promise<ReceivedMail> =>
    smtp.waitFor((m) => m.to.includes(address) && smtp.mails.indexOf(m) >= after, 5000);

  it('verifies an email address end to end with the code mailed through the SMTP server', async () => {
    const created = await add({ type: 'EMAIL', label: 'Work', address: 'Alice@Example.test' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'EMAIL',
      address: 'alice@example.test',
      verified: false,
      verification: { sent: true, error: null },
    });
    const mail = await mailTo('alice@example.test');
    expect(mail.parsed.subject).toBe('Confirm your contact method');
    const code = codeIn(mail.parsed.text ?? '');
    expect(code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(await t.prisma.contactMethod.findUnique({ where: { id: created.body.id } }))).not.toContain(code);

    const wrong = await t.request('POST', `/users/me/contact-methods/${created.body.id}/verify`, {
      token: t.tokens.responder,
      body: { code: code === '000000' ? '000001' : '000000' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details[0].field).toBe('code');

    const verified = await t.request('POST', `/users/me/contact-methods/${created.body.id}/verify`, {
      token: t.tokens.responder,
      body: { code },
    });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ verified: true, verified_at: expect.any(String) });
    const listed = await t.request('GET', '/users/me/contact-methods', { token: t.tokens.responder });
    expect(listed.body).toEqual([expect.objectContaining({ id: created.body.id, verified: true })]);

    const test = await t.request('POST', `/users/me/contact-methods/${created.body.id}/test`, { token: t.tokens.responder });
    expect(test.body).toEqual({ delivered: true, status_code: 250, error: null });
    expect((await mailTo('alice@example.test', smtp.mails.indexOf(mail) + 1)).parsed.subject).toBe('Test page');
  });

  it('takes at most 5 guesses per code, and refuses an expired code', async () => {
    const created = await add({ type: 'EMAIL', address: 'bob@example.test' });
    const code = codeIn((await mailTo('bob@example.test')).parsed.text ?? '');
    const wrongCode = code === '999999' ? '999998' : '999999';
    const verify = (value: string) =>
      t.request('POST', `/users/me/contact-methods/${created.body.id}/verify`, { token: t.tokens.responder, body: { code: value } });
    // Five wrong guesses in parallel: the attempt counter is taken atomically.
    const guesses = await Promise.all(Array.from({ length: 5 }, () => verify(wrongCode)));
    expect(guesses.map((g) => g.status)).toEqual([400, 400, 400, 400, 400]);
    const exhausted = await verify(code);
    expect(exhausted.status).toBe(400);
    expect(exhausted.body.message).toMatch(/5 times/);

    await t.pool.query(`UPDATE contact_methods SET verification_expires_at = now() - interval '14 minutes' WHERE id = $1`, [
      created.body.id,
    ]);
    const resent = await t.request('POST', `/users/me/contact-methods/${created.body.id}/send-verification`, { token: t.tokens.responder });
    expect(resent.status).toBe(200);
    const again = await t.request('POST', `/users/me/contact-methods/${created.body.id}/send-verification`, { token: t.tokens.responder });
    expect(again.status).toBe(429);
    const fresh = codeIn(
      (await smtp.waitFor((m) => m.to.includes('bob@example.test') && codeIn(m.parsed.text ?? '') !== code, 5000)).parsed.text ?? '',
    );
    await t.pool.query(`UPDATE contact_methods SET verification_expires_at = now() - interval '1 second' WHERE id = $1`, [created.body.id]);
    const expired = await verify(fresh);
    expect(expired.status).toBe(400);
    expect(expired.body.message).toMatch(/expired/);
  });

  it('verifies a Slack member through the SLACK channel webhook with a mention, and a personal webhook stored encrypted', async () => {
    const channel = await t.request('POST', '/notification-channels', {
      token: t.tokens.admin,
      body: { name: 'ops slack', type: 'SLACK', url: receiver.url('/services/T0/B0/xyz') },
    });
    const slack = await add({ type: 'SLACK_MEMBER', address: 'U0123ABCD', slack_channel_id: channel.body.id });
    expect(slack.status).toBe(201);
    const mention = await receiver.waitFor((r) => r.path === '/services/T0/B0/xyz' && r.body.includes('<@U0123ABCD>'), 5000);
    const slackCode = codeIn(JSON.parse(mention.body).text);
    const slackVerified = await t.request('POST', `/users/me/contact-methods/${slack.body.id}/verify`, {
      token: t.tokens.responder,
      body: { code: slackCode },
    });
    expect(slackVerified.body.verified).toBe(true);

    const hookUrl = receiver.url('/personal/hook-secret-path');
    const hook = await add({ type: 'WEBHOOK', address: hookUrl });
    expect(hook.status).toBe(201);
    expect(hook.body.address).toBe(`http://127.0.0.1:${receiver.port}/…`);
    const stored = await t.prisma.contactMethod.findUnique({ where: { id: hook.body.id } });
    expect(stored!.address).not.toContain('hook-secret-path');
    const request = await receiver.waitFor((r) => r.path === '/personal/hook-secret-path', 5000);
    expect(JSON.parse(request.body)).toMatchObject({
      event: 'contact_method.verification',
      contact_method: { id: hook.body.id },
      code: expect.stringMatching(/^\d{6}$/),
    });
  });

  it('refuses bad addresses naming the field, and stores nothing', async () => {
    const slackWebhookChannel = await t.request('POST', '/notification-channels', {
      token: t.tokens.admin,
      body: { name: 'hook', type: 'WEBHOOK', url: receiver.url('/h') },
    });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'EMAIL', address: 'not an address' }, 'address'],
      [{ type: 'SLACK_MEMBER', address: 'alice' }, 'address'],
      [{ type: 'SLACK_MEMBER', address: 'U0123ABCD' }, 'slack_channel_id'],
      [{ type: 'SLACK_MEMBER', address: 'U0123ABCD', slack_channel_id: slackWebhookChannel.body.id }, 'slack_channel_id'],
      [{ type: 'EMAIL', address: 'a@example.test', slack_channel_id: slackWebhookChannel.body.id }, 'slack_channel_id'],
      [{ type: 'WEBHOOK', address: 'ftp://example.test/x' }, 'address'],
      [{ type: 'PHONE', address: '+15551234' }, 'type'],
      [{ type: 'EMAIL', address: 'a@example.test', label: '' }, 'label'],
    ];
    for (const [body, field] of cases) {
      const response = await add(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect(await t.prisma.contactMethod.count()).toBe(0);
  });

  it("lets admins manage anyone's methods, and nobody else's reach another user's", async () => {
    const responderId = t.users.responder.id;
    const created = await t.request('POST', `/users/${responderId}/contact-methods`, {
      token: t.tokens.admin,
      body: { type: 'EMAIL', label: 'set up by admin', address: 'carol@example.test' },
    });
    expect(created.status).toBe(201);
    expect(created.body.user_id).toBe(responderId);
    expect((await t.request('GET', `/users/${responderId}/contact-methods`, { token: t.tokens.admin })).body).toHaveLength(1);
    expect((await t.request('GET', `/users/${responderId}/contact-methods`, { token: t.tokens.responder })).status).toBe(403);
    expect((await t.request('GET', `/users/00000000-0000-4000-8000-000000000000/contact-methods`, { token: t.tokens.admin })).status).toBe(
      404,
    );
    // The viewer sees only their own: the responder's method is not found for them.
    expect((await t.request('GET', '/users/me/contact-methods', { token: t.tokens.viewer })).body).toEqual([]);
    expect((await t.request('DELETE', `/users/me/contact-methods/${created.body.id}`, { token: t.tokens.viewer })).status).toBe(404);
    expect((await t.request('DELETE', `/users/me/contact-methods/${created.body.id}`, { token: t.tokens.responder })).status).toBe(204);
    expect((await t.request('GET', '/users/me/contact-methods')).status).toBe(401);
  });
});
