import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { findUnstorableText, UNSTORABLE_TEXT } from './storable-text';

export interface FieldError {
  field: string;
  errors: string[];
}

/** Flattens class-validator's tree into one entry per field, named by its path (`a.b[0].c`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = error.constraints ? [{ field, errors: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** The API's 400 for invalid fields: a readable summary, and one detail per field. */
export function invalidRequest(details: FieldError[]): BadRequestException {
  const summary = details.map((d) => d.errors.join(', ')).join('; ');
  return new BadRequestException({ message: `Invalid request: ${summary}`, details });
}

/** Refuses any string (or object key) PostgreSQL could not store, naming where it is. */
export function refuseUnstorableText(value: unknown, root = ''): void {
  const fields = findUnstorableText(value, root);
  if (fields.length) {
    throw invalidRequest(fields.map((path) => path || 'body').map((field) => ({ field, errors: [`${field} ${UNSTORABLE_TEXT}`] })));
  }
}

/**
 * The global pipe: class-validator on every DTO (unknown fields refused), and before it the
 * guarantee that no text in a validated body, in the query or in a route parameter contains
 * what PostgreSQL cannot store. Bodies without a DTO (the ingest routes) check their own
 * values: walking a 5 MB batch twice would cost the hot path for nothing.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => invalidRequest(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query' || metadata.type === 'param' || (metadata.type === 'body' && this.toValidate(metadata))) {
      refuseUnstorableText(value, metadata.data ?? '');
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe();
}
