import { scopesAllow } from '../common/auth/api-key-scopes';
import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { ApiKeysService } from '../api-keys';
import type { AuthenticatedApiKey } from '../common/auth/auth.types';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { IngestionService } from '../ingestion';
import { parseSyslogMessage, SyslogParseError } from './syslog-message';
import { SourceAllowList } from './source-allow-list';

const WARNING_INTERVAL_MS = 10_000;
const RETRY_DELAY_MS = 500;

/**
 * From received syslog messages to committed logs, for both transports. Who may write: a
 * message carrying an API key in its structured data (`[auth@<number> key="..."]`) is stored as
 * that key, from any address; one without is stored as SYSLOG_API_KEY only when its sender's
 * address is in SYSLOG_ALLOWED_SOURCES (RFC 3164 senders and plain rsyslog forwarding cannot add
 * structured data). Anything else is dropped. Syslog has no way to answer a sender, so what is
 * dropped is counted and logged, at most once every 10 s.
 */
@Injectable()
export class SyslogIntake {
  private readonly logger = new Logger('Syslog');
  private readonly allowList: SourceAllowList;
  private dropped = 0;
  private lastReason = '';
  private lastWarningAt = 0;

  constructor(
    private readonly ingestion: IngestionService,
    private readonly apiKeys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.allowList = new SourceAllowList(config.syslog.allowedSources);
  }

  /**
   * Stores what can be stored of these messages; resolves once it is committed. While the ingest
   * queue is full or the database is down (503) it keeps retrying, so that a TCP sender, whose
   * connection is not read meanwhile, is slowed down instead of losing logs.
   */
  async receive(messages: Buffer[], source: string | undefined, shouldRetry: () => boolean): Promise<void> {
    const byKey = new Map<string, { key: AuthenticatedApiKey; items: unknown[] }>();
    for (const raw of messages) {
      const item = await this.authenticated(raw, source);
      if (!item) continue;
      const group = byKey.get(item.key.id) ?? { key: item.key, items: [] };
      group.items.push(item.log);
      byKey.set(item.key.id, group);
    }
    for (const { key, items } of byKey.values()) await this.store(items, key, shouldRetry);
  }

  /** A sender-side problem (framing, size) to report with the rest. */
  drop(count: number, reason: string): void {
    this.dropped += count;
    this.lastReason = reason;
    const now = Date.now();
    if (now - this.lastWarningAt < WARNING_INTERVAL_MS) return;
    this.lastWarningAt = now;
    this.logger.warn(`${this.dropped} syslog message(s) dropped in the last ${WARNING_INTERVAL_MS / 1000} s; latest: ${this.lastReason}`);
    this.dropped = 0;
  }

  private async authenticated(raw: Buffer, source: string | undefined): Promise<{ key: AuthenticatedApiKey; log: unknown } | undefined> {
    let parsed;
    try {
      parsed = parseSyslogMessage(raw.toString('utf8'));
    } catch (error) {
      if (!(error instanceof SyslogParseError)) throw error;
      this.drop(1, `malformed message from ${source}: ${error.message}`);
      return undefined;
    }
    let key: AuthenticatedApiKey | null = null;
    if (parsed.apiKey !== undefined) {
      key = await this.apiKeys.verify(parsed.apiKey);
      if (!key) this.drop(1, `message from ${source} with an unknown or revoked API key`);
    } else if (this.allowList.allows(source)) {
      // Looked up here, not at boot: ApiKeysService caches it, and a revoked key stops working as any key does.
      key = await this.apiKeys.verify(this.config.syslog.apiKey ?? '');
      if (!key) this.drop(1, `message from ${source}: SYSLOG_API_KEY is unknown or revoked`);
    } else
      this.drop(
        1,
        `message from ${source}: no API key in structured data ([auth@<number> key="..."]) and the address is not in SYSLOG_ALLOWED_SOURCES`,
      );
    // The same least privilege as POST /ingest: only a key with the ingest scope writes logs.
    if (key && !scopesAllow(key.scopes, 'ingest')) {
      this.drop(1, `message from ${source}: API key "${key.name}" lacks the scope "ingest"`);
      key = null;
    }
    return key ? { key, log: parsed.log } : undefined;
  }

  private async store(items: unknown[], key: AuthenticatedApiKey, shouldRetry: () => boolean): Promise<void> {
    for (;;) {
      try {
        const { problems } = await this.ingestion.ingestEach(items, key);
        if (problems.length > 0)
          this.drop(new Set(problems.map((p) => p.index)).size, `invalid log: ${problems[0]!.field} ${problems[0]!.message}`);
        return;
      } catch (error) {
        const status = error instanceof HttpException ? error.getStatus() : 500;
        if (status !== 503 || !shouldRetry()) {
          this.drop(items.length, error instanceof Error ? error.message : String(error));
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    }
  }
}
