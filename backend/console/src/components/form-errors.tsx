import type { ReactNode } from 'react';
import { errorMessage, isApiError } from '../api/client';

/** What a refused form submission says: the summary for the top, and the errors per field. */
export interface FormErrors {
  message?: string;
  fields: Record<string, string[]>;
}

export const NO_FORM_ERRORS: FormErrors = { fields: {} };

interface FieldDetail {
  field: string;
  errors: string[];
}

function isFieldDetail(value: unknown): value is FieldDetail {
  const detail = value as FieldDetail;
  return typeof detail?.field === 'string' && Array.isArray(detail.errors);
}

/**
 * The API's 400 carries `details: [{field, errors}]` (the same names as the request body): the
 * form shows each next to its input, and the message at the top (which also covers a field the
 * form has no input for). Any other failure is only the message.
 */
export function formErrorsOf(error: unknown): FormErrors {
  if (!error) return NO_FORM_ERRORS;
  const fields: Record<string, string[]> = {};
  const details = isApiError(error) ? (error as { details?: unknown }).details : undefined;
  if (Array.isArray(details)) {
    for (const detail of details.filter(isFieldDetail)) (fields[detail.field] ??= []).push(...detail.errors);
  }
  return { message: errorMessage(error), fields };
}

/** The attributes that tie an input to its error text (announced with the field). */
export interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

/**
 * A labelled form control with its hint and the server's errors for it. `children` renders the
 * native control with the given props, so inputs, selects and textareas all fit.
 */
export function Field({
  form,
  name,
  label,
  errors,
  hint,
  children,
}: {
  form: string;
  name: string;
  label: string;
  errors: FormErrors;
  hint?: string;
  children(props: ControlProps): ReactNode;
}) {
  const id = `${form}-${name}`;
  const own = errors.fields[name];
  const describedBy = [hint && `${id}-hint`, own && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, name, 'aria-invalid': own ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {own && (
        <p id={`${id}-error`} className="form-error">
          {own.join('; ')}
        </p>
      )}
    </div>
  );
}

/** The refusal's message above the form, announced when it appears. */
export function FormAlert({ errors, id }: { errors: FormErrors; id: string }) {
  if (!errors.message) return null;
  return (
    <p id={id} className="form-error form-alert" role="alert">
      {errors.message}
    </p>
  );
}
