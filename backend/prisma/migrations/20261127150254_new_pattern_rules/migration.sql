-- AlterEnum
ALTER TYPE "RuleKind" ADD VALUE 'NEW_PATTERN';

-- AlterTable
ALTER TABLE "detection_rules" ADD COLUMN     "learning_seconds" INTEGER;

-- CreateTable
CREATE TABLE "known_templates" (
    "rule_id" UUID NOT NULL,
    "service_id" VARCHAR(128) NOT NULL,
    "template_hash" CHAR(64) NOT NULL,
    "template" TEXT NOT NULL,
    "during_learning" BOOLEAN NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "known_templates_pkey" PRIMARY KEY ("rule_id","service_id","template_hash")
);

-- CreateTable
CREATE TABLE "new_pattern_cursors" (
    "rule_id" UUID NOT NULL,
    "last_log_id" BIGINT NOT NULL,
    "learning_until" TIMESTAMPTZ(3) NOT NULL,
    "over_cap_count" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "new_pattern_cursors_pkey" PRIMARY KEY ("rule_id")
);

-- AddForeignKey
ALTER TABLE "known_templates" ADD CONSTRAINT "known_templates_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "detection_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "new_pattern_cursors" ADD CONSTRAINT "new_pattern_cursors_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "detection_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
