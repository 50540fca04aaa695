import 'reflect-metadata';
import 'dotenv/config';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig, resolveConfig } from './config/config.schema';
import { loadOrCreateDevEncryptionKey, loadOrCreateDevJwtSecret } from './config/dev-jwt-secret';
import { prepareDatabase } from './database/prepare-database';
import { createAppLogger, NestLoggerBridge } from './logging';

const SHUTDOWN_DEADLINE_MS = 10_000;

async function bootstrap(): Promise<void> {
  const raw = loadConfig(process.env);
  // From here on every line, the embedded database's start-up included, is the app's JSON (pino).
  const pinoLogger = createAppLogger(raw);
  Logger.overrideLogger(new NestLoggerBridge(pinoLogger));
  const logger = new Logger('Bootstrap');
  const jwtSecret = raw.auth.jwtSecret ?? (await loadOrCreateDevJwtSecret(raw.database.dataDir));
  const encryptionKey = raw.encryption.key ?? (await loadOrCreateDevEncryptionKey(raw.database.dataDir));
  const database = await prepareDatabase(raw);
  const config = resolveConfig(raw, { databaseUrl: database.url, jwtSecret, encryptionKey });

  let app;
  try {
    app = await createApp(config, { logger: pinoLogger });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.stop();
    throw error;
  }
  logger.log(`Listening on http://localhost:${config.port} (API docs at /api)`);

  // Stop accepting, let in-flight requests and queued log writes finish, then stop the
  // embedded database last. A second signal or the deadline forces the exit.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.log(`${signal} received: shutting down`);
    setTimeout(() => {
      logger.error('Shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    void (async () => {
      await app.close();
      await database.stop();
      process.exit(0);
    })().catch((error: unknown) => {
      logger.error(`Shutdown failed: ${String(error)}`);
      process.exit(1);
    });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

bootstrap().catch((error: unknown) => {
  // A bad setting is the user's to fix: say which, without a stack trace.
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(message);
  process.exit(1);
});
