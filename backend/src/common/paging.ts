import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * The highest page number any paged route accepts. `?page=1e20` is a whole number too: without
 * a ceiling it reached the database as an offset no integer column type holds (a 500). A
 * million pages of the largest page size is still far beyond any list this service keeps.
 */
export const MAX_PAGE = 1_000_000;

/** The 1-based `page` of a page/size paged route, a whole number from 1 to MAX_PAGE. */
export function PageNumber(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: `Page number, starting at 1 (at most ${MAX_PAGE})`,
      example: 1,
      default: 1,
      minimum: 1,
      maximum: MAX_PAGE,
    }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(MAX_PAGE),
  );
}

/** Items per page (named `limit` or `page_size` by the route), a whole number from 1 to `max`. */
export function PageSize(options: { default: number; max: number; description?: string }): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: options.description ?? 'Items per page',
      example: options.default,
      default: options.default,
      minimum: 1,
      maximum: options.max,
    }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(options.max),
  );
}

/** Rows skipped to reach a page: within Number.MAX_SAFE_INTEGER for every page the decorators let through. */
export const pageOffset = (page: number, size: number): number => (page - 1) * size;
