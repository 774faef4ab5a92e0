-- 999: applied last, at every install and every update, so that no object
-- is missed.
--   check:     every table of schema supporthub has row-level security
--              enabled and forced, a read policy, a comment on itself and on
--              every column, and its pg_extension_config_dump registration;
--              otherwise the install (or update) fails naming the table;
--   tables:    SELECT for supporthub_service (RLS filters it), all DML for
--              supporthub_api, nothing for anyone else;
--   functions: EXECUTE for supporthub_service and supporthub_api only; the
--              SECURITY DEFINER ones are owned by supporthub_api, which is
--              neither superuser nor BYPASSRLS.

DO $complete$
DECLARE
	problems text;
BEGIN
	SELECT string_agg(format('supporthub.%I: %s', c.relname, p.what), E'\n' ORDER BY c.relname, p.what)
	  INTO problems
	  FROM pg_catalog.pg_class c
	 CROSS JOIN LATERAL (
		SELECT 'row-level security is not enabled' AS what WHERE NOT c.relrowsecurity
		UNION ALL
		SELECT 'row-level security is not forced' WHERE NOT c.relforcerowsecurity
		UNION ALL
		SELECT 'no read policy (FOR SELECT or FOR ALL)'
		 WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_policy p
							WHERE p.polrelid OPERATOR(pg_catalog.=) c.oid
							  AND p.polcmd OPERATOR(pg_catalog.=) ANY (ARRAY['r', '*']::"char"[]))
		UNION ALL
		SELECT 'no COMMENT ON TABLE'
		 WHERE pg_catalog.obj_description(c.oid, 'pg_class') IS NULL
		UNION ALL
		SELECT format('no COMMENT ON COLUMN %I', a.attname)
		  FROM pg_catalog.pg_attribute a
		 WHERE a.attrelid OPERATOR(pg_catalog.=) c.oid AND a.attnum OPERATOR(pg_catalog.>) 0
		   AND NOT a.attisdropped
		   AND pg_catalog.col_description(c.oid, a.attnum) IS NULL
		UNION ALL
		SELECT 'not registered with pg_extension_config_dump (its rows would be missing from dumps)'
		 WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_extension e
							WHERE c.oid OPERATOR(pg_catalog.=) ANY (e.extconfig))) p
	 WHERE c.relnamespace OPERATOR(pg_catalog.=) 'supporthub'::regnamespace
	   AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p']::"char"[]);
	IF problems IS NOT NULL THEN
		RAISE EXCEPTION USING
			ERRCODE = 'invalid_table_definition',
			MESSAGE = 'supporthub: a table is not protected or not described',
			DETAIL = problems,
			HINT = 'The migration that creates a table enables and forces row-level security, creates its read policy, comments the table and each column, and registers it with pg_extension_config_dump.';
	END IF;
END
$complete$;

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
