import { validate } from 'class-validator';
import { IsAcceptablePassword, passwordProblem } from './password-policy';

class Form {
  @IsAcceptablePassword()
  new_password!: unknown;
}

describe('password policy', () => {
  it('accepts 12 characters and refuses 11, so `12345678` is out', () => {
    expect(passwordProblem('tangerine-oak')).toBeUndefined();
    expect(passwordProblem('tangerine-o')).toMatch(/at least 12 characters/);
    expect(passwordProblem('12345678')).toMatch(/at least 12 characters/);
  });

  it('counts characters, not bytes, for the minimum', () => {
    expect(passwordProblem('пароль-зимой')).toBeUndefined();
    expect(passwordProblem('пароль-зимо')).toMatch(/at least 12 characters/);
  });

  it('refuses passwords bcrypt would silently truncate (over 72 bytes)', () => {
    const varied = 'the quick brown fox jumps over the lazy dog, twice: ';
    expect(passwordProblem((varied + varied).slice(0, 72))).toBeUndefined();
    expect(passwordProblem((varied + varied).slice(0, 73))).toMatch(/72 bytes/);
    expect(passwordProblem('é'.repeat(37))).toMatch(/72 bytes/);
  });

  it('refuses passwords of nothing but whitespace, whatever their length', () => {
    expect(passwordProblem(' '.repeat(8))).toMatch(/at least 12 characters/);
    expect(passwordProblem(' '.repeat(12))).toMatch(/whitespace/);
    expect(passwordProblem(' \t\n\u00a0'.repeat(4))).toMatch(/whitespace/);
  });

  it('refuses one character, or a short run of them, repeated', () => {
    expect(passwordProblem('a'.repeat(12))).toMatch(/repeat/);
    expect(passwordProblem('ab'.repeat(8))).toMatch(/repeat/);
    expect(passwordProblem('1234'.repeat(3))).toMatch(/repeat/);
  });

  it('refuses common passwords, in any letter case and with digits or symbols around them', () => {
    for (const common of [
      '123456789012',
      'qwertyuiop123',
      '1qaz2wsx3edc',
      '1q2w3e4r5t6y',
      'Password1234',
      'iloveyou2024!',
      '!!Sunshine2000',
      'football12345',
    ]) {
      expect({ common, problem: passwordProblem(common) }).toEqual({ common, problem: expect.stringMatching(/too common/) });
    }
  });

  it('accepts long passphrases that merely contain a common word', () => {
    for (const good of ['correct-horse-battery', 'a-good-long-password', 'sunshine on the ridge', 'Football practice at 6']) {
      expect({ good, problem: passwordProblem(good) }).toEqual({ good, problem: undefined });
    }
  });

  it('refuses non-strings', () => {
    expect(passwordProblem(123456789012)).toBe('must be a string');
  });

  it('names the field in the validation message', async () => {
    const form = Object.assign(new Form(), { new_password: 'short' });
    const [error] = await validate(form);
    expect(error?.constraints?.isAcceptablePassword).toBe('new_password must be at least 12 characters long');
  });
});
