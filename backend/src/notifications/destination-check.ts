import { BadRequestException } from '@nestjs/common';
import { systemResolver } from './safe-http';
import { bareHostname, parseDestinationUrl, resolveAllowedAddresses, UnsafeDestinationError } from './ssrf-guard';

/** 400 in the one error shape, naming the field. */
export const fieldError = (field: string, message: string) =>
  new BadRequestException({ message: `Invalid request: ${field} ${message}`, details: [{ field, errors: [`${field} ${message}`] }] });

/**
 * The SSRF guard when a URL is given (a channel's, a personal webhook's); every delivery
 * checks again after its own DNS lookup. Refusals are 400 naming `field`.
 */
export async function checkDestinationUrl(raw: string, allowPrivate: boolean, field: string): Promise<void> {
  try {
    const url = parseDestinationUrl(raw, allowPrivate);
    if (!allowPrivate) await resolveAllowedAddresses(bareHostname(url), allowPrivate, systemResolver);
  } catch (error) {
    if (error instanceof UnsafeDestinationError) throw fieldError(field, error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') throw fieldError(field, `host cannot be resolved (${code})`);
    throw error;
  }
}
