import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import type { ContactMethod, ContactMethodsApi } from './contact-methods-api';

/** Verify (with the code), send a new code, test, remove: one row's actions and what they answered. */
export function ContactMethodActions({ method, methods }: { method: ContactMethod; methods: ContactMethodsApi }) {
  const [outcome, setOutcome] = useState<string>();
  const say = (promise: Promise<string>) => promise.then(setOutcome, (error: unknown) => setOutcome(errorMessage(error)));

  function verify(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    void say(methods.verify.run({ id: method.id, code }).then(() => `"${method.label}" is verified.`));
  }

  return (
    <div className="inline-form">
      {!method.verified && (
        <form className="inline-form" onSubmit={verify}>
          <label className="visually-hidden" htmlFor={`code-${method.id}`}>
            Verification code for {method.label}
          </label>
          <input id={`code-${method.id}`} name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} size={7} required />
          <button type="submit" className="button button-small" disabled={methods.verify.isPending}>
            Verify <span className="visually-hidden">{method.label}</span>
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => void say(methods.resend.run(method.id).then(() => `A new code was sent to "${method.label}".`))}
          >
            Send a new code <span className="visually-hidden">to {method.label}</span>
          </button>
        </form>
      )}
      <button
        type="button"
        className="button button-small"
        onClick={() =>
          void say(
            methods.test
              .run(method.id)
              .then((result) =>
                result.delivered ? `Test sent to "${method.label}".` : `Test to "${method.label}" failed: ${result.error}`,
              ),
          )
        }
      >
        Test <span className="visually-hidden">{method.label}</span>
      </button>
      <button
        type="button"
        className="button button-small"
        onClick={() =>
          window.confirm(`Remove "${method.label}"? It will not be paged any more.`) &&
          void say(methods.remove.run(method.id).then(() => `"${method.label}" was removed.`))
        }
      >
        Remove <span className="visually-hidden">{method.label}</span>
      </button>
      <span role="status" className="field-hint">
        {outcome ?? ''}
      </span>
    </div>
  );
}
