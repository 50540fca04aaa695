import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { ContactMethod, Prisma } from '../generated/prisma/client';

/** The contact_methods table (a WEBHOOK address is stored sealed by the notifications' cipher). */
@Injectable()
export class ContactMethodsRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(data: Prisma.ContactMethodUncheckedCreateInput): Promise<ContactMethod> {
    return this.prisma.contactMethod.create({ data });
  }

  /** Oldest first. */
  listForUser(userId: string): Promise<ContactMethod[]> {
    return this.prisma.contactMethod.findMany({ where: { userId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  countForUser(userId: string): Promise<number> {
    return this.prisma.contactMethod.count({ where: { userId } });
  }

  findForUser(userId: string, id: string): Promise<ContactMethod | null> {
    return this.prisma.contactMethod.findFirst({ where: { id, userId } });
  }

  /** A new pending code: the attempts start over. */
  setCode(id: string, codeHash: string, expiresAt: Date): Promise<ContactMethod> {
    return this.prisma.contactMethod.update({
      where: { id },
      data: { verificationCodeHash: codeHash, verificationExpiresAt: expiresAt, verificationAttempts: 0 },
    });
  }

  /**
   * Counts one guess, only while fewer than `max` were made: concurrent guesses cannot
   * exceed the limit. Returns the code as it was, or null when no guess is left.
   */
  async takeAttempt(id: string, max: number): Promise<{ codeHash: string | null; expiresAt: Date | null } | null> {
    const rows = await this.prisma.$queryRaw<Array<{ code_hash: string | null; expires_at: Date | null }>>`
      UPDATE contact_methods SET verification_attempts = verification_attempts + 1
      WHERE id = ${id}::uuid AND verification_attempts < ${max}
      RETURNING verification_code_hash AS code_hash, verification_expires_at AS expires_at`;
    const row = rows[0];
    return row ? { codeHash: row.code_hash, expiresAt: row.expires_at } : null;
  }

  markVerified(id: string, at: Date): Promise<ContactMethod> {
    return this.prisma.contactMethod.update({
      where: { id },
      data: { verifiedAt: at, verificationCodeHash: null, verificationExpiresAt: null, verificationAttempts: 0 },
    });
  }

  async delete(userId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.contactMethod.deleteMany({ where: { id, userId } });
    return count > 0;
  }
}
