interface DatabaseError {
  code?: unknown;
  constraint?: unknown;
  cause?: { code?: unknown; constraint?: unknown };
}

/**
 * Whether a write failed on a unique constraint (or on `constraint`, when named), whichever
 * way it was sent: node-postgres (SQLSTATE 23505), Prisma (P2002), or Prisma's driver
 * adapter wrapping the PostgreSQL error as `cause`. Prisma names the fields, not the
 * constraint: a check for a named constraint is answered from PostgreSQL's error only.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as DatabaseError | null | undefined;
  const postgres = e?.code === '23505' ? e : e?.cause?.code === '23505' ? e.cause : undefined;
  if (postgres) return constraint === undefined || postgres.constraint === constraint;
  return e?.code === 'P2002' && constraint === undefined;
}
