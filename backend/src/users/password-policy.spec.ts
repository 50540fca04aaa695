import { validate } from 'class-validator';
import { IsAcceptablePassword, passwordProblem } from './password-policy';

class Form {
  @IsAcceptablePassword()
  new_password!: unknown;
}

describe('password policy', () => {
  it('accepts 8 characters and refuses 7', () => {
    expect(passwordProblem('12345678')).toBeUndefined();
    expect(passwordProblem('1234567')).toMatch(/at least 8 characters/);
  });

  it('counts characters, not bytes, for the minimum', () => {
    expect(passwordProblem('пароль12')).toBeUndefined();
  });

  it('refuses passwords bcrypt would silently truncate (over 72 bytes)', () => {
    expect(passwordProblem('a'.repeat(72))).toBeUndefined();
    expect(passwordProblem('a'.repeat(73))).toMatch(/72 bytes/);
    expect(passwordProblem('é'.repeat(37))).toMatch(/72 bytes/);
  });

  it('refuses non-strings', () => {
    expect(passwordProblem(12345678)).toBe('must be a string');
  });

  it('names the field in the validation message', async () => {
    const form = Object.assign(new Form(), { new_password: 'short' });
    const [error] = await validate(form);
    expect(error?.constraints?.isAcceptablePassword).toBe('new_password must be at least 8 characters long');
  });
});
