-- CreateEnum
CREATE TYPE "EscalationTargetKind" AS ENUM ('USER', 'SCHEDULE', 'CHANNEL');

-- CreateEnum
CREATE TYPE "EscalationState" AS ENUM ('ESCALATING', 'ACKNOWLEDGED', 'EXHAUSTED', 'STOPPED');

-- CreateTable
CREATE TABLE "escalation_policies" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "repeat_count" INTEGER NOT NULL DEFAULT 0,
    "ack_timeout_minutes" INTEGER,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "escalation_policies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "escalation_steps" (
    "id" UUID NOT NULL,
    "policy_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "wait_minutes" INTEGER NOT NULL,

    CONSTRAINT "escalation_steps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "escalation_step_targets" (
    "id" UUID NOT NULL,
    "step_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "EscalationTargetKind" NOT NULL,
    "user_id" UUID,
    "schedule_id" UUID,
    "channel_id" UUID,

    CONSTRAINT "escalation_step_targets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "escalation_policy_rules" (
    "rule_id" UUID NOT NULL,
    "policy_id" UUID NOT NULL,

    CONSTRAINT "escalation_policy_rules_pkey" PRIMARY KEY ("rule_id")
);

-- CreateTable
CREATE TABLE "escalation_policy_services" (
    "service_id" VARCHAR(128) NOT NULL,
    "policy_id" UUID NOT NULL,

    CONSTRAINT "escalation_policy_services_pkey" PRIMARY KEY ("service_id")
);

-- CreateTable
CREATE TABLE "incident_escalations" (
    "incident_id" UUID NOT NULL,
    "policy_id" UUID NOT NULL,
    "state" "EscalationState" NOT NULL,
    "round" INTEGER NOT NULL,
    "step" INTEGER NOT NULL,
    "due_at" TIMESTAMPTZ(3),
    "last_step" INTEGER,
    "last_round" INTEGER,
    "last_step_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incident_escalations_pkey" PRIMARY KEY ("incident_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "escalation_policies_name_key" ON "escalation_policies"("name");

-- CreateIndex
CREATE UNIQUE INDEX "escalation_steps_policy_id_position_key" ON "escalation_steps"("policy_id", "position");

-- CreateIndex
CREATE INDEX "escalation_step_targets_user_id_idx" ON "escalation_step_targets"("user_id");

-- CreateIndex
CREATE INDEX "escalation_step_targets_channel_id_idx" ON "escalation_step_targets"("channel_id");

-- CreateIndex
CREATE UNIQUE INDEX "escalation_step_targets_step_id_position_key" ON "escalation_step_targets"("step_id", "position");

-- CreateIndex
CREATE INDEX "escalation_policy_rules_policy_id_idx" ON "escalation_policy_rules"("policy_id");

-- CreateIndex
CREATE INDEX "escalation_policy_services_policy_id_idx" ON "escalation_policy_services"("policy_id");

-- CreateIndex
CREATE INDEX "incident_escalations_due_at_idx" ON "incident_escalations"("due_at");

-- CreateIndex
CREATE INDEX "incident_escalations_policy_id_idx" ON "incident_escalations"("policy_id");

-- AddForeignKey
ALTER TABLE "escalation_steps" ADD CONSTRAINT "escalation_steps_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "escalation_policies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalation_step_targets" ADD CONSTRAINT "escalation_step_targets_step_id_fkey" FOREIGN KEY ("step_id") REFERENCES "escalation_steps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalation_policy_rules" ADD CONSTRAINT "escalation_policy_rules_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "escalation_policies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalation_policy_services" ADD CONSTRAINT "escalation_policy_services_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "escalation_policies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_escalations" ADD CONSTRAINT "incident_escalations_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "escalation_policies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Added by hand (Prisma cannot express these without back-relations on other features' models).
-- Targets and attachments go with what they name: deleting a user, channel or rule removes it from policies.
ALTER TABLE "escalation_step_targets" ADD CONSTRAINT "escalation_step_targets_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "escalation_step_targets" ADD CONSTRAINT "escalation_step_targets_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "notification_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "escalation_step_targets" ADD CONSTRAINT "escalation_step_targets_one_thing" CHECK (
  ("kind" = 'USER' AND "user_id" IS NOT NULL AND "schedule_id" IS NULL AND "channel_id" IS NULL) OR
  ("kind" = 'SCHEDULE' AND "schedule_id" IS NOT NULL AND "user_id" IS NULL AND "channel_id" IS NULL) OR
  ("kind" = 'CHANNEL' AND "channel_id" IS NOT NULL AND "user_id" IS NULL AND "schedule_id" IS NULL));
ALTER TABLE "escalation_policy_rules" ADD CONSTRAINT "escalation_policy_rules_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "detection_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "incident_escalations" ADD CONSTRAINT "incident_escalations_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- At most one default policy.
CREATE UNIQUE INDEX "escalation_policies_one_default" ON "escalation_policies" ("is_default") WHERE "is_default";
