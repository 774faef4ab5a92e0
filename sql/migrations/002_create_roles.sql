-- 002: the two cluster roles supporthub relies on, created when absent.
--
-- supporthub_service: NOLOGIN group role for applications; members may read
--   the tables (row-level security filters them) and call the API.
-- supporthub_api: NOLOGIN role that owns the SECURITY DEFINER API functions
--   and is the only role allowed to write the tables.  It is neither superuser
--   nor BYPASSRLS, so the policies hold inside the API as well.

DO $roles$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'supporthub_service') THEN
		CREATE ROLE supporthub_service NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'supporthub_api') THEN
		CREATE ROLE supporthub_api NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
	END IF;
END
$roles$;

GRANT USAGE ON SCHEMA supporthub TO supporthub_service, supporthub_api;
