import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Outside production a missing secret (JWT_SECRET, ENCRYPTION_KEY) is generated once and
 * kept in DATA_DIR, so that tokens and encrypted values survive a restart without anyone
 * having to invent a secret.
 */
async function loadOrCreateDevSecret(dataDir: string, fileName: string): Promise<string> {
  const file = join(dataDir, fileName);
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, secret + '\n', { mode: 0o600 });
  return secret;
}

export const loadOrCreateDevJwtSecret = (dataDir: string): Promise<string> => loadOrCreateDevSecret(dataDir, 'jwt-secret');

export const loadOrCreateDevEncryptionKey = (dataDir: string): Promise<string> => loadOrCreateDevSecret(dataDir, 'encryption-key');
