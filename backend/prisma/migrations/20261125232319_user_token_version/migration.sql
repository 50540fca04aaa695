-- Revocation of issued JWTs: every token carries the user's token_version (claim `ver`) and
-- is refused once it differs. A constant default makes this a catalog-only change (no table
-- rewrite); tokens issued before this migration carry no `ver` and count as version 0.

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "token_version" INTEGER NOT NULL DEFAULT 0;
