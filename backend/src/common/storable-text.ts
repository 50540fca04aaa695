/**
 * PostgreSQL cannot store U+0000 (NUL) in text or jsonb, and jsonb refuses unpaired UTF-16
 * surrogates: a value with either fails its statement (SQLSTATE 22021 / 22P05). Input is
 * checked against this before it gets anywhere near a query, so the client learns which
 * field is wrong instead of getting a database error.
 */
export const isStorableText = (text: string): boolean => !text.includes('\u0000') && text.isWellFormed();

export const UNSTORABLE_TEXT = 'must not contain the NUL character (U+0000) or invalid Unicode';

/** Fields reported at most: enough to fix a request, bounded for a hostile one. */
const MAX_REPORTED = 20;

/**
 * The paths (`a.b[0].c`, as the validation errors name them) of every string or object key
 * in `value` that cannot be stored. Iterative: a deeply nested body cannot exhaust the stack.
 */
export function findUnstorableText(value: unknown, root = ''): string[] {
  const found: string[] = [];
  const pending: Array<[unknown, string]> = [[value, root]];
  while (pending.length && found.length < MAX_REPORTED) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      if (!isStorableText(current)) found.push(path);
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push([current[i], `${path}[${i}]`]);
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current).reverse()) {
        const childPath = path ? `${path}.${key}` : key;
        if (!isStorableText(key)) found.push(childPath);
        else pending.push([child, childPath]);
      }
    }
  }
  return found.slice(0, MAX_REPORTED);
}
