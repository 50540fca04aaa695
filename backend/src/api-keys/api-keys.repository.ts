import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

// Every column but the hash: lists never need it.
const LISTED_COLUMNS = {
  id: true,
  name: true,
  prefix: true,
  serviceId: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  scopes: true,
  expiresAt: true,
} as const;

/** The api_keys table. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(data: {
    name: string;
    serviceId: string | null;
    prefix: string;
    keyHash: string;
    createdById: string | null;
    scopes: string[];
    expiresAt: Date | null;
  }) {
    return this.prisma.apiKey.create({ data });
  }

  list() {
    return this.prisma.apiKey.findMany({ select: LISTED_COLUMNS, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  }

  findById(id: string) {
    return this.prisma.apiKey.findUnique({ where: { id } });
  }

  markRevoked(id: string, at: Date) {
    return this.prisma.apiKey.update({ where: { id }, data: { revokedAt: at } });
  }

  /** What verifying a presented key needs: its identity, scopes, and whether it was revoked or expires. */
  findByHash(keyHash: string) {
    return this.prisma.apiKey.findUnique({
      where: { keyHash },
      select: { id: true, name: true, serviceId: true, revokedAt: true, scopes: true, expiresAt: true },
    });
  }

  async touchLastUsed(id: string, at: Date): Promise<void> {
    await this.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: at } });
  }
}
