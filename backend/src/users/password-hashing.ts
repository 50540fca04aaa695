import bcrypt from 'bcrypt';

/** ~280 ms per hash on the 2-core reference machine: slow for guessing, fine for a login. */
export const BCRYPT_COST = 12;

/**
 * A bcrypt hash (same cost) of 32 random bytes nobody knows. Logins for unknown emails are
 * checked against it, so they take as long as a wrong password for a real user.
 */
export const DUMMY_PASSWORD_HASH = '$2b$12$RYP3KcqpDmXTVp4Vmrb0kO98BF0eQUJz6QjIGRQariIgdlUrWA966';

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** Always does one bcrypt comparison, whether or not there is a real hash to compare with. */
export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  const matches = await bcrypt.compare(password, hash ?? DUMMY_PASSWORD_HASH);
  return matches && hash != null;
}
