import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * Builds the console from its current sources into a temporary directory (a few seconds),
 * so browser tests never run against a stale `dist/console` and never overwrite it.
 */
export async function buildConsole(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'incident-console-'));
  const vite = resolve('node_modules/vite/bin/vite.js');
  await promisify(execFile)(process.execPath, [
    vite,
    'build',
    '--config',
    'console/vite.config.mts',
    '--outDir',
    outDir,
    '--logLevel',
    'error',
  ]);
  return outDir;
}
