import { fork } from 'node:child_process';
import { join } from 'node:path';

/**
 * Applies pending migrations in a child process. Prisma's schema engine is WebAssembly that
 * cannot be unloaded: run in the server's own process it kept ~45 MB of RSS for the
 * process's whole life (measured), for work done once at boot. A child costs ~0.3 s at boot
 * and gives all of it back when it exits.
 */
export function applyMigrationsInChildProcess(databaseUrl: string, log: (message: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'migrate-child.js'), [], {
      // Not the parent's flags (--cpu-prof, --inspect...): they belong to the server.
      execArgv: [],
      env: { ...process.env, MIGRATE_DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('message', (message: { log?: string }) => {
      if (typeof message.log === 'string') log(message.log);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`Migrations failed (${signal ?? `exit code ${code}`}): ${stderr.trim() || 'no message'}`));
    });
  });
}
