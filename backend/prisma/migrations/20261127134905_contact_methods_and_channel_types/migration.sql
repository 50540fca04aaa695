-- CreateEnum
CREATE TYPE "ContactMethodType" AS ENUM ('EMAIL', 'SLACK_MEMBER', 'WEBHOOK');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ChannelType" ADD VALUE 'EMAIL';
ALTER TYPE "ChannelType" ADD VALUE 'MS_TEAMS';
ALTER TYPE "ChannelType" ADD VALUE 'PAGERDUTY';

-- AlterTable
ALTER TABLE "notification_channels" ADD COLUMN     "recipients" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "notification_deliveries" ADD COLUMN     "contact_method_id" UUID,
ALTER COLUMN "channel_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "contact_methods" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "type" "ContactMethodType" NOT NULL,
    "label" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "slack_channel_id" UUID,
    "verified_at" TIMESTAMPTZ(3),
    "verification_code_hash" TEXT,
    "verification_expires_at" TIMESTAMPTZ(3),
    "verification_attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contact_methods_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "contact_methods_user_id_idx" ON "contact_methods"("user_id");

-- CreateIndex
CREATE INDEX "notification_deliveries_contact_method_id_created_at_idx" ON "notification_deliveries"("contact_method_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "notification_deliveries_event_id_contact_method_id_key" ON "notification_deliveries"("event_id", "contact_method_id");

-- AddForeignKey
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_contact_method_id_fkey" FOREIGN KEY ("contact_method_id") REFERENCES "contact_methods"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_methods" ADD CONSTRAINT "contact_methods_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_methods" ADD CONSTRAINT "contact_methods_slack_channel_id_fkey" FOREIGN KEY ("slack_channel_id") REFERENCES "notification_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Added by hand: a delivery goes to exactly one target, a channel or a contact method.
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_one_target"
  CHECK (("channel_id" IS NULL) <> ("contact_method_id" IS NULL));

-- Added by hand: the worker's claim of due contact-method deliveries reads only PENDING rows.
CREATE INDEX "notification_deliveries_pending_contact_method_idx" ON "notification_deliveries" ("contact_method_id", "next_attempt_at")
  WHERE "status" = 'PENDING' AND "contact_method_id" IS NOT NULL;
