import { readFileSync } from 'node:fs';

/** The soft limit on open files of this process (`ulimit -n`), where Linux tells it; else undefined. */
export function openFileLimit(limitsFile = '/proc/self/limits'): number | undefined {
  try {
    const line = readFileSync(limitsFile, 'utf8')
      .split('\n')
      .find((row) => row.startsWith('Max open files'));
    const soft = line ? /^Max open files\s+(\d+)/.exec(line)?.[1] : undefined;
    return soft === undefined ? undefined : Number(soft);
  } catch {
    return undefined;
  }
}
