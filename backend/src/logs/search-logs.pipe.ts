import { createParamDecorator, ExecutionContext, Injectable, PipeTransform, type Type } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createValidationPipe, refuseUnstorableText } from '../common/validation';
import { SearchLogsQueryDto } from './dto/search-logs.query';
import { TailLogsQueryDto } from './dto/tail-logs.query';
import { splitMetadataFilters, type MetadataFilter } from './log-search';

export interface LogSearchRequest {
  query: SearchLogsQueryDto;
  metadata: MetadataFilter[];
}

export interface LogTailRequest {
  query: TailLogsQueryDto;
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

const validation = createValidationPipe();

/** `metadata.<key>=<value>` filters apart, the rest validated by `metatype` exactly as the global pipe would. */
async function parseLogQuery<T>(value: unknown, metatype: Type<T>): Promise<{ query: T; metadata: MetadataFilter[] }> {
  // The metadata filters bypass the DTO: check every name and value here, not only `rest`.
  refuseUnstorableText(value);
  const { rest, metadata } = splitMetadataFilters({ ...((value ?? {}) as Record<string, unknown>) });
  const query = (await validation.transform(rest, { type: 'query', metatype })) as T;
  return { query, metadata };
}

@Injectable()
export class SearchLogsPipe implements PipeTransform<unknown, Promise<LogSearchRequest>> {
  transform(value: unknown): Promise<LogSearchRequest> {
    return parseLogQuery(value, SearchLogsQueryDto);
  }
}

/** The same parsing for `GET /logs/tail`, whose DTO leaves out what a stream has no use for (time range, paging). */
@Injectable()
export class TailLogsPipe implements PipeTransform<unknown, Promise<LogTailRequest>> {
  transform(value: unknown): Promise<LogTailRequest> {
    return parseLogQuery(value, TailLogsQueryDto);
  }
}
