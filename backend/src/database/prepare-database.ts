import { Logger } from '@nestjs/common';
import type { RawConfig } from '../config/config.schema';
import { applyMigrationsInChildProcess } from './migrations/migrate-in-child-process';

export const EMBEDDED_DATABASE_NAME = 'incidents';

export interface PreparedDatabase {
  url: string;
  /** Stops the embedded PostgreSQL, if this process started one. */
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set, and nothing is started. Unset: the embedded PostgreSQL under
 * DATA_DIR, started (or adopted). It is development tooling (src/dev-database, a development
 * dependency), so it is loaded here on demand only: a production start sets DATABASE_URL and
 * runs without the development dependencies installed.
 */
export async function locateDatabase(config: RawConfig, log: (message: string) => void = () => undefined): Promise<PreparedDatabase> {
  if (config.database.url) return { url: config.database.url, stop: async () => undefined };
  const { startEmbeddedPostgres } = await import('../dev-database/embedded-postgres.js');
  const embedded = await startEmbeddedPostgres({
    dataDir: config.database.dataDir,
    port: config.database.embeddedPort,
    database: EMBEDDED_DATABASE_NAME,
    log,
  });
  return { url: embedded.url, stop: embedded.stop };
}

/** The database the app will use (see locateDatabase), with pending migrations applied before it serves anything. */
export async function prepareDatabase(config: RawConfig): Promise<PreparedDatabase> {
  const logger = new Logger('Database');
  const database = await locateDatabase(config, (message) => logger.log(message));
  try {
    await applyMigrationsInChildProcess(database.url, (message) => logger.log(message));
  } catch (error) {
    await database.stop();
    throw error;
  }
  return database;
}
