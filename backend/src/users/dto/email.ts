import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, MaxLength } from 'class-validator';

/**
 * An email address, trimmed and lower-cased before validation so that uniqueness and login
 * are case-insensitive. Top-level domains are not required: the development admin is
 * admin@localhost.
 */
export const IsNormalisedEmail = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)),
    IsEmail({ require_tld: false }, { message: 'email must be an email address' }),
    MaxLength(254),
  );
