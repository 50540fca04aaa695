import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withPasswordFile } from './initdb-password-file';

/** Octal, as `ls -l` and chmod speak: '600'. */
const permissions = async (path: string) => ((await stat(path)).mode & 0o777).toString(8);
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe('withPasswordFile', () => {
  it('holds the password in a 0600 file inside a 0700 directory of its own while initdb runs', async () => {
    let seen: { file: string; dir: string; content: string } | undefined;
    const path = await withPasswordFile('s3cret', undefined, async (file) => {
      seen = { file: await permissions(file), dir: await permissions(dirname(file)), content: await readFile(file, 'utf8') };
      return file;
    });
    // The directory is what keeps others out from the file's first byte on: mkdtemp creates it 0700.
    expect(seen).toEqual({ file: '600', dir: '700', content: 's3cret\n' });
    expect(await exists(dirname(path))).toBe(false);
  });

  it('deletes the file when the work fails', async () => {
    let path = '';
    await expect(
      withPasswordFile('s3cret', undefined, async (file) => {
        path = file;
        throw new Error('initdb failed');
      }),
    ).rejects.toThrow('initdb failed');
    expect(await exists(dirname(path))).toBe(false);
  });

  // Only root can hand a file to another user; that is exactly when PostgreSQL runs as one.
  (process.getuid?.() === 0 ? it : it.skip)('hands file and directory to the user PostgreSQL runs as', async () => {
    const nobody = { uid: 65534, gid: 65534 };
    await withPasswordFile('s3cret', nobody, async (file) => {
      for (const path of [file, dirname(file)]) {
        const { uid, gid } = await stat(path);
        expect({ uid, gid }).toEqual(nobody);
      }
      expect(await permissions(file)).toBe('600');
    });
  });
});
