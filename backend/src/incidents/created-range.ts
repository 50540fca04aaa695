import { BadRequestException } from '@nestjs/common';

/** `from`/`to` of incident lists and stats: creation times, `to` exclusive; 400 when backwards. */
export function createdRange(from?: string, to?: string): { from?: Date; to?: Date } {
  const range = { from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined };
  if (range.from && range.to && range.from > range.to) {
    throw new BadRequestException({
      message: 'from must not be after to',
      details: [{ field: 'from', errors: ['must not be after to'] }],
    });
  }
  return range;
}
