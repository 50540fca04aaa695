-- The database roles of a production deployment (docker-compose.yml runs this file once, when
-- the database is created; it is also safe to run again, by a superuser, on an existing one):
--
--   incidents_owner  owns the schema and everything in it; migrations run as it. Not a superuser.
--   incidents_app    what the app connects as: it reads and writes rows, and nothing else. It
--                    cannot create, alter or drop objects, truncate tables or disable triggers,
--                    so the append-only incident timeline holds against the app's own connection
--                    too. The two pieces of DDL the app needs (creating tomorrow's log partitions,
--                    dropping expired ones) are SECURITY DEFINER functions owned by incidents_owner.
--
-- Both are created without a password: init-roles.sh sets them from the environment (by hand:
-- ALTER ROLE incidents_app WITH LOGIN PASSWORD '...').

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'incidents_owner') THEN
    CREATE ROLE incidents_owner NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'incidents_app') THEN
    CREATE ROLE incidents_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
  END IF;
  -- Only these two connect, and nobody creates temporary tables (nothing here needs them).
  -- CREATE for the owner: the first migration says CREATE SCHEMA IF NOT EXISTS "public".
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO incidents_owner, incidents_app', current_database());
  EXECUTE format('GRANT CREATE ON DATABASE %I TO incidents_owner', current_database());
END $$;

-- The owner creates in the schema; the app only looks things up in it.
ALTER SCHEMA public OWNER TO incidents_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO incidents_app;

-- An existing database (created before these roles, by another role): hand every object of
-- the schema over to the owner, so that migrations can change them and the app cannot.
DO $$
DECLARE
  object record;
BEGIN
  FOR object IN
    SELECT c.relname AS name, c.relkind AS kind FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
       AND pg_get_userbyid(c.relowner) <> 'incidents_owner'
       -- A sequence owned by a column changes owner with its table.
       AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
  LOOP
    EXECUTE format('ALTER %s public.%I OWNER TO incidents_owner',
      CASE object.kind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                       WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, object.name);
  END LOOP;
  FOR object IN
    SELECT p.oid::regprocedure::text AS name FROM pg_proc p
     WHERE p.pronamespace = 'public'::regnamespace AND pg_get_userbyid(p.proowner) <> 'incidents_owner'
  LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO incidents_owner', object.name);
  END LOOP;
  FOR object IN
    SELECT t.typname AS name FROM pg_type t
     WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'c') AND pg_get_userbyid(t.typowner) <> 'incidents_owner'
       AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c')
  LOOP
    EXECUTE format('ALTER TYPE public.%I OWNER TO incidents_owner', object.name);
  END LOOP;
END $$;

-- What the app may do: rows of every table (TRUNCATE, REFERENCES and TRIGGER are left out),
-- the sequences behind them, the functions. For what exists now, and for what the owner
-- creates later (migrations, daily log partitions).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO incidents_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO incidents_app;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO incidents_app;
ALTER DEFAULT PRIVILEGES FOR ROLE incidents_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO incidents_app;
ALTER DEFAULT PRIVILEGES FOR ROLE incidents_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO incidents_app;
ALTER DEFAULT PRIVILEGES FOR ROLE incidents_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE incidents_owner IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO incidents_app;
