import type { Schemas } from '../../../api/client';
import type { FormErrors } from '../../../components/form-errors';

export type ApiKeyScope = Schemas['ApiKeyResponse']['scopes'][number];

/** The scopes in the order the API documents them, with what each lets a key do. */
export const SCOPES: { scope: ApiKeyScope; label: string }[] = [
  { scope: 'ingest', label: 'ingest: send logs' },
  { scope: 'alerts', label: 'alerts: Alertmanager, Grafana and PagerDuty-style alerts' },
  { scope: 'incidents:read', label: 'incidents:read' },
  { scope: 'incidents:write', label: 'incidents:write (includes read)' },
  { scope: 'admin', label: 'admin: everything' },
];

/** The scope checkboxes as one named group, with the API's error for `scopes` tied to it. */
export function ScopesFieldset({ errors }: { errors: FormErrors }) {
  const own = errors.fields.scopes;
  return (
    <fieldset className="field" aria-describedby={own ? 'api-key-scopes-error' : undefined}>
      <legend>What it may do</legend>
      {SCOPES.map(({ scope, label }) => (
        <label key={scope} className="checkbox-field">
          <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === 'ingest'} /> {label}
        </label>
      ))}
      {own && (
        <p id="api-key-scopes-error" className="form-error">
          {own.join('; ')}
        </p>
      )}
    </fieldset>
  );
}
