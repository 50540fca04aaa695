import { ApiProperty } from '@nestjs/swagger';
import { PageNumber, PageSize } from '../../common/paging';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `page` (1-based) and `limit`, as existing clients page incidents. */
export class PageQueryDto {
  @PageNumber()
  page: number = 1;

  @PageSize({ default: DEFAULT_PAGE_SIZE, max: MAX_PAGE_SIZE })
  limit: number = DEFAULT_PAGE_SIZE;
}

export class PageMetaDto {
  @ApiProperty({ example: 42 })
  total!: number;

  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 20 })
  limit!: number;

  @ApiProperty({ example: 3 })
  totalPages!: number;
}

export function pageMeta(total: number, page: PageQueryDto): PageMetaDto {
  return { total, page: page.page, limit: page.limit, totalPages: Math.ceil(total / page.limit) };
}
