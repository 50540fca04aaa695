/** A Content-Type header reduced to what decides whether a body can be read: the type and its charset. */
export interface MediaType {
  /** `type/subtype`, lower-cased, without parameters. */
  essence: string;
  charset?: string;
}

export function parseMediaType(header: string): MediaType {
  const [essence = '', ...parameters] = header.split(';');
  const mediaType: MediaType = { essence: essence.trim().toLowerCase() };
  for (const parameter of parameters) {
    const equals = parameter.indexOf('=');
    if (equals === -1 || parameter.slice(0, equals).trim().toLowerCase() !== 'charset') continue;
    mediaType.charset = parameter
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
  }
  return mediaType;
}

const UTF8_NAMES = ['utf-8', 'utf8'];

/**
 * Why a body with this Content-Type cannot be read by a route that reads `accepted`, or
 * undefined when it can. Every body is UTF-8 (JSON requires it between systems, RFC 8259 §8.1):
 * another declared charset is refused rather than misread.
 */
export function mediaTypeRefusal(header: string | undefined, accepted: readonly string[]): string | undefined {
  const expected = accepted.join(' or ');
  if (header === undefined || header.trim() === '') return `A request body needs a Content-Type: send ${expected}`;
  const { essence, charset } = parseMediaType(header);
  if (!accepted.includes(essence)) return `Content-Type ${essence} is not accepted here: send ${expected}`;
  if (charset !== undefined && !UTF8_NAMES.includes(charset)) return `Content-Type charset "${charset}" is not supported: send UTF-8`;
  return undefined;
}
