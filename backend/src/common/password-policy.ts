import { ValidateBy, type ValidationOptions } from 'class-validator';
import { COMMON_PASSWORDS } from './common-passwords';

// Length is what makes a password expensive to guess offline; 12 follows current guidance for
// accounts without a second factor, and keeps passphrases ("correct-horse-battery") easy.
export const PASSWORD_MIN_LENGTH = 12;
// bcrypt ignores everything after 72 bytes: a longer password would only look stronger.
export const PASSWORD_MAX_BYTES = 72;
// `abababab...`, `123412341234`: a long password with the entropy of a short one.
const LONGEST_REPEATED_UNIT = 4;

/** The rules below in words, for the API documentation. */
export const PASSWORD_RULES =
  `at least ${PASSWORD_MIN_LENGTH} characters and at most ${PASSWORD_MAX_BYTES} bytes; ` +
  'not only whitespace, not one character (or a few) repeated, not a common leaked password (also with digits or symbols around it)';

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: unknown): string | undefined {
  if (typeof password !== 'string') return 'must be a string';
  if ([...password].length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) return `must be at most ${PASSWORD_MAX_BYTES} bytes (UTF-8) long`;
  if (password.trim() === '') return 'must not be only whitespace';
  if (isShortUnitRepeated(password)) return 'must not be one character, or a few, repeated';
  if (isCommon(password)) return 'is too common: it is on a list of leaked passwords';
  return undefined;
}

function isShortUnitRepeated(password: string): boolean {
  const characters = [...password];
  for (let unit = 1; unit <= LONGEST_REPEATED_UNIT; unit++) {
    if (characters.every((character, i) => character === characters[i % unit])) return true;
  }
  return false;
}

/**
 * On the list as it is, or once the digits and symbols around it are taken off: people meet a
 * length rule by padding a common word (`Password1234`, `!!sunshine2000`), and guessing tools
 * try exactly that first. Letters inside are kept, so a passphrase with a common word passes.
 */
function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  return COMMON_PASSWORDS.has(lower) || (core !== '' && COMMON_PASSWORDS.has(core));
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
