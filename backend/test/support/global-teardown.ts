import { rm } from 'node:fs/promises';

/** Shared by the e2e and browser projects: whichever runs last finds nothing left to stop. */
export default async function globalTeardown(): Promise<void> {
  const state = globalThis as { __EMBEDDED_PG_STOP__?: () => Promise<void> };
  const stop = state.__EMBEDDED_PG_STOP__;
  state.__EMBEDDED_PG_STOP__ = undefined;
  await stop?.();
  if (process.env.TEST_CONSOLE_DIR) await rm(process.env.TEST_CONSOLE_DIR, { recursive: true, force: true });
}
