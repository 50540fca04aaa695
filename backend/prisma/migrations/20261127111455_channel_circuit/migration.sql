-- AlterTable
ALTER TABLE "notification_channels" ADD COLUMN     "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "paused_until" TIMESTAMPTZ(3);

-- ---------------------------------------------------------------------------------------
-- Written by hand: what Prisma's schema language cannot express.
-- ---------------------------------------------------------------------------------------

-- The delivery worker claims per channel, with at most NOTIFY_CHANNEL_CONCURRENCY attempts
-- in flight for each (so a receiver that never answers only holds its own slots): the due
-- deliveries of one channel in order, and its attempts in flight (claimed, so locked) counted.
-- Only PENDING rows: finished ones, most of the table, are never looked at here.
CREATE INDEX "notification_deliveries_channel_pending_idx" ON "notification_deliveries" ("channel_id", "next_attempt_at")
  WHERE "status" = 'PENDING';
CREATE INDEX "notification_deliveries_channel_in_flight_idx" ON "notification_deliveries" ("channel_id", "locked_until")
  WHERE "status" = 'PENDING' AND "locked_until" IS NOT NULL;
