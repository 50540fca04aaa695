/**
 * What an API key may do. `ingest`: send logs. `alerts`: send alerts from Alertmanager,
 * Grafana or PagerDuty-style tools (they open and resolve incidents, nothing else).
 * `incidents:read` / `incidents:write`: automation on incidents. `admin`: everything.
 * Keys made before scopes existed have `ingest`, what they could do then.
 */
export const API_KEY_SCOPES = ['ingest', 'alerts', 'incidents:read', 'incidents:write', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const DEFAULT_API_KEY_SCOPES: ApiKeyScope[] = ['ingest'];

// A wider scope includes narrower ones so a key need not list both.
const INCLUDED: Partial<Record<ApiKeyScope, ApiKeyScope[]>> = {
  'incidents:write': ['incidents:read'],
  admin: [...API_KEY_SCOPES],
};

/** Whether a key holding `held` may do what `required` allows. */
export function scopesAllow(held: readonly string[], required: ApiKeyScope): boolean {
  return held.some((scope) => scope === required || (INCLUDED[scope as ApiKeyScope] ?? []).includes(required));
}
