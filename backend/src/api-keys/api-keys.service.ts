import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditTrail } from '../audit';
import { DEFAULT_API_KEY_SCOPES } from '../common/auth/api-key-scopes';
import { Clock } from '../common/clock';
import type { AuthenticatedApiKey } from '../common/auth/auth.types';
import { API_KEY_PREFIX, generateApiKey, hashApiKey } from './api-key-secret';
import { ApiKeysRepository } from './api-keys.repository';

interface CachedVerdict {
  key: AuthenticatedApiKey | null;
  /** When the key itself stops working (expires_at), checked on every use of the cached verdict. */
  keyExpiresAt: number;
  expiresAt: number;
}

// Verdicts are cached briefly so that the ingest path does not query per request. Revoking
// on this instance evicts at once; other instances notice within this time.
const CACHE_TTL_MS = 2000;
const CACHE_MAX_ENTRIES = 10_000;
// Generated keys are 47 characters; anything much longer is not one of ours.
const MAX_PRESENTED_LENGTH = 128;
// last_used_at is a hint, not an audit log: written at most once a minute per key.
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiKeysService {
  private readonly cache = new Map<string, CachedVerdict>();
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async create(input: {
    name: string;
    serviceId?: string | null;
    createdById?: string | null;
    scopes?: string[];
    expiresAt?: Date | null;
  }) {
    if (input.expiresAt && input.expiresAt.getTime() <= this.clock.now().getTime()) {
      throw new BadRequestException({
        message: 'expires_at must be in the future',
        details: [{ field: 'expires_at', errors: ['expires_at must be in the future'] }],
      });
    }
    const { key, prefix, hash } = generateApiKey();
    const record = await this.keys.create({
      name: input.name,
      serviceId: input.serviceId ?? null,
      prefix,
      keyHash: hash,
      createdById: input.createdById ?? null,
      scopes: [...new Set(input.scopes ?? DEFAULT_API_KEY_SCOPES)],
      expiresAt: input.expiresAt ?? null,
    });
    await this.audit.record({ action: 'api_key.created', targetType: 'api_key', targetId: record.id, after: auditedKey(record) });
    return { key, record };
  }

  list() {
    return this.keys.list();
  }

  async revoke(id: string) {
    const existing = await this.keys.findById(id);
    if (!existing) throw new NotFoundException(`API key ${id} not found`);
    if (existing.revokedAt) return existing;
    const record = await this.keys.markRevoked(id, this.clock.now());
    this.cache.delete(existing.keyHash);
    await this.audit.record({
      action: 'api_key.revoked',
      targetType: 'api_key',
      targetId: id,
      before: auditedKey(existing),
      after: auditedKey(record),
    });
    return record;
  }

  /** The key's identity, or null when it is unknown, revoked or expired. */
  async verify(presented: string): Promise<AuthenticatedApiKey | null> {
    // Garbage is refused without a query or a cache entry.
    if (!presented.startsWith(API_KEY_PREFIX) || presented.length > MAX_PRESENTED_LENGTH) return null;
    const hash = hashApiKey(presented);
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && cached.expiresAt > now) return this.usable(cached);
    const row = await this.keys.findByHash(hash);
    const key = row && !row.revokedAt ? { id: row.id, name: row.name, serviceId: row.serviceId, scopes: row.scopes } : null;
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
    const verdict = { key, keyExpiresAt: row?.expiresAt?.getTime() ?? Infinity, expiresAt: now + CACHE_TTL_MS };
    this.cache.set(hash, verdict);
    return this.usable(verdict);
  }

  /** Expiry is compared with the injected clock (not the cache's wall clock) so tests can move past it. */
  private usable(verdict: CachedVerdict): AuthenticatedApiKey | null {
    if (!verdict.key || verdict.keyExpiresAt <= this.clock.now().getTime()) return null;
    this.touch(verdict.key.id, Date.now());
    return verdict.key;
  }

  private touch(id: string, now: number): void {
    if (now - (this.lastUsedWritten.get(id) ?? 0) < LAST_USED_RESOLUTION_MS) return;
    this.lastUsedWritten.set(id, now);
    void this.keys.touchLastUsed(id, this.clock.now()).catch(() => this.lastUsedWritten.delete(id));
  }
}

/** What the audit trail keeps of a key: never its hash. */
const auditedKey = (key: {
  name: string;
  serviceId: string | null;
  prefix: string;
  scopes: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
}) => ({
  name: key.name,
  service_id: key.serviceId,
  prefix: key.prefix,
  scopes: key.scopes,
  expires_at: key.expiresAt,
  revoked_at: key.revokedAt,
});
