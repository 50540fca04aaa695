import { useState, type FormEvent } from 'react';

/** Narrow the list to one service (applied on Enter or with the button). */
export function ServiceFilter({ value, onChange }: { value?: string; onChange(value?: string): void }) {
  const [text, setText] = useState(value ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange(text.trim() || undefined);
  };
  return (
    <form className="inline-form" role="search" aria-label="Filter by service" onSubmit={submit}>
      <label htmlFor="service-filter">Service</label>
      <input
        id="service-filter"
        type="search"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder="e.g. payment-service"
      />
      <button type="submit" className="button">
        Filter
      </button>
    </form>
  );
}
