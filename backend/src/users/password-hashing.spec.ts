import bcrypt from 'bcrypt';
import { jest } from '@jest/globals';
import { BCRYPT_COST, DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './password-hashing';

describe('password hashing', () => {
  it('uses a bcrypt cost of at least 10', async () => {
    expect(BCRYPT_COST).toBeGreaterThanOrEqual(10);
    expect(bcrypt.getRounds(await hashPassword('correct-horse-battery'))).toBe(BCRYPT_COST);
  });

  it('keeps the dummy hash at the same cost as real hashes, so unknown emails take as long', () => {
    expect(bcrypt.getRounds(DUMMY_PASSWORD_HASH)).toBe(BCRYPT_COST);
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct-horse-battery');
    await expect(verifyPassword('correct-horse-battery', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct-horse-batterY', hash)).resolves.toBe(false);
  });

  it('refuses every password when there is no hash, yet still does a comparison', async () => {
    const compare = jest.spyOn(bcrypt, 'compare');
    await expect(verifyPassword('anything', null)).resolves.toBe(false);
    expect(compare).toHaveBeenCalledWith('anything', DUMMY_PASSWORD_HASH);
    compare.mockRestore();
  });
});
