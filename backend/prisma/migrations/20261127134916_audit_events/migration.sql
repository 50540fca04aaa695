-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" VARCHAR(16) NOT NULL,
    "actor_id" UUID,
    "actor_label" VARCHAR(320),
    "action" VARCHAR(64) NOT NULL,
    "target_type" VARCHAR(32) NOT NULL,
    "target_id" VARCHAR(128),
    "before" JSONB,
    "after" JSONB,
    "address" VARCHAR(64),
    "request_id" VARCHAR(128),

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events"("occurred_at");

-- CreateIndex
CREATE INDEX "audit_events_actor_id_id_idx" ON "audit_events"("actor_id", "id");

-- CreateIndex
CREATE INDEX "audit_events_target_type_target_id_id_idx" ON "audit_events"("target_type", "target_id", "id");

-- CreateIndex
CREATE INDEX "audit_events_action_id_idx" ON "audit_events"("action", "id");

-- The audit trail is append-only, enforced here and not only by the app: whoever holds the
-- app's credentials cannot rewrite who did what. The database stamps the time itself, so a
-- row cannot be back-dated into the deletable past. DELETE is allowed only for rows older
-- than 30 days: retention (AUDIT_RETENTION_DAYS, at least 30) is the only deleter, and the
-- most recent month is out of reach of anyone but the database owner dropping the trigger.
CREATE FUNCTION stamp_audit_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.occurred_at := now();
  RETURN NEW;
END;
$$;

CREATE TRIGGER "audit_events_stamp"
  BEFORE INSERT ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION stamp_audit_event();

CREATE FUNCTION refuse_audit_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.occurred_at < now() - interval '30 days' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_events_append_only"
  BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();

CREATE TRIGGER "audit_events_no_truncate"
  BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
