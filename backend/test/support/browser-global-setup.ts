import globalSetup from './global-setup';
import { buildConsole } from './build-console';

/**
 * The browser project: the same PostgreSQL as the e2e project (the shared setup runs once
 * per jest run), plus a fresh build of the console, which the test apps serve through CONSOLE_DIR.
 */
export default async function browserGlobalSetup(): Promise<void> {
  await globalSetup();
  process.env.TEST_CONSOLE_DIR = await buildConsole();
}
