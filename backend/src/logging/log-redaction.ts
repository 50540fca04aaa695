/**
 * Fields no log line may carry, whatever an object logged by mistake holds: pino replaces
 * their values with [REDACTED] (paths one and two levels deep cover `{ headers }`,
 * `{ req: { headers } }`, `{ body: { password } }`).
 */
const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-csrf-token',
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'access_token',
  'accessToken',
  'apiKey',
  'api_key',
  'secret',
  'key',
];

const bracketed = (field: string) => `["${field}"]`;

export const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => [bracketed(field), `*${bracketed(field)}`, `*.*${bracketed(field)}`]);

// `Bearer <anything>`, an API key (ilm_ + base64url), and `password=...`/`"token":"..."`-style
// pairs in free text (an error message or a stack that quotes a header or a body).
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const API_KEY = /\bilm_[A-Za-z0-9_-]+/g;
const PAIR = /\b(password|passwd|token|access_token|api_key|apikey|secret|authorization|x-api-key)("?\s*[:=]\s*"?)([^\s",&}]+)/gi;

/** Text as it may be logged: credentials in it replaced by [REDACTED]. Only for messages, not the hot path. */
export function scrubSecrets(text: string): string {
  return text.replace(BEARER, '$1 [REDACTED]').replace(API_KEY, 'ilm_[REDACTED]').replace(PAIR, '$1$2[REDACTED]');
}
