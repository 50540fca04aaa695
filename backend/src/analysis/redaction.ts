/**
 * Removes personal data and secrets from text before it leaves the service (the LLM
 * prompt). It errs on the side of redacting too much: a version number taken for an IP
 * costs the summary little, a leaked key costs a rotation.
 */

const SECRET_KEYS =
  '[\\w-]*?(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|authorization|credentials?|private[_-]?key|session[_-]?id|cookie)';

const RULES: Array<[RegExp, string]> = [
  // JWTs anywhere (header and payload are base64url JSON, so they start with "eyJ").
  [/\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g, '[JWT]'],
  [/\b(Bearer|Basic|Token)\s+[\w.~+/=-]{8,}/gi, '$1 [TOKEN]'],
  // This platform's API keys, then common vendor key shapes.
  [/\bilm_[\w-]{8,}/g, '[API_KEY]'],
  [/\b(?:sk|pk|rk)-[\w-]{16,}/g, '[API_KEY]'],
  [/\bAKIA[0-9A-Z]{16}\b/g, '[API_KEY]'],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, '[API_KEY]'],
  [/\bxox[abprs]-[\w-]{10,}/g, '[API_KEY]'],
  // password=..., "secret": "...", X-Api-Key: ... (the key name stays, the value goes).
  [new RegExp(`\\b(${SECRET_KEYS})(["']?\\s*[=:]\\s*)(?!\\[REDACTED\\])("[^"]*"|'[^']*'|[^\\s,;&"'}\\]]+)`, 'gi'), '$1$2[REDACTED]'],
  [/[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/gi, '[EMAIL]'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, '[IP]'],
  // IPv6: at least two colons and "::" or a hex letter, so clock times stay.
  [/(?<![\w:])(?=[0-9a-f:]*(?:::|[a-f]))(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi, '[IP]'],
  // Card-like digit runs: 13 to 19 digits, optionally grouped by spaces or dashes.
  [/\b(?:\d[ -]?){12,18}\d\b/g, '[CARD]'],
];

export function redact(text: string): string {
  let result = text;
  for (const [pattern, replacement] of RULES) result = result.replace(pattern, replacement);
  return result;
}
