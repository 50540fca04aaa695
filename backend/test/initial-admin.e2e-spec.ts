import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase } from './support/test-database';

// Shaped like a real secret: the config refuses one character repeated.
const SECRET = 'Vq8rT2nX5kL9wC3mZ7hB1yF4dJ6gP0sA8uE2tR5i';
const login = (t: TestApp, email: string, password: string) => t.request('POST', '/auth/login', { body: { email, password } });

describe('first start: the initial admin', () => {
  let warn: jest.SpiedFunction<Logger['warn']>;
  let error: jest.SpiedFunction<Logger['error']>;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error');
  });
  afterEach(() => {
    warn.mockRestore();
    error.mockRestore();
  });

  const warnings = () => warn.mock.calls.map((call) => String(call[0]));

  it('creates the ADMIN from ADMIN_EMAIL and ADMIN_PASSWORD when no user exists', async () => {
    const t = await startTestApp({ seed: false, env: { ADMIN_EMAIL: 'Ops@Example.com', ADMIN_PASSWORD: 'configured-secret-1' } });
    try {
      const users = await t.prisma.user.findMany();
      expect(users).toEqual([expect.objectContaining({ email: 'ops@example.com', role: 'ADMIN', active: true })]);
      const res = await login(t, 'ops@example.com', 'configured-secret-1');
      expect(res.status).toBe(200);
      expect((await t.request('GET', '/users', { token: res.body.access_token })).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('creates nothing when users already exist', async () => {
    const database = await createTestDatabase();
    try {
      const first = await startTestApp({
        databaseUrl: database.url,
        seed: false,
        env: { ADMIN_EMAIL: 'first@example.com', ADMIN_PASSWORD: 'first-secret-1', JWT_SECRET: SECRET },
      });
      await first.close();
      const second = await startTestApp({
        databaseUrl: database.url,
        seed: false,
        env: { ADMIN_EMAIL: 'second@example.com', ADMIN_PASSWORD: 'second-secret-1', JWT_SECRET: SECRET },
      });
      try {
        expect((await second.prisma.user.findMany()).map((user) => user.email)).toEqual(['first@example.com']);
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  });

  it('creates exactly one admin when two instances boot at the same moment', async () => {
    const database = await createTestDatabase();
    try {
      const env = { ADMIN_EMAIL: 'race@example.com', ADMIN_PASSWORD: 'race-secret-1', JWT_SECRET: SECRET };
      const instances = await Promise.all([
        startTestApp({ databaseUrl: database.url, seed: false, env }),
        startTestApp({ databaseUrl: database.url, seed: false, env }),
      ]);
      try {
        expect(await instances[0].prisma.user.count()).toBe(1);
        // The loser's unique-email conflict is expected, not an error.
        expect(error).not.toHaveBeenCalled();
        for (const instance of instances) expect((await login(instance, 'race@example.com', 'race-secret-1')).status).toBe(200);
      } finally {
        await Promise.all(instances.map((instance) => instance.close()));
      }
    } finally {
      await database.drop();
    }
  });

  it('in development without ADMIN_*, creates admin@localhost and prints its random password once, in a box', async () => {
    const database = await createTestDatabase();
    try {
      const env = { NODE_ENV: 'development', LOG_LEVEL: 'warn', JWT_SECRET: SECRET };
      const first = await startTestApp({ databaseUrl: database.url, seed: false, env });
      let password: string;
      try {
        const banners = warnings().filter((message) => message.includes('admin@localhost'));
        expect(banners).toHaveLength(1);
        expect(banners[0]).toMatch(/^\s*\+-+\+$/m);
        password = /password: (\S+)/.exec(banners[0]!)![1]!;
        expect(password.length).toBeGreaterThanOrEqual(20);
        const res = await login(first, 'admin@localhost', password);
        expect(res.status).toBe(200);
        expect((await first.request('GET', '/auth/me', { token: res.body.access_token })).body.role).toBe('ADMIN');
      } finally {
        await first.close();
      }
      warn.mockClear();
      const restarted = await startTestApp({ databaseUrl: database.url, seed: false, env });
      try {
        expect(warnings().filter((message) => message.includes('password'))).toEqual([]);
        expect(await restarted.prisma.user.count()).toBe(1);
        expect((await login(restarted, 'admin@localhost', password)).status).toBe(200);
      } finally {
        await restarted.close();
      }
    } finally {
      await database.drop();
    }
  });

  it('in production without ADMIN_*, creates nobody and warns that nobody can sign in', async () => {
    const t = await startTestApp({ seed: false, env: { NODE_ENV: 'production', JWT_SECRET: SECRET } });
    try {
      expect(await t.prisma.user.count()).toBe(0);
      expect(warnings()).toEqual(
        expect.arrayContaining([expect.stringMatching(/No user exists and ADMIN_EMAIL\/ADMIN_PASSWORD are not set/)]),
      );
    } finally {
      await t.close();
    }
  });
});
