import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import bcrypt from 'bcrypt';
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import type { DestinationStream } from 'pino';
import { createApp } from '../../src/app.factory';
import { ApiKeysService } from '../../src/api-keys/api-keys.service';
import { loadConfig, resolveConfig, type AppConfig } from '../../src/config/config.schema';
import { PG_POOL } from '../../src/database/pg-pool';
import { PrismaService } from '../../src/database/prisma.service';
import type { Role } from '../../src/generated/prisma/enums';
import { TcpProxy } from './tcp-proxy';
import { createTestDatabase } from './test-database';

export const TEST_PASSWORD = 'correct-horse-battery';

// Passport keeps strategies in one process-wide registry: with several app instances in one
// test file, the last one started verifies every app's tokens. One secret per test process
// keeps tokens valid across instances (as they are across replicas sharing JWT_SECRET).
const PROCESS_JWT_SECRET = randomBytes(32).toString('hex');
// Likewise one encryption key, so that instances on one database read each other's channels.
const PROCESS_ENCRYPTION_KEY = randomBytes(32).toString('hex');

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
  /** The body as sent (for binary answers such as protobuf). */
  bytes: Uint8Array;
}

export interface RequestOptions {
  token?: string;
  apiKey?: string;
  body?: unknown;
  /** Sent as is (string or bytes), with the content-type given in headers. */
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  baseUrl: string;
  databaseUrl: string;
  /** Present when started with `proxy: true`. */
  proxy?: TcpProxy;
  prisma: PrismaService;
  pool: Pool;
  users: Record<'admin' | 'responder' | 'viewer', { id: string; email: string }>;
  tokens: Record<'admin' | 'responder' | 'viewer', string>;
  /** An API key that may write for any service. */
  apiKey: string;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  signToken(user: { id: string; email: string; role: Role }, options?: { expiresIn?: number }): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Environment variables on top of the test defaults (same names as in .env.example). */
  env?: Record<string, string>;
  /** Reuse an existing database (e.g. a second app instance on the same data). */
  databaseUrl?: string;
  /** Create the three role users, their tokens and an API key (default true). */
  seed?: boolean;
  /** Connect through a TcpProxy, so a test can cut the database off (`t.proxy.cut()`). */
  proxy?: boolean;
  /** Listen on this port (default: any free one), e.g. when PUBLIC_URL must be known before start. */
  port?: number;
  /** Receives the app's JSON log lines instead of stdout. */
  logDestination?: DestinationStream;
}

/**
 * Boots the real app (same factory as main.ts) on its own database, listening on a loopback
 * port, with one user per role and an API key. Tests talk to it over real HTTP.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.databaseUrl ? undefined : await createTestDatabase();
  const directUrl = options.databaseUrl ?? database!.url;
  let proxy: TcpProxy | undefined;
  let databaseUrl = directUrl;
  if (options.proxy) {
    const url = new URL(directUrl);
    proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
    url.hostname = '127.0.0.1';
    url.port = String(await proxy.start());
    databaseUrl = url.toString();
  }
  const raw = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    DATABASE_URL: databaseUrl,
    ENCRYPTION_KEY: PROCESS_ENCRYPTION_KEY,
    ...options.env,
  });
  const config = resolveConfig(raw, {
    databaseUrl,
    jwtSecret: options.env?.JWT_SECRET ?? PROCESS_JWT_SECRET,
    encryptionKey: raw.encryption.key!,
  });
  const app = await createApp(config, { logDestination: options.logDestination });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const prisma = app.get(PrismaService);
  const jwt = app.get(JwtService);

  const signToken: TestApp['signToken'] = (user, signOptions) =>
    jwt.signAsync({ sub: user.id, email: user.email, role: user.role }, signOptions?.expiresIn ? { expiresIn: signOptions.expiresIn } : {});

  const users = {} as TestApp['users'];
  const tokens = {} as TestApp['tokens'];
  let apiKey = '';
  if (options.seed !== false) {
    const passwordHash = await bcrypt.hash(TEST_PASSWORD, 10);
    for (const [name, role] of [
      ['admin', 'ADMIN'],
      ['responder', 'RESPONDER'],
      ['viewer', 'VIEWER'],
    ] as const) {
      const email = `${name}-${randomBytes(3).toString('hex')}@example.test`;
      const user = await prisma.user.create({ data: { email, passwordHash, role } });
      users[name] = { id: user.id, email };
      tokens[name] = await signToken({ id: user.id, email, role });
    }
    apiKey = (await app.get(ApiKeysService).create({ name: 'test key' })).key;
  }

  const request: TestApp['request'] = async (method, path, requestOptions = {}) => {
    const headers: Record<string, string> = { ...requestOptions.headers };
    if (requestOptions.token) headers.authorization = `Bearer ${requestOptions.token}`;
    if (requestOptions.apiKey) headers['x-api-key'] = requestOptions.apiKey;
    let body: string | Uint8Array | undefined = requestOptions.rawBody;
    if (requestOptions.body !== undefined) {
      body = JSON.stringify(requestOptions.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(baseUrl + path, { method, headers, body });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as any, text, bytes };
  };

  return {
    app,
    config,
    baseUrl,
    databaseUrl: directUrl,
    proxy,
    prisma,
    pool: app.get<Pool>(PG_POOL),
    users,
    tokens,
    apiKey,
    request,
    signToken,
    async close() {
      await proxy?.restore().catch(() => undefined);
      await app.close();
      await proxy?.close();
      await database?.drop();
    },
  };
}
