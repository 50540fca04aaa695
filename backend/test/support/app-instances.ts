import passport from 'passport';
import { JwtStrategy } from '../../src/auth/jwt.strategy';
import { startTestApp, type TestApp } from './test-app';

/**
 * Another app instance on the same database as `main`, as a second server process would be.
 * Instances share the JWT secret, as they do in production.
 */
export function startInstance(main: TestApp, env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp({ databaseUrl: main.databaseUrl, seed: false, env: { JWT_SECRET: main.config.auth.jwtSecret, ...env } });
}

/**
 * Closes an extra instance. Passport keeps ONE 'jwt' strategy per process, the one built
 * last: after the extra instance is gone, `main`'s strategy is put back (otherwise `main`
 * would authenticate through the closed instance's database pool and answer 401).
 */
export async function closeInstance(main: TestApp, instance: TestApp): Promise<void> {
  await instance.close();
  passport.use('jwt', main.app.get(JwtStrategy));
}
