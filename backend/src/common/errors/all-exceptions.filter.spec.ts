import { type ArgumentsHost, Logger, type LoggerService } from '@nestjs/common';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { redactedUrl } from './redacted-url';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';

/** Every line the app's loggers write while `run` runs. */
function captureLogs(run: () => void): string[] {
  const lines: string[] = [];
  const capture = (message: unknown, ...rest: unknown[]) => void lines.push([message, ...rest].map(String).join(' '));
  const logger: LoggerService = { log: capture, error: capture, warn: capture, debug: capture, verbose: capture, fatal: capture };
  Logger.overrideLogger(logger);
  try {
    run();
  } finally {
    Logger.overrideLogger(true);
  }
  return lines;
}

function hostFor(url: string): ArgumentsHost {
  const reply = { sent: false, status: () => reply, headers: () => reply, send: () => reply };
  const request = { id: 'req-1', method: 'GET', url };
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ArgumentsHost;
}

describe('the error filter log line', () => {
  it.each([
    ['an unexpected error', new Error('boom')],
    ['a database outage (503)', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
  ])('names the URL of %s without the credentials in its query', (_case, error) => {
    const lines = captureLogs(() =>
      new AllExceptionsFilter().catch(error, hostFor(`/events?token=${JWT}&since=5&API_KEY=ilm_secret&Password=hunter2`)),
    );
    const text = lines.join('\n');
    expect(text).toContain('/events?token=[REDACTED]&since=5&API_KEY=[REDACTED]&Password=[REDACTED]');
    for (const secret of [JWT, 'ilm_secret', 'hunter2']) expect(text).not.toContain(secret);
  });
});

describe('redacting a URL', () => {
  it.each([
    ['/events', '/events'],
    ['/logs?q=timeout&limit=5', '/logs?q=timeout&limit=5'],
    ['/ws?access_token=abc', '/ws?access_token=[REDACTED]'],
    ['/x?key=k&secret=s&keyboard=1', '/x?key=[REDACTED]&secret=[REDACTED]&keyboard=1'],
    ['/x?%74oken=abc', '/x?%74oken=[REDACTED]'],
    ['/x?token', '/x?token=[REDACTED]'],
    ['/x?token=a&token=b', '/x?token=[REDACTED]&token=[REDACTED]'],
    ['/x?%E0%A4%A=1&token=a', '/x?%E0%A4%A=1&token=[REDACTED]'],
  ])('%s -> %s', (url, expected) => {
    expect(redactedUrl(url)).toBe(expected);
  });
});
