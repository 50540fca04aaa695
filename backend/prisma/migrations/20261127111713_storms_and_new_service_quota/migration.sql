-- Two caps against one request opening hundreds of incidents:
--   service_introductions: which API key introduced which never-seen service id, and when
--     (INGEST_NEW_SERVICES_PER_KEY_PER_HOUR, counted here so that every instance sees it);
--   incident_storm_services: the services an "incident storm" incident groups once a rule
--     has opened DETECTION_MAX_INCIDENTS_PER_RULE_PER_MINUTE incidents within a minute;
--   incidents (rule_id, created_at): that per-rule count, read under the rule's lock.
-- Nothing written by hand: Prisma expresses all of it.

-- CreateTable
CREATE TABLE "service_introductions" (
    "service_id" VARCHAR(128) NOT NULL,
    "api_key_id" UUID NOT NULL,
    "introduced_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "service_introductions_pkey" PRIMARY KEY ("service_id")
);

-- CreateTable
CREATE TABLE "incident_storm_services" (
    "incident_id" UUID NOT NULL,
    "service_id" VARCHAR(128) NOT NULL,
    "log_count" INTEGER NOT NULL,
    "joined_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incident_storm_services_pkey" PRIMARY KEY ("incident_id","service_id")
);

-- CreateIndex
CREATE INDEX "service_introductions_api_key_id_introduced_at_idx" ON "service_introductions"("api_key_id", "introduced_at");

-- CreateIndex
CREATE INDEX "incidents_rule_id_created_at_idx" ON "incidents"("rule_id", "created_at");

-- AddForeignKey
ALTER TABLE "service_introductions" ADD CONSTRAINT "service_introductions_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_storm_services" ADD CONSTRAINT "incident_storm_services_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
