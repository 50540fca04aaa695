import { BadRequestException, ForbiddenException, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { assertKeyMayWriteFor } from '../api-keys';
import type { AuthenticatedApiKey } from '../common/auth/auth.types';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AppMetrics, type IngestRefusal } from '../metrics';
import { GroupCommitWriter } from './group-commit-writer';
import { logsOfRequest } from './ingest-body';
import { NewServiceQuota } from './new-service-quota';
import { validateLog, type LogFieldError, type LogRow, type ValidationContext } from './log-validation';
import { lokiFieldNames, lokiLogs } from './loki-push';
import { OTLP_FIELD, otlpLogs } from './otlp-logs';

// A request with thousands of bad logs gets the first ones listed, not a megabyte of errors.
const MAX_LISTED_ERRORS = 100;

const refusalOf = (error: unknown): IngestRefusal =>
  error instanceof ForbiddenException
    ? 'forbidden'
    : error instanceof HttpException && error.getStatus() === HttpStatus.TOO_MANY_REQUESTS
      ? 'quota'
      : 'unavailable';

/**
 * Validate, check the key may write for those services (and may introduce the new ones), hand
 * to the group commit: nothing else on this path.
 */
@Injectable()
export class IngestionService {
  private readonly limits: AppConfig['ingest'];

  constructor(
    private readonly writer: GroupCommitWriter,
    private readonly clock: Clock,
    private readonly newServices: NewServiceQuota,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly metrics: AppMetrics,
  ) {
    this.limits = config.ingest;
  }

  /** Stores the logs of a `POST /ingest` body; resolves with their count once committed. */
  async ingest(body: unknown, key: AuthenticatedApiKey): Promise<number> {
    const { items, lines, parseErrors } = logsOfRequest(body, this.limits.maxLogsPerRequest);
    const rows = this.validate(items, key, parseErrors, lines);
    await this.store(rows, key);
    return rows.length;
  }

  /** Stores the records of an OTLP/HTTP export request (JSON, or protobuf decoded to its JSON form), all or none. */
  async ingestOtlp(body: unknown, key: AuthenticatedApiKey): Promise<number> {
    const { items, paths, errors } = otlpLogs(body, key.serviceId, this.limits.maxLogsPerRequest);
    return this.storeMapped(items, paths, errors, OTLP_FIELD, 'log records', key);
  }

  /** Stores the entries of a Loki push request (JSON, or protobuf decoded to its JSON form), all or none. */
  async ingestLoki(body: unknown, key: AuthenticatedApiKey): Promise<number> {
    const { items, paths, errors } = lokiLogs(body, this.limits.lokiServiceLabels, key.serviceId, this.limits.maxLogsPerRequest);
    return this.storeMapped(items, paths, errors, lokiFieldNames(this.limits.lokiServiceLabels), 'log entries', key);
  }

  /**
   * For intakes that cannot refuse a request (syslog): every valid log is stored, the invalid
   * ones are left out and returned. Resolves once the valid ones are committed.
   */
  async ingestEach(items: unknown[], key: AuthenticatedApiKey): Promise<{ stored: number; problems: LogFieldError[] }> {
    const problems: LogFieldError[] = [];
    const rows = this.collectRows(items, key, problems, []);
    if (rows.length > 0) await this.store(rows, key);
    return { stored: rows.length, problems };
  }

  /** Logs mapped from another protocol: errors name that protocol's fields and where the item was. */
  private async storeMapped(
    items: unknown[],
    paths: string[],
    errors: LogFieldError[],
    fieldNames: Record<string, string>,
    noun: string,
    key: AuthenticatedApiKey,
  ): Promise<number> {
    if (items.length === 0) return 0;
    const problems: LogFieldError[] = [];
    const rows = this.collectRows(items, key, problems, errors);
    if (problems.length > 0) {
      this.reject(
        problems.map((p) => ({ ...p, record: paths[p.index], field: fieldNames[p.field] ?? p.field })),
        items.length,
        noun,
      );
    }
    await this.store(rows, key);
    return rows.length;
  }

  private validate(items: unknown[], key: AuthenticatedApiKey, parseErrors: LogFieldError[], lines?: number[]): LogRow[] {
    const problems: LogFieldError[] = [];
    const rows = this.collectRows(items, key, problems, parseErrors, lines);
    if (problems.length > 0) this.reject(problems, items.length, 'logs');
    return rows;
  }

  private collectRows(
    items: unknown[],
    key: AuthenticatedApiKey,
    problems: LogFieldError[],
    knownErrors: LogFieldError[],
    lines?: number[],
  ): LogRow[] {
    const context: ValidationContext = { limits: this.limits, now: this.clock.now().getTime(), defaultServiceId: key.serviceId };
    const failed = new Set(knownErrors.map((error) => error.index));
    const rows: LogRow[] = [];
    for (let index = 0; index < items.length; index++) {
      if (failed.has(index)) {
        problems.push(...knownErrors.filter((error) => error.index === index));
        continue;
      }
      const row = validateLog(items[index], index, context, problems, lines?.[index]);
      if (row) rows.push(row);
    }
    return rows;
  }

  private reject(problems: (LogFieldError & { record?: string })[], total: number, noun: string): never {
    this.metrics.recordLogsRefused('invalid', total);
    const invalid = new Set(problems.map((p) => p.index)).size;
    const first = problems[0]!;
    const where = first.record ?? (first.line === undefined ? `index ${first.index}` : `line ${first.line}`);
    throw new BadRequestException({
      message: `${invalid} of ${total} ${noun} invalid, nothing was stored. First: ${where}: ${first.field} ${first.message}`,
      details: problems.slice(0, MAX_LISTED_ERRORS),
    });
  }

  private async store(rows: LogRow[], key: AuthenticatedApiKey): Promise<void> {
    const serviceIds = new Set(rows.map((row) => row.serviceId));
    try {
      assertKeyMayWriteFor(key, serviceIds);
      await this.newServices.admit(key, serviceIds);
    } catch (error) {
      // The writer counts its own refusals (queue full, database unavailable); these two are the key's.
      this.metrics.recordLogsRefused(refusalOf(error), rows.length);
      throw error;
    }
    await this.writer.write(rows);
  }
}
