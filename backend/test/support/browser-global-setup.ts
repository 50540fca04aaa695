import globalSetup from './global-setup';
import { buildConsole } from './build-console';

/**
 * The browser project: the same PostgreSQL as the e2e project when both run (`npm test`
 * runs the e2e setup first), its own when run alone; plus a fresh build of the console,
 * which the test apps serve through CONSOLE_DIR.
 */
export default async function browserGlobalSetup(): Promise<void> {
  if (!process.env.TEST_ADMIN_DATABASE_URL) await globalSetup();
  process.env.TEST_CONSOLE_DIR = await buildConsole();
}
