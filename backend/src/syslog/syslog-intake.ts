import { scopesAllow } from '../common/auth/api-key-scopes';
import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { ApiKeysService } from '../api-keys';
import type { AuthenticatedApiKey } from '../common/auth/auth.types';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { IngestionService } from '../ingestion';
import { parseSyslogMessage, SyslogParseError, type SyslogLog } from './syslog-message';
import { SourceAllowList } from './source-allow-list';

type KeyVerdict = { key: AuthenticatedApiKey } | { refusal: string };

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
    // A chunk holds hundreds of messages, nearly always under one key: each distinct key is
    // verified once per chunk, not once per message (an await and a hash each).
    const verdicts = new Map<string | undefined, KeyVerdict>();
    const byKey = new Map<string, { key: AuthenticatedApiKey; items: unknown[] }>();
    for (const raw of messages) {
      const parsed = this.parsed(raw, source);
      if (!parsed) continue;
      let verdict = verdicts.get(parsed.apiKey);
      if (!verdict) verdicts.set(parsed.apiKey, (verdict = await this.keyFor(parsed.apiKey, source)));
      if ('refusal' in verdict) {
        this.drop(1, verdict.refusal);
        continue;
      }
      const { key } = verdict;
      const group = byKey.get(key.id) ?? { key, items: [] };
      group.items.push(parsed.log);
      byKey.set(key.id, group);
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

  private parsed(raw: Buffer, source: string | undefined): SyslogLog | undefined {
    try {
      return parseSyslogMessage(raw.toString('utf8'));
    } catch (error) {
      if (!(error instanceof SyslogParseError)) throw error;
      this.drop(1, `malformed message from ${source}: ${error.message}`);
      return undefined;
    }
  }

  /**
   * The key a message is stored as: the one in its structured data, or SYSLOG_API_KEY for a
   * sender in SYSLOG_ALLOWED_SOURCES (looked up each time, not at boot: ApiKeysService caches
   * it, and a revoked key stops working as any key does); or why the message is dropped.
   */
  private async keyFor(presented: string | undefined, source: string | undefined): Promise<KeyVerdict> {
    if (presented === undefined && !this.allowList.allows(source)) {
      return {
        refusal: `message from ${source}: no API key in structured data ([auth@<number> key="..."]) and the address is not in SYSLOG_ALLOWED_SOURCES`,
      };
    }
    const key = await this.apiKeys.verify(presented ?? this.config.syslog.apiKey ?? '');
    if (!key) {
      return {
        refusal:
          presented === undefined
            ? `message from ${source}: SYSLOG_API_KEY is unknown or revoked`
            : `message from ${source} with an unknown or revoked API key`,
      };
    }
    // The same least privilege as POST /ingest: only a key with the ingest scope writes logs.
    if (!scopesAllow(key.scopes, 'ingest')) return { refusal: `message from ${source}: API key "${key.name}" lacks the scope "ingest"` };
    return { key };
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
