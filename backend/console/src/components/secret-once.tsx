import { useEffect, useRef, useState } from 'react';

/**
 * A secret the API returns once (an API key, a generated webhook secret): shown in full with a
 * copy button and a plain warning, until the person closes it. Nothing keeps it afterwards.
 */
export function SecretOnce({ title, label, value, onClose }: { title: string; label: string; value: string; onClose(): void }) {
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus moves to the panel so keyboard and screen-reader users land on the secret.
  useEffect(() => heading.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <section className="secret-once" role="region" aria-labelledby="secret-once-title">
      <h2 id="secret-once-title" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <p className="secret-warning">
        <strong>Copy it now: you will not see it again.</strong> The server cannot show it later; if it is lost, make a new one.
      </p>
      <label htmlFor="secret-once-value">{label}</label>
      <div className="inline-form">
        <input id="secret-once-value" className="secret-value" readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" className="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p role="status" className="field-hint">
        {copied === 'yes'
          ? 'Copied to the clipboard.'
          : copied === 'failed'
            ? 'The browser refused the clipboard: select the text and copy it.'
            : ''}
      </p>
      <button type="button" className="button button-primary" onClick={onClose}>
        I have stored it, close
      </button>
    </section>
  );
}
