/** What a change to audit says; who, from where and when are added by AuditTrail. */
export interface AuditEntry {
  /** `<target>.<verb>`, e.g. `user.created`, `api_key.revoked`, `auth.sign_in_failed`. */
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Who, when there is no signed-in user or key on the request (e.g. the email of a failed sign-in). */
  actor?: { type: 'anonymous' | 'system' | 'user'; id?: string | null; label?: string | null };
}

/**
 * Field names whose values never reach the audit trail, at any depth: the trail is read by
 * every admin and kept for a year, so it must not become a second copy of the secrets. Matched
 * on the last word of the name (camelCase or snake_case): `key_hash`, `routingKey`, `url`; a
 * flag such as `local_passwords` or `has_secret` is not a secret (and only strings are masked).
 */
const SECRET_WORD = /(^|_)(pass|password|secret|token|hash|key|authorization|cookie|url|code)$/;

const isSecretField = (name: string) => SECRET_WORD.test(name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase());

export const MASK = '***';

/** A copy of `value` with every secret field replaced by MASK (the fact that it changed stays visible). */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, depth + 1));
  const masked: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
    masked[name] = isSecretField(name) && typeof field === 'string' ? MASK : maskSecrets(field, depth + 1);
  }
  return masked;
}
