-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'RESPONDER', 'VIEWER');

-- CreateEnum
CREATE TYPE "LogLevel" AS ENUM ('DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'RESOLVED');

-- CreateEnum
CREATE TYPE "RuleKind" AS ENUM ('THRESHOLD', 'ANOMALY');

-- CreateEnum
CREATE TYPE "ChannelType" AS ENUM ('SLACK', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "service_id" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "login_attempts" (
    "id" BIGSERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "login_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "logs" (
    "id" BIGSERIAL NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "service_id" VARCHAR(128) NOT NULL,
    "level" "LogLevel" NOT NULL,
    "message" TEXT NOT NULL,
    "metadata" JSONB,

    CONSTRAINT "logs_pkey" PRIMARY KEY ("timestamp","id")
) PARTITION BY RANGE ("timestamp");

-- CreateTable
CREATE TABLE "services" (
    "service_id" VARCHAR(128) NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "services_pkey" PRIMARY KEY ("service_id")
);

-- CreateTable
CREATE TABLE "detection_rules" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "kind" "RuleKind" NOT NULL,
    "level" "LogLevel" NOT NULL DEFAULT 'ERROR',
    "service_id" VARCHAR(128),
    "window_seconds" INTEGER NOT NULL,
    "threshold" INTEGER,
    "baseline_minutes" INTEGER,
    "z_score" DOUBLE PRECISION,
    "min_count" INTEGER,
    "min_baseline_minutes" INTEGER,
    "severity" "Severity" NOT NULL,
    "auto_resolve_seconds" INTEGER,
    "message_pattern" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "detection_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incidents" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "severity" "Severity" NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'OPEN',
    "service_id" VARCHAR(128),
    "rule_id" UUID,
    "fingerprint" TEXT,
    "previous_incident_id" UUID,
    "assignee_id" UUID,
    "created_by" TEXT NOT NULL,
    "log_count" INTEGER NOT NULL DEFAULT 0,
    "first_seen_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3),
    "acknowledged_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "resolution" TEXT,
    "root_cause" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_logs" (
    "incident_id" UUID NOT NULL,
    "log_id" BIGINT NOT NULL,
    "log_ts" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incident_logs_pkey" PRIMARY KEY ("incident_id","log_id")
);

-- CreateTable
CREATE TABLE "incident_events" (
    "id" BIGSERIAL NOT NULL,
    "incident_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "actor_user_id" UUID,
    "before" JSONB,
    "after" JSONB,
    "body" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_channels" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" "ChannelType" NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT,
    "events" TEXT[],
    "min_severity" "Severity" NOT NULL DEFAULT 'LOW',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_events" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "incident_id" UUID,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatched_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_deliveries" (
    "id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "channel_id" UUID NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_status_code" INTEGER,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "login_attempts_email_ip_attempted_at_idx" ON "login_attempts"("email", "ip", "attempted_at");

-- CreateIndex
CREATE INDEX "logs_level_timestamp_idx" ON "logs"("level", "timestamp");

-- CreateIndex
CREATE INDEX "logs_service_id_level_timestamp_idx" ON "logs"("service_id", "level", "timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "detection_rules_name_key" ON "detection_rules"("name");

-- CreateIndex
CREATE INDEX "incidents_status_created_at_idx" ON "incidents"("status", "created_at");

-- CreateIndex
CREATE INDEX "incidents_service_id_created_at_idx" ON "incidents"("service_id", "created_at");

-- CreateIndex
CREATE INDEX "incidents_fingerprint_created_at_idx" ON "incidents"("fingerprint", "created_at");

-- CreateIndex
CREATE INDEX "incident_logs_log_ts_idx" ON "incident_logs"("log_ts");

-- CreateIndex
CREATE INDEX "incident_events_incident_id_id_idx" ON "incident_events"("incident_id", "id");

-- CreateIndex
CREATE INDEX "outbox_events_dispatched_at_created_at_idx" ON "outbox_events"("dispatched_at", "created_at");

-- CreateIndex
CREATE INDEX "notification_deliveries_status_next_attempt_at_idx" ON "notification_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "notification_deliveries_channel_id_created_at_idx" ON "notification_deliveries"("channel_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "notification_deliveries_event_id_channel_id_key" ON "notification_deliveries"("event_id", "channel_id");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "detection_rules"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_previous_incident_id_fkey" FOREIGN KEY ("previous_incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_logs" ADD CONSTRAINT "incident_logs_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "outbox_events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "notification_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------
-- Written by hand: what Prisma's schema language cannot express.
-- ---------------------------------------------------------------------------------------

-- Logs are partitioned by day (see IMPLEMENTATION_JOURNEY.md): retention drops whole
-- partitions instead of deleting rows, and time-bounded queries skip the other days.
-- Partitions are created ahead of time by ensure_log_partitions(), called at boot and
-- every hour; rows outside every daily partition (far past, far future) land in the default
-- partition, which retention cleans by batched DELETE.
CREATE TABLE "logs_default" PARTITION OF "logs" DEFAULT;

CREATE FUNCTION ensure_log_partitions(first_day date, last_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  day date := first_day;
  created integer := 0;
  partition_name text;
BEGIN
  WHILE day <= last_day LOOP
    partition_name := 'logs_p' || to_char(day, 'YYYYMMDD');
    IF to_regclass(partition_name) IS NULL THEN
      BEGIN
        EXECUTE format(
          'CREATE TABLE %I PARTITION OF logs FOR VALUES FROM (%L) TO (%L)',
          partition_name, (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
        created := created + 1;
      EXCEPTION
        -- Another instance created it first, or the default partition already holds rows of
        -- that day (then they stay there and retention handles them): nothing to do.
        WHEN duplicate_table OR check_violation OR invalid_object_definition THEN NULL;
      END;
    END IF;
    day := day + 1;
  END LOOP;
  RETURN created;
END;
$$;

-- GET /logs/:id looks logs up by id alone.
CREATE INDEX "logs_id_idx" ON "logs" ("id");

-- Free-text search on the message (`q`): word search with the 'simple' configuration (no
-- stemming, no stop words: log text is not prose). Chosen over pg_trgm because a trigram
-- index costs several times more per inserted row (IMPLEMENTATION_JOURNEY.md).
CREATE INDEX "logs_message_fts_idx" ON "logs" USING GIN (to_tsvector('simple', "message"));

-- One open incident per problem, whichever instance detects it.
CREATE UNIQUE INDEX "incidents_open_fingerprint_key" ON "incidents" ("fingerprint")
  WHERE "status" <> 'RESOLVED' AND "fingerprint" IS NOT NULL;

-- The timeline is append-only: the database itself refuses to change or remove entries.
CREATE FUNCTION refuse_timeline_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'incident_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "incident_events_append_only"
  BEFORE UPDATE OR DELETE ON "incident_events"
  FOR EACH ROW EXECUTE FUNCTION refuse_timeline_change();

CREATE TRIGGER "incident_events_no_truncate"
  BEFORE TRUNCATE ON "incident_events"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_timeline_change();

-- Every outbox row wakes the notification workers and live-update gateways of every app
-- instance (LISTEN incident_events). NOTIFY is sent on commit, never for a rolled-back change.
CREATE FUNCTION notify_outbox_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('incident_events',
    json_build_object('id', NEW.id, 'type', NEW.type, 'incident_id', NEW.incident_id)::text);
  RETURN NEW;
END;
$$;

CREATE TRIGGER "outbox_events_notify"
  AFTER INSERT ON "outbox_events"
  FOR EACH ROW EXECUTE FUNCTION notify_outbox_event();
