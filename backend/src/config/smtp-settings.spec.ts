import { loadConfig } from './config.schema';

describe('SMTP and PagerDuty settings', () => {
  it('leave email off and point PagerDuty at its public endpoint by default', () => {
    const { notifications } = loadConfig({});
    expect(notifications.smtp).toMatchObject({ host: undefined, tls: 'starttls', port: 587 });
    expect(notifications.pagerDutyEventsUrl).toBe('https://events.pagerduty.com/v2/enqueue');
  });

  it('default the port to the TLS mode: 465 for implicit TLS', () => {
    expect(loadConfig({ SMTP_HOST: 'mail', SMTP_FROM: 'a@example.com', SMTP_TLS: 'tls' }).notifications.smtp.port).toBe(465);
  });

  it('refuse incomplete or invalid SMTP settings, naming the variable', () => {
    expect(() => loadConfig({ SMTP_HOST: 'mail' })).toThrow(/SMTP_FROM is required/);
    expect(() => loadConfig({ SMTP_HOST: 'mail', SMTP_FROM: 'a@example.com', SMTP_USER: 'u' })).toThrow(/SMTP_PASSWORD/);
    expect(() => loadConfig({ SMTP_HOST: 'mail', SMTP_FROM: 'nobody' })).toThrow(/SMTP_FROM must be an address/);
    expect(() => loadConfig({ SMTP_TLS: 'ssl' })).toThrow(/SMTP_TLS must be one of none, starttls, tls/);
    expect(() => loadConfig({ SMTP_PORT: '0' })).toThrow(/SMTP_PORT/);
    expect(() => loadConfig({ PAGERDUTY_EVENTS_URL: 'ftp://x' })).toThrow(/PAGERDUTY_EVENTS_URL/);
  });

  it('accept a display name in SMTP_FROM', () => {
    expect(loadConfig({ SMTP_HOST: 'mail', SMTP_FROM: 'On-call <oncall@example.com>' }).notifications.smtp.from).toBe(
      'On-call <oncall@example.com>',
    );
  });
});
