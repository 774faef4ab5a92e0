-- 999: privileges, applied last so that no object is missed.
--   tables:    SELECT for supporthub_service (RLS filters it), all DML for
--              supporthub_api, nothing for anyone else;
--   functions: EXECUTE for supporthub_service and supporthub_api only; the
--              SECURITY DEFINER ones are owned by supporthub_api, which is
--              neither superuser nor BYPASSRLS.

REVOKE ALL ON ALL TABLES IN SCHEMA supporthub FROM PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA supporthub TO supporthub_service;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA supporthub TO supporthub_api;

DO $own$
DECLARE
	f regprocedure;
BEGIN
	FOR f IN SELECT p.oid::regprocedure
			   FROM pg_catalog.pg_proc p
			  WHERE p.pronamespace = 'supporthub'::regnamespace AND p.prosecdef
	LOOP
		EXECUTE format('ALTER FUNCTION %s OWNER TO supporthub_api', f);
	END LOOP;
END
$own$;

-- after the owner change: pg_init_privs records the grants as the owner's,
-- the same whether this runs at install or again at an update
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA supporthub FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA supporthub TO supporthub_service, supporthub_api;
