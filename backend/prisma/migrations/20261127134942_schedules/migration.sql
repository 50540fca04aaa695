-- CreateEnum
CREATE TYPE "RotationKind" AS ENUM ('DAILY', 'WEEKLY', 'HOURS');

-- CreateTable
CREATE TABLE "schedules" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule_layers" (
    "id" UUID NOT NULL,
    "schedule_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "rotation" "RotationKind" NOT NULL,
    "rotation_hours" INTEGER,
    "handoff_time" TEXT NOT NULL,
    "start_date" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,

    CONSTRAINT "schedule_layers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule_layer_participants" (
    "layer_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "user_id" UUID NOT NULL,

    CONSTRAINT "schedule_layer_participants_pkey" PRIMARY KEY ("layer_id","position")
);

-- CreateTable
CREATE TABLE "schedule_overrides" (
    "id" UUID NOT NULL,
    "schedule_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schedule_overrides_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "calendar_feeds" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "schedule_id" UUID,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calendar_feeds_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "schedules_name_key" ON "schedules"("name");

-- CreateIndex
CREATE UNIQUE INDEX "schedule_layers_schedule_id_position_key" ON "schedule_layers"("schedule_id", "position");

-- CreateIndex
CREATE INDEX "schedule_layer_participants_user_id_idx" ON "schedule_layer_participants"("user_id");

-- CreateIndex
CREATE INDEX "schedule_overrides_schedule_id_ends_at_idx" ON "schedule_overrides"("schedule_id", "ends_at");

-- CreateIndex
CREATE UNIQUE INDEX "calendar_feeds_token_hash_key" ON "calendar_feeds"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "calendar_feeds_user_id_schedule_id_key" ON "calendar_feeds"("user_id", "schedule_id");

-- AddForeignKey
ALTER TABLE "schedule_layers" ADD CONSTRAINT "schedule_layers_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_layer_participants" ADD CONSTRAINT "schedule_layer_participants_layer_id_fkey" FOREIGN KEY ("layer_id") REFERENCES "schedule_layers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_layer_participants" ADD CONSTRAINT "schedule_layer_participants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_overrides" ADD CONSTRAINT "schedule_overrides_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_overrides" ADD CONSTRAINT "schedule_overrides_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Added by hand: one per-user feed (schedule_id NULL) per user; the unique index above treats NULLs as distinct.
CREATE UNIQUE INDEX "calendar_feeds_user_id_own_key" ON "calendar_feeds"("user_id") WHERE "schedule_id" IS NULL;

-- Added by hand: an override covers a non-empty range.
ALTER TABLE "schedule_overrides" ADD CONSTRAINT "schedule_overrides_range_check" CHECK ("ends_at" > "starts_at");
