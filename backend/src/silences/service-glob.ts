/**
 * A silence's service matcher: a service_id, or a glob over service ids where `*` is any run
 * of characters and `?` one character. Anything else a service id cannot contain is refused,
 * so the compiled pattern never holds a regex construct the user wrote.
 */
export const SERVICE_GLOB_PATTERN = /^[A-Za-z0-9._*?-]{1,128}$/;

export const SERVICE_GLOB_RULE =
  'must be a service_id or a glob of 1-128 characters of A-Z, a-z, 0-9, ".", "_", "-", "*" (any run) or "?" (one character)';

/** The anchored PostgreSQL regex (`~`) the glob means; the database matches with it. */
export function serviceGlobToRegex(glob: string): string {
  const body = [...glob]
    .map((char) => {
      if (char === '*') return '.*';
      if (char === '?') return '.';
      return char === '.' ? '\\.' : char;
    })
    .join('');
  return `^${body}$`;
}
