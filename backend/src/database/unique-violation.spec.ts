import { isUniqueViolation } from './unique-violation';

describe('isUniqueViolation', () => {
  it('recognises the error of node-postgres, of Prisma, and of the driver adapter that wraps PostgreSQL', () => {
    expect(isUniqueViolation({ code: '23505', constraint: 'users_email_key' })).toBe(true);
    expect(isUniqueViolation({ code: 'P2002', meta: { target: ['email'] } })).toBe(true);
    expect(isUniqueViolation({ name: 'DriverAdapterError', cause: { code: '23505', constraint: 'users_email_key' } })).toBe(true);
  });

  it('matches a named constraint against the one PostgreSQL reports', () => {
    expect(isUniqueViolation({ code: '23505', constraint: 'incidents_open_fingerprint_key' }, 'incidents_open_fingerprint_key')).toBe(true);
    expect(isUniqueViolation({ code: '23505', constraint: 'other_key' }, 'incidents_open_fingerprint_key')).toBe(false);
    expect(isUniqueViolation({ cause: { code: '23505', constraint: 'other_key' } }, 'incidents_open_fingerprint_key')).toBe(false);
  });

  it('does not claim a named constraint from an error that does not name it', () => {
    expect(isUniqueViolation({ code: 'P2002' }, 'incidents_open_fingerprint_key')).toBe(false);
  });

  it('is false for every other error, and for things that are not errors', () => {
    expect(isUniqueViolation({ code: '23503' })).toBe(false);
    expect(isUniqueViolation({ code: 'P2025' })).toBe(false);
    expect(isUniqueViolation(new Error('connection refused'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
