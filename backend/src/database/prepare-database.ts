import { Logger } from '@nestjs/common';
import type { RawConfig } from '../config/config.schema';
import { startEmbeddedPostgres } from './embedded-postgres';
import { applyMigrationsInChildProcess } from './migrations/migrate-in-child-process';

export const EMBEDDED_DATABASE_NAME = 'incidents';

export interface PreparedDatabase {
  url: string;
  /** Stops the embedded PostgreSQL, if this process started one. */
  stop(): Promise<void>;
}

/**
 * DATABASE_URL set: use it, start nothing. Unset: start (or adopt) the embedded PostgreSQL
 * under DATA_DIR. Either way, apply pending migrations before the app serves anything.
 */
export async function prepareDatabase(config: RawConfig): Promise<PreparedDatabase> {
  const logger = new Logger('Database');
  let url = config.database.url;
  let stop: () => Promise<void> = async () => undefined;
  if (!url) {
    const embedded = await startEmbeddedPostgres({
      dataDir: config.database.dataDir,
      port: config.database.embeddedPort,
      database: EMBEDDED_DATABASE_NAME,
      log: (message) => logger.log(message),
    });
    url = embedded.url;
    stop = embedded.stop;
  }
  try {
    await applyMigrationsInChildProcess(url, (message) => logger.log(message));
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
