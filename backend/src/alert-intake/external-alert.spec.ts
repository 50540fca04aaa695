import { alertTitle, labelsFingerprint, serviceFrom, severityFrom } from './external-alert';

describe('external alert mapping', () => {
  it('maps severity words case-insensitively, unknown or missing to MEDIUM', () => {
    expect(severityFrom('Critical')).toBe('CRITICAL');
    expect(severityFrom('page')).toBe('CRITICAL');
    expect(severityFrom('error')).toBe('HIGH');
    expect(severityFrom(' warning ')).toBe('MEDIUM');
    expect(severityFrom('info')).toBe('LOW');
    expect(severityFrom('sev-unknown')).toBe('MEDIUM');
    expect(severityFrom(undefined)).toBe('MEDIUM');
  });

  it('takes a service only when the label is a valid service id', () => {
    expect(serviceFrom('checkout')).toBe('checkout');
    expect(serviceFrom('not a service!')).toBeNull();
    expect(serviceFrom(undefined)).toBeNull();
  });

  it('builds the title from alertname and summary, cutting long ones', () => {
    expect(alertTitle('HighErrorRate', 'above 5%', 'x')).toBe('HighErrorRate: above 5%');
    expect(alertTitle(undefined, 'only summary', 'x')).toBe('only summary');
    expect(alertTitle('', '  ', 'fallback')).toBe('fallback');
    expect(alertTitle('a'.repeat(600), undefined, 'x')).toHaveLength(500);
  });

  it('fingerprints labels independently of their order', () => {
    expect(labelsFingerprint({ a: '1', b: '2' })).toBe(labelsFingerprint({ b: '2', a: '1' }));
    expect(labelsFingerprint({ a: '1' })).not.toBe(labelsFingerprint({ a: '2' }));
  });
});
