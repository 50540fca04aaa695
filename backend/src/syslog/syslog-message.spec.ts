import { parseSyslogMessage, SyslogParseError } from './syslog-message';

describe('parseSyslogMessage', () => {
  it('reads RFC 5424: severity to level, app-name to service_id, structured data to metadata without the auth element', () => {
    const parsed = parseSyslogMessage(
      '<131>1 2026-01-24T10:00:00.123Z web-1 payment 42 PAY [auth@32473 key="ilm_secret"][order@32473 id="o-\\"1\\"" n="\\]"] \uFEFFPayment failed',
    );
    expect(parsed.apiKey).toBe('ilm_secret');
    expect(parsed.log).toEqual({
      service_id: 'payment',
      level: 'ERROR',
      message: 'Payment failed',
      timestamp: '2026-01-24T10:00:00.123Z',
      metadata: {
        facility: 'local0',
        hostname: 'web-1',
        procid: '42',
        msgid: 'PAY',
        structured_data: { 'order@32473': { id: 'o-"1"', n: ']' } },
      },
    });
  });

  it.each([
    [0, 'FATAL'],
    [2, 'FATAL'],
    [3, 'ERROR'],
    [4, 'WARN'],
    [5, 'INFO'],
    [6, 'INFO'],
    [7, 'DEBUG'],
  ])('maps severity %i to %s', (severity, level) => {
    expect(parseSyslogMessage(`<${8 + severity}>1 - - app - - - hi`).log.level).toBe(level);
  });

  it('leaves out nil fields: no timestamp (receive time), no service_id', () => {
    expect(parseSyslogMessage('<14>1 - - - - - - hello').log).toEqual({ level: 'INFO', message: 'hello', metadata: { facility: 'user' } });
  });

  it('reads RFC 3164: the tag is the service, the year-less timestamp is kept as text only', () => {
    expect(parseSyslogMessage('<38>Nov 27 14:00:00 web-1 sshd[812]: session opened').log).toEqual({
      service_id: 'sshd',
      level: 'INFO',
      message: 'session opened',
      metadata: { facility: 'auth', hostname: 'web-1', sent_at: 'Nov 27 14:00:00', procid: '812' },
    });
  });

  it.each([
    ['no priority', 'hello'],
    ['a priority over 191', '<192>1 - - - - - - x'],
    ['a short header', '<14>1 - - -'],
    ['unterminated structured data', '<14>1 - - app - - [a@1 k="v" x'],
    ['an unclosed element', '<14>1 - - app - - [a@1 k="v"'],
  ])('refuses %s', (_why, text) => {
    expect(() => parseSyslogMessage(text)).toThrow(SyslogParseError);
  });
});
