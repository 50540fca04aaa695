-- Schedule targets of escalation steps point at real schedules (the two features were built
-- apart; the key is added now that both exist). Deleting a schedule removes it from the steps
-- that named it, as deleting a user or a channel does.
ALTER TABLE "escalation_step_targets" ADD CONSTRAINT "escalation_step_targets_schedule_id_fkey"
  FOREIGN KEY ("schedule_id") REFERENCES "schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
