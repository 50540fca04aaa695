export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __EMBEDDED_PG_STOP__?: () => Promise<void> }).__EMBEDDED_PG_STOP__?.();
}
