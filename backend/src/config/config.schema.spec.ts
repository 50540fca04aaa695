import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.schema';

// A secret shaped like a real one (openssl rand -base64 33).
const SECRET = 'q3L9vX2mR7tK1pW8zN5cH4jF6bY0sD2gA9eU';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.nodeEnv).toBe('development');
    expect(config.ingest.maxLogsPerRequest).toBe(1000);
    expect(config.retention.logRetentionDays).toBe(30);
    expect(config.notifications.historyRetentionDays).toBe(7);
    expect(config.auth.jwtExpiresIn.seconds).toBe(3600);
    expect(config.trustProxy).toBe(false);
    // Half the cores, at least 1 and at most 2: 1 on the 2-core reference machine.
    expect(config.auth.passwordHashConcurrency).toBe(Math.max(1, Math.min(2, Math.floor(availableParallelism() / 2))));
  });

  it('names the variable when a value is invalid', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be between/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ALLOW_PRIVATE_WEBHOOKS: 'maybe' })).toThrow(/ALLOW_PRIVATE_WEBHOOKS/);
    expect(() => loadConfig({ JWT_EXPIRES_IN: 'forever' })).toThrow(/JWT_EXPIRES_IN/);
    expect(() => loadConfig({ PORT: 'x' })).toThrow(ConfigError);
  });

  it('refuses to run in production without JWT_SECRET and DATABASE_URL', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET })).toThrow(/DATABASE_URL is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://h/db' })).toThrow(/JWT_SECRET is required/);
    expect(
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://h/db', JWT_SECRET: SECRET, ENCRYPTION_KEY: 'k'.repeat(32) }).nodeEnv,
    ).toBe('production');
  });

  it('requires ENCRYPTION_KEY in production, of 32 characters or more, and a previous key only next to a different new one', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://h/db', JWT_SECRET: SECRET };
    expect(() => loadConfig(production)).toThrow(/ENCRYPTION_KEY is required when NODE_ENV=production/);
    expect(() => loadConfig({ ENCRYPTION_KEY: 'short' })).toThrow(/ENCRYPTION_KEY must be at least 32/);
    expect(() => loadConfig({ ENCRYPTION_KEY_PREVIOUS: 'p'.repeat(32) })).toThrow(/ENCRYPTION_KEY_PREVIOUS is only read together/);
    expect(() => loadConfig({ ENCRYPTION_KEY: 'k'.repeat(32), ENCRYPTION_KEY_PREVIOUS: 'k'.repeat(32) })).toThrow(/must differ/);
    expect(loadConfig({ ENCRYPTION_KEY: 'k'.repeat(32), ENCRYPTION_KEY_PREVIOUS: 'p'.repeat(32) }).encryption).toEqual({
      key: 'k'.repeat(32),
      previousKey: 'p'.repeat(32),
    });
  });

  it('refuses a short JWT secret and a lone ADMIN_ variable', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.c' })).toThrow(/ADMIN_PASSWORD/);
  });

  it('leaves the embedded PostgreSQL port to be chosen unless EMBEDDED_PG_PORT is set', () => {
    expect(loadConfig({}).database.embeddedPort).toBeUndefined();
    expect(loadConfig({ EMBEDDED_PG_PORT: '' }).database.embeddedPort).toBeUndefined();
    expect(loadConfig({ EMBEDDED_PG_PORT: '6543' }).database.embeddedPort).toBe(6543);
    expect(() => loadConfig({ EMBEDDED_PG_PORT: '0' })).toThrow(/EMBEDDED_PG_PORT must be between 1 and 65535/);
  });

  it('bounds what one HTTP client can hold by default, and keeps the limits consistent', () => {
    expect(loadConfig({}).http).toEqual({
      maxBodyBytes: 102_400,
      maxJsonDepth: 64,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 65_000,
      socketIdleTimeoutMs: 120_000,
      maxConnectionsPerAddress: 256,
      maxConnections: 0,
    });
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '40000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS/,
    );
    // OTLP/JSON needs 4 JSON levels per metadata level and 6 more: 20 levels of metadata need 86.
    expect(() => loadConfig({ INGEST_MAX_METADATA_DEPTH: '20' })).toThrow(/HTTP_MAX_JSON_DEPTH must be at least 86/);
    expect(loadConfig({ INGEST_MAX_METADATA_DEPTH: '20', HTTP_MAX_JSON_DEPTH: '86' }).http.maxJsonDepth).toBe(86);
    expect(loadConfig({ INGEST_MAX_METADATA_DEPTH: '14' }).http.maxJsonDepth).toBe(64);
    expect(() => loadConfig({ LLM_TIMEOUT_MS: '200000' })).toThrow(/HTTP_SOCKET_IDLE_TIMEOUT_MS must be longer than LLM_TIMEOUT_MS/);
  });

  it('refuses a JWT secret of one character repeated, or of a few', () => {
    expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(40) })).toThrow(/JWT_SECRET must not be/);
    expect(() => loadConfig({ JWT_SECRET: 'ab'.repeat(20) })).toThrow(/JWT_SECRET must not be/);
    expect(loadConfig({ JWT_SECRET: SECRET }).auth.jwtSecret).toBe(SECRET);
  });

  it('holds ADMIN_PASSWORD to the password policy', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: '12345678' })).toThrow(/ADMIN_PASSWORD must be at least 12/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: 'Password1234' })).toThrow(/ADMIN_PASSWORD is too common/);
    expect(loadConfig({ ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: 'configured-secret-1' }).auth.adminPassword).toBe('configured-secret-1');
  });

  it('trusts no proxy unless TRUST_PROXY names their addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1 ,fd00::/8,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      'fd00::/8',
      'loopback',
    ]);
    // `true` or a hop count would take X-Forwarded-For from anyone: every client could choose its address.
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '1' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY.*10\.0\.0\.0\/33/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.internal' })).toThrow(/TRUST_PROXY/);
  });

  it('checks the metrics access settings', () => {
    expect(loadConfig({}).metrics).toEqual({ enabled: true, token: undefined, allow: [] });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 32 characters/);
    expect(() => loadConfig({ METRICS_TOKEN: 'ab'.repeat(20) })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ METRICS_ALLOW: '10.0.0.0/8, prometheus.internal' })).toThrow(/METRICS_ALLOW .*prometheus\.internal/);
    expect(loadConfig({ METRICS_ALLOW: '10.0.0.0/8, ::1', METRICS_TOKEN: SECRET }).metrics).toEqual({
      enabled: true,
      token: SECRET,
      allow: ['10.0.0.0/8', '::1'],
    });
  });

  it('documents every variable it reads in .env.example', () => {
    const source = readFileSync(join(process.cwd(), 'src/config/config.schema.ts'), 'utf8');
    const read = new Set([...source.matchAll(/\(env, '([A-Z_]+)'/g)].map((m) => m[1]));
    const example = readFileSync(join(process.cwd(), '../.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z_]+)=/gm)].map((m) => m[1]));
    expect([...read].filter((name) => !documented.has(name))).toEqual([]);
  });
});
