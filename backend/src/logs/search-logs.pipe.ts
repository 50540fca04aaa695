import { createParamDecorator, ExecutionContext, Injectable, PipeTransform } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createValidationPipe, refuseUnstorableText } from '../common/validation';
import { SearchLogsQueryDto } from './dto/search-logs.query';
import { splitMetadataFilters, type MetadataFilter } from './log-search';

export interface LogSearchRequest {
  query: SearchLogsQueryDto;
  metadata: MetadataFilter[];
}

/**
 * The raw query string of `GET /logs`. A custom decorator on purpose: the global
 * ValidationPipe (forbidNonWhitelisted) skips custom decorators, and would otherwise refuse
 * `metadata.<key>` parameters, whose names no DTO can list. SearchLogsPipe validates instead.
 */
export const RawQuery = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<FastifyRequest>().query,
);

/** `metadata.<key>=<value>` filters apart, the rest validated by SearchLogsQueryDto exactly as the global pipe would. */
@Injectable()
export class SearchLogsPipe implements PipeTransform<unknown, Promise<LogSearchRequest>> {
  private readonly validation = createValidationPipe();

  async transform(value: unknown): Promise<LogSearchRequest> {
    // The metadata filters bypass the DTO: check every name and value here, not only `rest`.
    refuseUnstorableText(value);
    const { rest, metadata } = splitMetadataFilters({ ...((value ?? {}) as Record<string, unknown>) });
    const query = (await this.validation.transform(rest, { type: 'query', metatype: SearchLogsQueryDto })) as SearchLogsQueryDto;
    return { query, metadata };
  }
}
