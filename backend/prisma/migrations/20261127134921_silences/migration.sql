-- CreateTable
CREATE TABLE "silences" (
    "id" UUID NOT NULL,
    "service_pattern" TEXT,
    "service_regex" TEXT,
    "rule_id" UUID,
    "min_severity" "Severity",
    "title_contains" TEXT,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "comment" TEXT NOT NULL,
    "created_by_id" UUID NOT NULL,
    "rrule" TEXT,
    "start_time" TEXT,
    "duration_minutes" INTEGER,
    "time_zone" TEXT,
    "expired_at" TIMESTAMPTZ(3),
    "expired_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "silences_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "silence_windows" (
    "silence_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "silence_windows_pkey" PRIMARY KEY ("silence_id","starts_at")
);

-- CreateTable
CREATE TABLE "silence_holds" (
    "id" UUID NOT NULL,
    "silence_id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "held_at" TIMESTAMPTZ(3) NOT NULL,
    "journaled_at" TIMESTAMPTZ(3),
    "released_at" TIMESTAMPTZ(3),
    "outcome" TEXT,

    CONSTRAINT "silence_holds_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "silences_ends_at_idx" ON "silences"("ends_at");

-- CreateIndex
CREATE INDEX "silence_holds_silence_id_idx" ON "silence_holds"("silence_id");

-- AddForeignKey
ALTER TABLE "silence_windows" ADD CONSTRAINT "silence_windows_silence_id_fkey" FOREIGN KEY ("silence_id") REFERENCES "silences"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "silence_holds" ADD CONSTRAINT "silence_holds_silence_id_fkey" FOREIGN KEY ("silence_id") REFERENCES "silences"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand from here on.

-- A hold ends with its incident.
ALTER TABLE "silence_holds" ADD CONSTRAINT "silence_holds_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- At most one open hold per incident: two instances holding events of the same incident at
-- once record one hold (the second insert does nothing).
CREATE UNIQUE INDEX "silence_holds_open_incident_key" ON "silence_holds"("incident_id") WHERE "released_at" IS NULL;
-- The scheduler's two scans: holds to journal, open holds to release.
CREATE INDEX "silence_holds_unjournaled_idx" ON "silence_holds"("held_at") WHERE "journaled_at" IS NULL;
CREATE INDEX "silence_holds_open_idx" ON "silence_holds"("held_at") WHERE "released_at" IS NULL;
-- "Which windows are open at t", for every event the fan-out takes: a range index answers it
-- without reading the windows that ended (expired silences pile up) or that lie ahead.
CREATE INDEX "silence_windows_period_idx" ON "silence_windows" USING gist (tstzrange("starts_at", "ends_at", '[)'));

-- The silences feature's interface to the rest of the database: the notification fan-out
-- (DeliveriesRepository) and the incident list call these functions instead of reading the
-- silence tables themselves.

-- The silence holding an incident's notifications at p_at, or NULL. `p_incident` is the
-- incident snapshot of an outbox payload (service_id, rule_id, severity, title). An open
-- hold whose silence is still in force wins; otherwise the oldest matching silence with an
-- open window holds it, and the hold is recorded (once: partial unique index).
CREATE FUNCTION silence_hold(p_incident_id uuid, p_incident jsonb, p_at timestamptz) RETURNS uuid
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  holder uuid;
BEGIN
  SELECT h.silence_id INTO holder FROM silence_holds h
   WHERE h.incident_id = p_incident_id AND h.released_at IS NULL
     AND EXISTS (SELECT 1 FROM silence_windows w WHERE w.silence_id = h.silence_id AND w.starts_at <= p_at AND w.ends_at > p_at);
  IF holder IS NOT NULL THEN
    RETURN holder;
  END IF;
  SELECT s.id INTO holder FROM silence_windows w JOIN silences s ON s.id = w.silence_id
   WHERE tstzrange(w.starts_at, w.ends_at, '[)') @> p_at
     AND (s.service_regex IS NULL OR coalesce(p_incident->>'service_id', '') ~ s.service_regex)
     AND (s.rule_id IS NULL OR p_incident->>'rule_id' = s.rule_id::text)
     AND (s.min_severity IS NULL OR
          CASE WHEN p_incident->>'severity' IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')
               THEN (p_incident->>'severity')::"Severity" >= s.min_severity ELSE false END)
     AND (s.title_contains IS NULL OR strpos(lower(coalesce(p_incident->>'title', '')), lower(s.title_contains)) > 0)
   ORDER BY s.created_at, s.id
   LIMIT 1;
  IF holder IS NULL THEN
    RETURN NULL;
  END IF;
  -- An open hold may already exist whose silence has ended and awaits release: the release
  -- re-notifies, and that notification is held here again under this silence.
  INSERT INTO silence_holds (id, silence_id, incident_id, held_at)
  VALUES (gen_random_uuid(), holder, p_incident_id, p_at)
  ON CONFLICT (incident_id) WHERE released_at IS NULL DO NOTHING;
  RETURN holder;
END $$;

-- The silence of the incident's open hold (held now, or ended and about to be released), or NULL.
CREATE FUNCTION incident_silenced_by(p_incident_id uuid) RETURNS uuid
LANGUAGE sql STABLE AS $$
  SELECT silence_id FROM silence_holds WHERE incident_id = p_incident_id AND released_at IS NULL
$$;
