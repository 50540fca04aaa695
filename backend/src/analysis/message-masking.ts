/**
 * Turns a log message into tokens whose variable parts are placeholders, so that
 * "User 42 logged in from 10.0.0.1" and "User 7 logged in from 10.0.0.2" read the same.
 *
 * Work is per whitespace token with a cheap pre-check, not a chain of regexes over the
 * whole message: masking runs once per analysed log (100k per request) and must stay in
 * the microseconds.
 */

export const PLACEHOLDERS = {
  num: '<NUM>',
  duration: '<DURATION>',
  size: '<SIZE>',
  uuid: '<UUID>',
  hex: '<HEX>',
  ip: '<IP>',
  email: '<EMAIL>',
  str: '<STR>',
  url: '<URL>',
  timestamp: '<TIMESTAMP>',
  value: '<VAL>',
} as const;

export interface MaskingLimits {
  /** Characters of a message looked at; the rest is ignored (bounds regex work). */
  maxMessageChars: number;
  /** Tokens kept; the rest collapse into one trailing `<...>` token. */
  maxTokens: number;
}

export const DEFAULT_MASKING_LIMITS: MaskingLimits = { maxMessageChars: 2000, maxTokens: 48 };

export const TRUNCATED_TOKEN = '<...>';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_PREFIXED = /^0x[0-9a-f]+$/i;
// Mixed letters and digits, 8+ long: trace ids, hashes. Pure-letter words such as "accepted"
// are hex too, so a digit is required.
const HEX_ID = /^(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}$/i;
const NUMBER = /^[-+]?\d+(?:,\d{3})*(?:\.\d+)?$/;
const DURATION = /^\d+(?:\.\d+)?(?:ns|us|µs|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?)$/i;
const SIZE = /^\d+(?:\.\d+)?(?:b|kb|mb|gb|tb|kib|mib|gib|tib|bytes?)$/i;
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?:\/\d{1,2})?$/;
// At least two colons and either "::" or a hex letter, so clock times (10:00:00) stay out.
const IPV6 = /^\[?(?=[0-9a-f:]*(?:::|[a-f]))[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\]?(?::\d{1,5})?$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const CLOCK = /^\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
// Digit runs inside identifiers (tx_123, order-98765, #42) but not "http2" or "s3".
const EMBEDDED_ID = /([_\-#:/])\d+|\d{3,}/g;
// Quoted text: opening quote at a word boundary so "can't ... don't" is not a quote.
const QUOTED = /(^|[\s=:([{,])(["'`])(?:(?!\2).){0,500}\2(?=$|[\s,.;:)\]}])/g;
const PLACEHOLDER_TOKEN = /^<[A-Z.]+>$/;

/** Whether a token carries nothing but a placeholder (or a generalised `<*>`). */
export const isPlaceholder = (token: string): boolean => token === '<*>' || PLACEHOLDER_TOKEN.test(token);

const isDigitCode = (code: number) => code >= 48 && code <= 57;

/** The placeholder for a whole token, or undefined when it is not a known kind of value. */
function classify(token: string): string | undefined {
  if (token.length === 0) return undefined;
  const first = token.charCodeAt(0);
  // Dispatch on the first character: most tokens are ruled out by one or two regexes.
  if (isDigitCode(first) || ((first === 43 || first === 45) && isDigitCode(token.charCodeAt(1)))) {
    if (NUMBER.test(token)) return PLACEHOLDERS.num;
    if (IPV4.test(token)) return PLACEHOLDERS.ip;
    if (DURATION.test(token)) return PLACEHOLDERS.duration;
    if (SIZE.test(token)) return PLACEHOLDERS.size;
    if (TIMESTAMP.test(token) || CLOCK.test(token)) return PLACEHOLDERS.timestamp;
  }
  if (token.length === 36 && UUID.test(token)) return PLACEHOLDERS.uuid;
  if (token.length >= 3 && (HEX_PREFIXED.test(token) || (token.length >= 8 && HEX_ID.test(token)))) return PLACEHOLDERS.hex;
  if (token.includes('@') && EMAIL.test(token)) return PLACEHOLDERS.email;
  if (token.includes(':') && IPV6.test(token)) return PLACEHOLDERS.ip;
  return undefined;
}

/** `/api/users/42/orders?id=7` -> `/api/users/<NUM>/orders?id=<VAL>`. */
function maskPath(path: string): string {
  const queryAt = path.indexOf('?');
  const pathPart = queryAt >= 0 ? path.slice(0, queryAt) : path;
  const masked = pathPart
    .split('/')
    .map((segment) => classify(segment) ?? segment)
    .join('/');
  if (queryAt < 0) return masked;
  const query = path
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => (pair.includes('=') ? `${pair.slice(0, pair.indexOf('='))}=${PLACEHOLDERS.value}` : pair))
    .join('&');
  return `${masked}?${query}`;
}

function maskUrl(url: string): string {
  const schemeEnd = url.indexOf('://') + 3;
  const pathAt = url.indexOf('/', schemeEnd);
  const host = pathAt < 0 ? url.slice(schemeEnd) : url.slice(schemeEnd, pathAt);
  const maskedHost = classify(host.replace(/:\d+$/, '')) ?? host;
  return `${url.slice(0, schemeEnd)}${maskedHost}${pathAt < 0 ? '' : maskPath(url.slice(pathAt))}`;
}

function maskCore(core: string): string {
  const whole = classify(core);
  if (whole) return whole;
  if (URL_LIKE.test(core)) return maskUrl(core);
  if (core.startsWith('/')) return maskPath(core);
  const equals = core.indexOf('=');
  if (equals > 0) {
    const value = core.slice(equals + 1);
    const maskedValue = value === '' || isPlaceholder(value) ? value : (classify(value) ?? PLACEHOLDERS.value);
    return `${core.slice(0, equals)}=${maskedValue}`;
  }
  if (core.includes('/')) return maskPath(core);
  return core.replace(EMBEDDED_ID, (_match, separator: string | undefined) => `${separator ?? ''}${PLACEHOLDERS.num}`);
}

const LEADING_PUNCTUATION = new Set(['(', '[', '{', '<', '"', "'", '`']);
const TRAILING_PUNCTUATION = new Set([')', ']', '}', '>', '"', "'", '`', ',', ';', '.', ':', '!', '?']);

/** Masks one whitespace-separated token, keeping surrounding punctuation. */
export function maskToken(token: string): string {
  // Plain words (the vast majority) have nothing to mask.
  if (!/[\d@=/:]/.test(token)) return token;
  if (isPlaceholder(token)) return token;
  // "[2001:db8::1]:5432": the brackets belong to the address, not to the punctuation.
  if (token.startsWith('[') && token.includes(':')) {
    const address = classify(token.replace(/[,;.]$/, ''));
    if (address) return address + (/[,;.]$/.test(token) ? token.slice(-1) : '');
  }
  // "10.0.0.1:" and "(42)" keep their punctuation; "1.5s." loses only the sentence dot.
  let start = 0;
  let end = token.length;
  while (start < end && LEADING_PUNCTUATION.has(token[start]!)) start++;
  while (end > start && TRAILING_PUNCTUATION.has(token[end - 1]!)) end--;
  if (start === 0 && end === token.length) return maskCore(token);
  return `${token.slice(0, start)}${maskCore(token.slice(start, end))}${token.slice(end)}`;
}

/** Message -> masked tokens, at most `limits.maxTokens` of them. */
export function tokenize(message: string, limits: MaskingLimits = DEFAULT_MASKING_LIMITS): string[] {
  let text = message.length > limits.maxMessageChars ? message.slice(0, limits.maxMessageChars) : message;
  if (/["'`]/.test(text)) text = text.replace(QUOTED, (_match, lead: string) => `${lead}${PLACEHOLDERS.str}`);
  const tokens: string[] = [];
  for (const raw of text.split(/\s+/)) {
    if (raw === '') continue;
    if (tokens.length === limits.maxTokens) {
      tokens.push(TRUNCATED_TOKEN);
      break;
    }
    tokens.push(maskToken(raw));
  }
  return tokens;
}
