import { DEVELOPMENT_ADMIN_EMAIL, oneTimePasswordBanner, planInitialAdmin } from './initial-admin-plan';

describe('planInitialAdmin', () => {
  it('uses ADMIN_EMAIL and ADMIN_PASSWORD in every environment, lower-casing the email', () => {
    for (const nodeEnv of ['development', 'production', 'test'] as const) {
      expect(planInitialAdmin({ nodeEnv, adminEmail: 'Ops@Example.com', adminPassword: 'long-enough' })).toEqual({
        kind: 'configured',
        email: 'ops@example.com',
        password: 'long-enough',
      });
    }
  });

  it('generates admin@localhost in development only', () => {
    expect(planInitialAdmin({ nodeEnv: 'development' })).toEqual({ kind: 'generated', email: DEVELOPMENT_ADMIN_EMAIL });
    expect(planInitialAdmin({ nodeEnv: 'production' })).toEqual({ kind: 'none', warn: true });
    expect(planInitialAdmin({ nodeEnv: 'test' })).toEqual({ kind: 'none', warn: false });
  });
});

describe('oneTimePasswordBanner', () => {
  it('boxes the email and password in lines of equal width', () => {
    const banner = oneTimePasswordBanner('admin@localhost', 's3cr3t-Pa55');
    const lines = banner.split('\n').filter(Boolean);
    expect(banner).toContain('admin@localhost');
    expect(banner).toContain('s3cr3t-Pa55');
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[0]).toMatch(/^\+-+\+$/);
    expect(lines.at(-1)).toBe(lines[0]);
  });
});
