-- No change to the data model: written by hand.
--
-- The app may connect as a role that only reads and writes rows (backend/db/roles.sql). The
-- two pieces of DDL it runs itself, creating the coming days' log partitions and dropping
-- expired ones, then run as the owner of `logs` through these SECURITY DEFINER functions,
-- which do exactly that and nothing else. Each pins its search_path (pg_catalog first, then
-- public, where only the owner may create; the session's temporary schema last) so that no
-- object created elsewhere can stand in for the ones it names. ensure_log_partitions creates
-- its partitions in the first schema of that path, public.

ALTER FUNCTION ensure_log_partitions(date, date) SECURITY DEFINER SET search_path = public, pg_temp;

-- Detaches and drops one daily partition of `logs` (logs_pYYYYMMDD); returns false, touching
-- nothing, for any other name. The caller holds the ACCESS EXCLUSIVE lock on `logs` and has
-- checked that no unresolved incident needs the day (LogRetentionRepository).
CREATE FUNCTION drop_log_partition(partition_name text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF partition_name !~ '^logs_p[0-9]{8}$' OR NOT EXISTS (
       SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'public.logs'::regclass AND c.relname = partition_name) THEN
    RETURN false;
  END IF;
  EXECUTE format('ALTER TABLE public.logs DETACH PARTITION public.%I', partition_name);
  EXECUTE format('DROP TABLE public.%I', partition_name);
  RETURN true;
END;
$$;
