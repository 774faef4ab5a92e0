-- 999: applied last, at every install and every update, so that no object
-- is missed.
--   encoding:  the database is not SQL_ASCII (text would go unchecked);
--   check:     every table of schema supporthub has row-level security
--              enabled and forced, a read policy, a comment on itself and on
--              every column, and its pg_extension_config_dump registration,
--              and every index, constraint, policy, function and enum type
--              has a comment; otherwise the install (or update) fails,
--              naming what is missing;
--   tables:    SELECT for supporthub_service (RLS filters it), all DML for
--              supporthub_api, nothing for anyone else; no SELECT on a
--              column named *_hash for any role;
--   functions: EXECUTE for supporthub_service and supporthub_api only; the
--              SECURITY DEFINER ones are owned by supporthub_api, which is
--              neither superuser nor BYPASSRLS.

DO $encoding$
BEGIN
	IF pg_catalog.getdatabaseencoding() OPERATOR(pg_catalog.=) 'SQL_ASCII' THEN
		RAISE EXCEPTION USING
			ERRCODE = 'feature_not_supported',
			MESSAGE = 'supporthub needs a database with a real encoding, and this one is SQL_ASCII',
			DETAIL = 'In a SQL_ASCII database text is not checked, so names cannot be compared or limited in characters.',
			HINT = 'Create the database with ENCODING ''UTF8'' (CREATE DATABASE … ENCODING ''UTF8'' TEMPLATE template0) and install supporthub there.';
	END IF;
END
$encoding$;

DO $complete$
DECLARE
	problems text;
	undescribed text;
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

	-- what pgAdmin and \d+ show must be explained too
	SELECT string_agg(o.what, E'\n' ORDER BY o.what)
	  INTO undescribed
	  FROM (SELECT format('index supporthub.%I: no COMMENT', i.relname) AS what
			  FROM pg_catalog.pg_class i
			 WHERE i.relnamespace OPERATOR(pg_catalog.=) 'supporthub'::regnamespace
			   AND i.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['i', 'I']::"char"[])
			   AND pg_catalog.obj_description(i.oid, 'pg_class') IS NULL
			UNION ALL
			SELECT format('constraint %I on supporthub.%I: no COMMENT', k.conname, r.relname)
			  FROM pg_catalog.pg_constraint k
			  JOIN pg_catalog.pg_class r ON r.oid OPERATOR(pg_catalog.=) k.conrelid
			 WHERE k.connamespace OPERATOR(pg_catalog.=) 'supporthub'::regnamespace
			   AND pg_catalog.obj_description(k.oid, 'pg_constraint') IS NULL
			UNION ALL
			SELECT format('policy %I on supporthub.%I: no COMMENT', p.polname, r.relname)
			  FROM pg_catalog.pg_policy p
			  JOIN pg_catalog.pg_class r ON r.oid OPERATOR(pg_catalog.=) p.polrelid
			 WHERE r.relnamespace OPERATOR(pg_catalog.=) 'supporthub'::regnamespace
			   AND pg_catalog.obj_description(p.oid, 'pg_policy') IS NULL
			UNION ALL
			SELECT format('function supporthub.%s: no COMMENT', f.oid::regprocedure)
			  FROM pg_catalog.pg_proc f
			 WHERE f.pronamespace OPERATOR(pg_catalog.=) 'supporthub'::regnamespace
			   AND pg_catalog.obj_description(f.oid, 'pg_proc') IS NULL
			UNION ALL
			SELECT format('type supporthub.%I: no COMMENT', t.typname)
			  FROM pg_catalog.pg_type t
			 WHERE t.typnamespace OPERATOR(pg_catalog.=) 'supporthub'::regnamespace
			   AND t.typtype OPERATOR(pg_catalog.=) 'e'
			   AND pg_catalog.obj_description(t.oid, 'pg_type') IS NULL) o;
	problems := nullif(concat_ws(E'\n', problems, undescribed), '');
	IF problems IS NOT NULL THEN
		RAISE EXCEPTION USING
			ERRCODE = 'invalid_table_definition',
			MESSAGE = 'supporthub: an object is not protected or not described',
			DETAIL = problems,
			HINT = 'The migration that creates a table enables and forces row-level security, creates its read policy, comments the table and each column, and registers it with pg_extension_config_dump; every index, constraint, policy, function and type gets a COMMENT.';
	END IF;
END
$complete$;

REVOKE ALL ON ALL TABLES IN SCHEMA supporthub FROM PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA supporthub TO supporthub_service;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA supporthub TO supporthub_api;

-- A column named *_hash holds a secret's digest (a password hash, a
-- token's SHA-256): no role may read it, the API's own included — the C
-- code compares digests by direct index probes, which need no privilege.
-- Such a table gets SELECT on its other columns only.
DO $secrets$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT c.oid::regclass AS tab,
					string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
						FILTER (WHERE a.attname NOT LIKE '%\_hash') AS readable
			   FROM pg_catalog.pg_class c
			   JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) c.oid
			  WHERE c.relnamespace OPERATOR(pg_catalog.=) 'supporthub'::regnamespace
				AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p']::"char"[])
				AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped
			  GROUP BY c.oid
			 HAVING pg_catalog.bool_or(a.attname LIKE '%\_hash')
	LOOP
		EXECUTE format('REVOKE SELECT ON %s FROM supporthub_service, supporthub_api', r.tab);
		EXECUTE format('GRANT SELECT (%s) ON %s TO supporthub_service, supporthub_api', r.readable, r.tab);
	END LOOP;
END
$secrets$;

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
