// Every setting the service reads, in one place: name, default, parser. `.env.example`
// lists the same variables; a unit test keeps the two in step.
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { passwordProblem } from '../common/password-policy';

export type NodeEnv = 'development' | 'production' | 'test';

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function fail(name: string, why: string): never {
  throw new ConfigError(`Invalid configuration: ${name} ${why}`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) fail(name, `must be a whole number (got "${raw}")`);
  const value = Number(raw);
  if (value < min || value > max) fail(name, `must be between ${min} and ${max} (got ${value})`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  return fail(name, `must be true or false (got "${env[name]}")`);
}

function text(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) fail(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return fail(name, 'must be a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) fail(name, `must start with ${protocols.join(' or ')}`);
  return raw;
}

/** The syslog listener: off unless SYSLOG_PORT is set. */
function syslogListener(env: Env) {
  const port = text(env, 'SYSLOG_PORT') === undefined ? undefined : integer(env, 'SYSLOG_PORT', 0, 0, 65535);
  const allowedSources = (text(env, 'SYSLOG_ALLOWED_SOURCES') ?? '')
    .split(',')
    .map((source) => source.trim())
    .filter(Boolean);
  for (const source of allowedSources) {
    const [address, prefix, extra] = source.split('/');
    const family = isIP(address ?? '');
    const maxPrefix = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix)))
      fail('SYSLOG_ALLOWED_SOURCES', `must be IP addresses or CIDR ranges separated by commas (got "${source}")`);
  }
  const apiKey = text(env, 'SYSLOG_API_KEY');
  if (allowedSources.length > 0 && apiKey === undefined)
    fail('SYSLOG_API_KEY', 'is required with SYSLOG_ALLOWED_SOURCES: logs from those addresses are stored as that key');
  return {
    port,
    host: text(env, 'SYSLOG_HOST') ?? '0.0.0.0',
    allowedSources,
    apiKey,
    maxConnections: integer(env, 'SYSLOG_MAX_CONNECTIONS', 256, 1, 100_000),
    maxMessageBytes: integer(env, 'SYSLOG_MAX_MESSAGE_BYTES', 8192, 480, 1024 * 1024),
  };
}

/** A comma-separated list of Loki/Prometheus label names, in order of preference. */
function labelNames(env: Env, name: string, fallback: string[]): string[] {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const names = raw.split(',').map((label) => label.trim());
  const bad = names.find((label) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(label));
  if (bad !== undefined) fail(name, `must be label names separated by commas (got "${bad}")`);
  return names;
}

/** `1h`, `15m`, `3600` (seconds), `7d`: the forms @nestjs/jwt accepts, checked here. */
function duration(env: Env, name: string, fallback: string): { text: string; seconds: number } {
  const raw = text(env, name) ?? fallback;
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(raw);
  if (!match) fail(name, `must be a duration such as 3600, 15m, 1h or 7d (got "${raw}")`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[match[2] ?? 's'] ?? 1;
  const seconds = Number(match[1]) * unit;
  if (seconds < 60 || seconds > 30 * 86400) fail(name, 'must be between 1 minute and 30 days');
  return { text: raw, seconds };
}

/** ENCRYPTION_KEY (required in production) and, while rotating, ENCRYPTION_KEY_PREVIOUS. */
function encryptionKeys(env: Env, nodeEnv: NodeEnv): { key?: string; previousKey?: string } {
  const key = text(env, 'ENCRYPTION_KEY');
  const previousKey = text(env, 'ENCRYPTION_KEY_PREVIOUS');
  if (nodeEnv === 'production' && !key) fail('ENCRYPTION_KEY', 'is required when NODE_ENV=production');
  if (key !== undefined && key.length < 32) fail('ENCRYPTION_KEY', 'must be at least 32 characters');
  if (previousKey !== undefined) {
    if (key === undefined) fail('ENCRYPTION_KEY_PREVIOUS', 'is only read together with ENCRYPTION_KEY (the new key)');
    if (previousKey === key) fail('ENCRYPTION_KEY_PREVIOUS', 'must differ from ENCRYPTION_KEY');
  }
  return { key, previousKey };
}

/**
 * The SMTP server EMAIL channels and email contact methods send through. Operator-trusted:
 * not SSRF-guarded. Unset SMTP_HOST: email is off (EMAIL channels are refused).
 */
function smtpSettings(env: Env) {
  const host = text(env, 'SMTP_HOST');
  const tls = oneOf(env, 'SMTP_TLS', ['none', 'starttls', 'tls'] as const, 'starttls');
  const user = text(env, 'SMTP_USER');
  const password = text(env, 'SMTP_PASSWORD');
  const from = text(env, 'SMTP_FROM');
  if ((user === undefined) !== (password === undefined)) {
    fail(user === undefined ? 'SMTP_USER' : 'SMTP_PASSWORD', 'must be set together with the other (SMTP authentication)');
  }
  if (host !== undefined && from === undefined) fail('SMTP_FROM', 'is required when SMTP_HOST is set (the sender address)');
  if (from !== undefined && !/^[^\s@<>]+@[^\s@<>]+$/.test(from.replace(/^.*<(.*)>$/, '$1'))) {
    fail('SMTP_FROM', `must be an address such as alerts@example.com or "On-call <alerts@example.com>" (got "${from}")`);
  }
  return {
    host,
    port: integer(env, 'SMTP_PORT', tls === 'tls' ? 465 : 587, 1, 65535),
    tls,
    user,
    password,
    from,
  };
}

/** How the HTTP server guards itself: body size and depth outside ingest, timeouts, connection caps. */
function httpLimits(env: Env) {
  const limits = {
    maxBodyBytes: integer(env, 'HTTP_MAX_BODY_BYTES', 100 * 1024, 1024, 64 * 1024 * 1024),
    maxJsonDepth: integer(env, 'HTTP_MAX_JSON_DEPTH', 64, 8, 1000),
    headersTimeoutMs: integer(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 300_000),
    requestTimeoutMs: integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
    keepAliveTimeoutMs: integer(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 65_000, 100, 600_000),
    socketIdleTimeoutMs: integer(env, 'HTTP_SOCKET_IDLE_TIMEOUT_MS', 120_000, 1000, 3_600_000),
    maxConnectionsPerAddress: integer(env, 'HTTP_MAX_CONNECTIONS_PER_ADDRESS', 256, 1, 1_000_000),
    /** 0: derived from the process's open-file limit at start. */
    maxConnections: integer(env, 'HTTP_MAX_CONNECTIONS', 0, 0, 10_000_000),
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    fail('HTTP_HEADERS_TIMEOUT_MS', `must not exceed HTTP_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs}), which includes the headers`);
  }
  return limits;
}

// proxy-addr's names for whole ranges (127.0.0.0/8 and ::1; 169.254.0.0/16 and fe80::/10;
// 10/8, 172.16/12, 192.168/16 and fc00::/7).
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * Who may set X-Forwarded-For: nobody (the TCP peer is the client), or the proxies named by
 * address or CIDR. Never `true` nor a hop count: the header would then be taken from any
 * peer, so every client could pick the address the login limits count it under.
 */
function trustProxy(env: Env, name: string): false | string[] {
  const raw = text(env, name);
  if (raw === undefined || ['false', 'no', '0'].includes(raw.toLowerCase())) return false;
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!PROXY_RANGE_NAMES.includes(entry) && (family === 0 || !prefixOk || extra !== undefined)) {
      fail(name, `must be false or a comma-separated list of proxy addresses or CIDRs (got "${entry}")`);
    }
  }
  return entries;
}

/**
 * bcrypt keeps a core busy for ~0.3 s per hash on libuv's thread pool (4 threads unless
 * UV_THREADPOOL_SIZE says otherwise): at most half the cores, so the event loop and a local
 * PostgreSQL keep CPU, and at most 2 threads, so gzip ingest and file I/O keep theirs.
 */
const defaultHashConcurrency = () => Math.max(1, Math.min(2, Math.floor(availableParallelism() / 2)));

// Fewer distinct characters than this and the secret is a pattern, not a key: `xxxx...`,
// `abab...`. 32 random base64 or hex characters have 8 or more distinct ones except with
// negligible probability.
const JWT_SECRET_MIN_DISTINCT = 8;

const ROLES = ['VIEWER', 'RESPONDER', 'ADMIN'] as const;

/**
 * OpenID Connect sign-in, or null when OIDC_ISSUER is unset. The callback URL is derived from
 * PUBLIC_URL (never from the request's Host header). A plain-http issuer is accepted only on a
 * loopback address (a provider run for development or tests): elsewhere the ID token would
 * travel in clear.
 */
function ssoSettings(env: Env, publicUrl: string | undefined) {
  const issuer = url(env, 'OIDC_ISSUER', ['http:', 'https:']);
  if (issuer === undefined) return null;
  const host = new URL(issuer).hostname;
  if (issuer.startsWith('http:') && !['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    fail('OIDC_ISSUER', 'must be https:// (plain http only for a provider on this machine)');
  }
  const clientId = text(env, 'OIDC_CLIENT_ID') ?? fail('OIDC_CLIENT_ID', 'is required with OIDC_ISSUER');
  const clientSecret = text(env, 'OIDC_CLIENT_SECRET') ?? fail('OIDC_CLIENT_SECRET', 'is required with OIDC_ISSUER');
  if (publicUrl === undefined) fail('PUBLIC_URL', 'is required with OIDC_ISSUER (the sign-in callback is PUBLIC_URL/auth/oidc/callback)');
  const roleMap: { value: string; role: (typeof ROLES)[number] }[] = [];
  for (const pair of (text(env, 'OIDC_ROLE_MAP') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const at = pair.lastIndexOf('=');
    const role = pair
      .slice(at + 1)
      .trim()
      .toUpperCase();
    if (at <= 0 || !(ROLES as readonly string[]).includes(role)) {
      fail('OIDC_ROLE_MAP', `must be claim-value=ROLE pairs separated by commas, ROLE one of ${ROLES.join(', ')} (got "${pair}")`);
    }
    roleMap.push({ value: pair.slice(0, at).trim(), role: role as (typeof ROLES)[number] });
  }
  return {
    issuer,
    clientId,
    clientSecret,
    redirectUrl: new URL('/auth/oidc/callback', publicUrl).toString(),
    scopes: text(env, 'OIDC_SCOPES') ?? 'openid email profile',
    roleClaim: text(env, 'OIDC_ROLE_CLAIM') ?? 'groups',
    roleMap,
    defaultRole: oneOf(env, 'OIDC_DEFAULT_ROLE', ROLES, 'VIEWER'),
    displayName: text(env, 'OIDC_DISPLAY_NAME') ?? 'SSO',
  };
}

function checkJwtSecret(secret: string): void {
  if (secret.length < 32) fail('JWT_SECRET', 'must be at least 32 characters');
  const distinct = new Set(secret).size;
  if (distinct < JWT_SECRET_MIN_DISTINCT) {
    fail(
      'JWT_SECRET',
      `must not be one character, or a few, repeated (it has ${distinct} different); use e.g. \`openssl rand -base64 48\``,
    );
  }
}

/**
 * Who may read GET /metrics: a bearer token (METRICS_TOKEN) and/or client addresses
 * (METRICS_ALLOW, CIDRs); with both set, a scrape needs both. With neither, only loopback
 * peers in development and test, and nobody in production (see src/metrics/metrics-access.ts).
 */
function metricsAccess(env: Env) {
  const token = text(env, 'METRICS_TOKEN');
  if (token !== undefined && (token.length < 32 || new Set(token).size < JWT_SECRET_MIN_DISTINCT)) {
    fail('METRICS_TOKEN', 'must be at least 32 characters and not a pattern, e.g. `openssl rand -base64 33`');
  }
  const allow = (text(env, 'METRICS_ALLOW') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of allow) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (family === 0 || !prefixOk || extra !== undefined)
      fail('METRICS_ALLOW', `must be a comma-separated list of addresses or CIDRs (got "${entry}")`);
  }
  return { enabled: boolean(env, 'METRICS_ENABLED', true), token, allow };
}

export function loadConfig(env: Env) {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const jwtSecret = text(env, 'JWT_SECRET');
  if (nodeEnv === 'production') {
    if (!databaseUrl) fail('DATABASE_URL', 'is required when NODE_ENV=production');
    if (!jwtSecret) fail('JWT_SECRET', 'is required when NODE_ENV=production');
  }
  if (jwtSecret !== undefined) checkJwtSecret(jwtSecret);
  const adminEmail = text(env, 'ADMIN_EMAIL');
  const adminPassword = text(env, 'ADMIN_PASSWORD');
  const adminPasswordProblem = adminPassword === undefined ? undefined : passwordProblem(adminPassword);
  if (adminPasswordProblem) fail('ADMIN_PASSWORD', adminPasswordProblem);
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    fail(adminEmail === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD', 'must be set together with the other ADMIN_ variable');
  }
  const llmApiUrl = url(env, 'LLM_API_URL', ['http:', 'https:']);
  const encryption = encryptionKeys(env, nodeEnv);
  const http = httpLimits(env);
  const maxMetadataDepth = integer(env, 'INGEST_MAX_METADATA_DEPTH', 10, 1, 100);
  // OTLP/JSON spends 4 JSON levels per metadata level (value, kvlistValue, values, pair) under 6
  // levels of envelope (46 for the default 10): the deepest metadata allowed must fit the JSON limit.
  const otlpJsonDepth = 4 * maxMetadataDepth + 6;
  if (http.maxJsonDepth < otlpJsonDepth) {
    fail(
      'HTTP_MAX_JSON_DEPTH',
      `must be at least ${otlpJsonDepth} for INGEST_MAX_METADATA_DEPTH=${maxMetadataDepth} (got ${http.maxJsonDepth})`,
    );
  }
  const llmTimeoutMs = integer(env, 'LLM_TIMEOUT_MS', 15_000, 100, 300_000);
  if (http.socketIdleTimeoutMs <= llmTimeoutMs) {
    fail(
      'HTTP_SOCKET_IDLE_TIMEOUT_MS',
      `must be longer than LLM_TIMEOUT_MS (${llmTimeoutMs}): a summary request is silent while the model answers`,
    );
  }

  return {
    nodeEnv,
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: text(env, 'HOST') ?? '0.0.0.0',
    publicUrl: url(env, 'PUBLIC_URL', ['http:', 'https:']),
    // The built web console, served at /console/ (relative paths: from the working directory).
    consoleDir: text(env, 'CONSOLE_DIR') ?? 'dist/console',
    logLevel: oneOf(env, 'LOG_LEVEL', ['silent', 'error', 'warn', 'log', 'debug', 'verbose'] as const, 'log'),
    corsOrigins: (text(env, 'CORS_ORIGINS') ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    http,
    trustProxy: trustProxy(env, 'TRUST_PROXY'),
    sso: ssoSettings(env, url(env, 'PUBLIC_URL', ['http:', 'https:'])),
    database: {
      url: databaseUrl,
      poolSize: integer(env, 'DB_POOL_SIZE', 12, 2, 200),
      dataDir: text(env, 'DATA_DIR') ?? '.data',
      // Unset: the embedded server picks a free port and keeps it (src/dev-database/embedded-port.ts).
      embeddedPort: text(env, 'EMBEDDED_PG_PORT') === undefined ? undefined : integer(env, 'EMBEDDED_PG_PORT', 0, 1, 65535),
    },
    auth: {
      jwtSecret,
      jwtExpiresIn: duration(env, 'JWT_EXPIRES_IN', '1h'),
      adminEmail: adminEmail?.toLowerCase(),
      adminPassword,
      loginMaxAttempts: integer(env, 'LOGIN_MAX_ATTEMPTS', 5, 1, 1000),
      loginWindowMinutes: integer(env, 'LOGIN_WINDOW_MINUTES', 15, 1, 1440),
      // auto: Secure when PUBLIC_URL is https or the sign-in request arrived over TLS.
      sessionCookieSecure: oneOf(env, 'SESSION_COOKIE_SECURE', ['auto', 'true', 'false'] as const, 'auto'),
      loginAccountMaxAttempts: integer(env, 'LOGIN_ACCOUNT_MAX_ATTEMPTS', 10, 1, 10_000),
      loginAddressMaxPerMinute: integer(env, 'LOGIN_ADDRESS_MAX_PER_MINUTE', 20, 1, 100_000),
      passwordHashConcurrency: integer(env, 'PASSWORD_HASH_CONCURRENCY', defaultHashConcurrency(), 1, 64),
    },
    ingest: {
      maxLogsPerRequest: integer(env, 'INGEST_MAX_LOGS', 1000, 1, 100_000),
      maxBodyBytes: integer(env, 'INGEST_MAX_BODY_BYTES', 5 * 1024 * 1024, 1024, 512 * 1024 * 1024),
      maxMessageBytes: integer(env, 'INGEST_MAX_MESSAGE_BYTES', 32 * 1024, 16, 1024 * 1024),
      maxMetadataBytes: integer(env, 'INGEST_MAX_METADATA_BYTES', 16 * 1024, 16, 1024 * 1024),
      maxMetadataDepth,
      queueMaxLogs: integer(env, 'INGEST_QUEUE_MAX_LOGS', 50_000, 100, 10_000_000),
      batchMaxRows: integer(env, 'INGEST_BATCH_MAX_ROWS', 2000, 1, 50_000),
      writers: integer(env, 'INGEST_WRITERS', 4, 1, 64),
      writeTimeoutMs: integer(env, 'INGEST_WRITE_TIMEOUT_MS', 5000, 100, 120_000),
      newServicesPerKeyPerHour: integer(env, 'INGEST_NEW_SERVICES_PER_KEY_PER_HOUR', 100, 1, 1_000_000),
      lokiServiceLabels: labelNames(env, 'INGEST_LOKI_SERVICE_LABELS', ['service_name', 'job', 'app']),
    },
    syslog: syslogListener(env),
    live: {
      maxStreamsPerUser: integer(env, 'LIVE_STREAMS_PER_USER', 10, 1, 10_000),
      maxStreams: integer(env, 'LIVE_STREAMS_MAX', 1000, 1, 1_000_000),
    },
    logTail: {
      lines: integer(env, 'LOG_TAIL_BUFFER_LINES', 1000, 1, 100_000),
      bytes: integer(env, 'LOG_TAIL_BUFFER_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
    },
    retention: {
      logRetentionDays: integer(env, 'LOG_RETENTION_DAYS', 30, 1, 3650),
    },
    audit: {
      // The database refuses to delete entries younger than 30 days whatever this says.
      retentionDays: integer(env, 'AUDIT_RETENTION_DAYS', 365, 30, 3650),
    },
    detection: {
      intervalMs: integer(env, 'DETECTION_INTERVAL_MS', 1000, 100, 3_600_000),
      threshold: integer(env, 'DETECTION_THRESHOLD', 5, 0, 1_000_000),
      windowSeconds: integer(env, 'DETECTION_WINDOW_SECONDS', 60, 1, 86_400),
      maxIncidentsPerRulePerMinute: integer(env, 'DETECTION_MAX_INCIDENTS_PER_RULE_PER_MINUTE', 10, 1, 100_000),
      maxGroupsPerRule: integer(env, 'DETECTION_MAX_GROUPS_PER_RULE', 50, 1, 10_000),
      maxKnownTemplatesPerService: integer(env, 'DETECTION_MAX_KNOWN_TEMPLATES_PER_SERVICE', 10_000, 1, 1_000_000),
    },
    notifications: {
      allowPrivateWebhooks: boolean(env, 'ALLOW_PRIVATE_WEBHOOKS', false),
      deliveryTimeoutMs: integer(env, 'NOTIFY_TIMEOUT_MS', 5000, 100, 60_000),
      maxAttempts: integer(env, 'NOTIFY_MAX_ATTEMPTS', 10, 1, 100),
      retryBaseMs: integer(env, 'NOTIFY_RETRY_BASE_MS', 8000, 10, 3_600_000),
      historyRetentionDays: integer(env, 'NOTIFY_HISTORY_RETENTION_DAYS', 7, 1, 3650),
      channelConcurrency: integer(env, 'NOTIFY_CHANNEL_CONCURRENCY', 16, 1, 100),
      maxInFlight: integer(env, 'NOTIFY_MAX_IN_FLIGHT', 64, 1, 1000),
      // PagerDuty's Events API v2; overridable so tests can point it at a loopback receiver.
      pagerDutyEventsUrl: url(env, 'PAGERDUTY_EVENTS_URL', ['https:', 'http:']) ?? 'https://events.pagerduty.com/v2/enqueue',
      smtp: smtpSettings(env),
    },
    encryption,
    silences: {
      maxDays: integer(env, 'SILENCE_MAX_DAYS', 366, 1, 3660),
      releaseIntervalMs: integer(env, 'SILENCE_RELEASE_INTERVAL_MS', 1000, 100, 60_000),
    },
    escalation: {
      tickMs: integer(env, 'ESCALATION_TICK_MS', 200, 20, 60_000),
      batchSize: integer(env, 'ESCALATION_BATCH', 100, 1, 10_000),
    },
    analysis: {
      maxLogs: integer(env, 'ANALYSIS_MAX_LOGS', 100_000, 10, 10_000_000),
      patternsTimeBudgetMs: integer(env, 'ANALYSIS_PATTERNS_TIME_BUDGET_MS', 3000, 100, 60_000),
      patternsConcurrency: integer(env, 'ANALYSIS_PATTERNS_CONCURRENCY', 2, 1, 16),
    },
    metrics: metricsAccess(env),
    llm: {
      apiUrl: llmApiUrl,
      apiKey: text(env, 'LLM_API_KEY'),
      model: text(env, 'LLM_MODEL') ?? 'gpt-4o-mini',
      timeoutMs: llmTimeoutMs,
    },
    alerts: {
      maxPerRequest: integer(env, 'ALERTS_MAX_PER_REQUEST', 1000, 1, 10_000),
      serviceLabel: text(env, 'ALERTS_SERVICE_LABEL') ?? 'service',
    },
  };
}

export type RawConfig = ReturnType<typeof loadConfig>;

/**
 * The configuration the app runs with: like RawConfig, but the database URL, the JWT secret
 * and the encryption key are known (the embedded database and the development secrets are
 * resolved at boot).
 */
export type AppConfig = RawConfig & {
  database: RawConfig['database'] & { url: string };
  auth: RawConfig['auth'] & { jwtSecret: string };
  encryption: RawConfig['encryption'] & { key: string };
};

export function resolveConfig(raw: RawConfig, resolved: { databaseUrl: string; jwtSecret: string; encryptionKey: string }): AppConfig {
  return {
    ...raw,
    database: { ...raw.database, url: resolved.databaseUrl },
    auth: { ...raw.auth, jwtSecret: resolved.jwtSecret },
    encryption: { ...raw.encryption, key: resolved.encryptionKey },
  };
}
