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

// `Bearer <anything>`, an API key (ilm_ + base64url), credential headers quoted in text, and
// credential pairs of a query string (`token=...`) or of JSON (`"password":"..."`), as an error
// message or a stack may quote them. Deliberately not `password: <value>` in prose: the
// one-time password of the first development admin is printed that way, on purpose, once.
const CREDENTIAL_NAMES = 'password|passwd|new_password|current_password|token|access_token|api_key|apikey|secret';
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const API_KEY = /\bilm_[A-Za-z0-9_-]+/g;
const HEADER = /\b(x-api-key|cookie|x-csrf-token)(\s*:\s*)[^\s,;]+/gi;
const QUERY_PAIR = new RegExp(`\\b(${CREDENTIAL_NAMES})=[^\\s&"]+`, 'gi');
const JSON_PAIR = new RegExp(
  `"(${CREDENTIAL_NAMES}|newPassword|currentPassword|accessToken|apiKey)"(\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`,
  'gi',
);

/** Text as it may be logged: credentials in it replaced by [REDACTED]. Only for messages, not the hot path. */
export function scrubSecrets(text: string): string {
  return text
    .replace(BEARER, '$1 [REDACTED]')
    .replace(API_KEY, 'ilm_[REDACTED]')
    .replace(HEADER, '$1$2[REDACTED]')
    .replace(QUERY_PAIR, '$1=[REDACTED]')
    .replace(JSON_PAIR, '"$1"$2"[REDACTED]"');
}
