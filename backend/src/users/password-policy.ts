import { ValidateBy, type ValidationOptions } from 'class-validator';

export const PASSWORD_MIN_LENGTH = 8;
// bcrypt ignores everything after 72 bytes: a longer password would only look stronger.
export const PASSWORD_MAX_BYTES = 72;

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: unknown): string | undefined {
  if (typeof password !== 'string') return 'must be a string';
  if ([...password].length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) return `must be at most ${PASSWORD_MAX_BYTES} bytes (UTF-8) long`;
  return undefined;
}

/** class-validator decorator for a password being set (not for one being checked at login). */
export const IsAcceptablePassword = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isAcceptablePassword',
      validator: {
        validate: (value) => passwordProblem(value) === undefined,
        defaultMessage: (args) => `${args?.property ?? 'password'} ${passwordProblem(args?.value) ?? 'is not acceptable'}`,
      },
    },
    options,
  );
