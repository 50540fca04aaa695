-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "scopes" TEXT[] DEFAULT ARRAY['ingest']::TEXT[];

-- AlterTable
ALTER TABLE "incidents" ADD COLUMN     "source" VARCHAR(32) NOT NULL DEFAULT 'detection';

-- CreateTable
CREATE TABLE "external_alerts" (
    "incident_id" UUID NOT NULL,
    "source" VARCHAR(32) NOT NULL,
    "fingerprint" VARCHAR(255) NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "annotations" JSONB NOT NULL DEFAULT '{}',
    "generator_url" TEXT,
    "starts_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "external_alerts_pkey" PRIMARY KEY ("incident_id")
);

-- CreateIndex
CREATE INDEX "external_alerts_source_fingerprint_created_at_idx" ON "external_alerts"("source", "fingerprint", "created_at");

-- AddForeignKey
ALTER TABLE "external_alerts" ADD CONSTRAINT "external_alerts_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Added by hand: every key has scopes (Prisma cannot say NOT NULL on a list); existing keys
-- got the default, ingest, which is what they could do before scopes existed.
ALTER TABLE "api_keys" ALTER COLUMN "scopes" SET NOT NULL;

-- Added by hand: incidents a person opened were created by "user:<id>"; detection's by "system:<rule>".
UPDATE "incidents" SET "source" = 'manual' WHERE "created_by" LIKE 'user:%';
