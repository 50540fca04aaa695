/** Query parameters whose values are credentials (`/events?token=<jwt>`, `?api_key=...`): never written to a log. */
const CREDENTIAL_PARAMETERS = new Set(['token', 'access_token', 'api_key', 'key', 'password', 'secret']);

export const REDACTED = '[REDACTED]';

const parameterName = (raw: string): string => {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
};

/**
 * The request URL as it may be logged: the values of credential parameters (matched by
 * name, any case, percent-encoded or not) replaced by [REDACTED], everything else as sent.
 */
export function redactedUrl(url: string): string {
  const queryAt = url.indexOf('?');
  if (queryAt < 0) return url;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      return CREDENTIAL_PARAMETERS.has(parameterName(name)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, queryAt)}?${query}`;
}
