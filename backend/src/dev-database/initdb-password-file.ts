import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FileOwner {
  uid: number;
  gid: number;
}

/**
 * Runs `work` with the path of a file that holds `password` (for `initdb --pwfile`), then
 * deletes it. The file is created 0600 inside a directory of its own that mkdtemp creates
 * 0700, so no other user can open it at any moment of its life. When PostgreSQL runs as
 * another user (we are root), both are handed to that user, who must read the file.
 */
export async function withPasswordFile<T>(password: string, owner: FileOwner | undefined, work: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'pg-pw-'));
  try {
    const file = join(dir, 'password');
    await writeFile(file, password + '\n', { mode: 0o600, flag: 'wx' });
    if (owner) {
      await chown(dir, owner.uid, owner.gid);
      await chown(file, owner.uid, owner.gid);
    }
    return await work(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
