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
--   functions: the SECURITY DEFINER ones are owned by supporthub_api,
--              which is neither superuser nor BYPASSRLS; EXECUTE on the
--              platform functions (one list, below) for
--              supporthub_platform, on every other function for
--              supporthub_service, and on every other function but act_as
--              and act_as_tenant for supporthub_authenticator, which also
--              reads the tables supporthub_service reads; supporthub_api
--              executes everything, PUBLIC nothing.

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
-- the same whether this runs at install or again at an update (where the
-- revoke also takes the platform functions away from supporthub_service,
-- which held them in 1.0)
-- (ROUTINES: the functions and the procedures, sign_in and refresh_session)
REVOKE ALL ON ALL ROUTINES IN SCHEMA supporthub
	FROM PUBLIC, supporthub_service, supporthub_platform, supporthub_authenticator;
GRANT EXECUTE ON ALL ROUTINES IN SCHEMA supporthub TO supporthub_api;

-- Who executes what, by name.  The platform functions act on every tenant
-- and need no actor: supporthub_platform alone (a new one, such as a job
-- run over every tenant, joins this list).  act_as and act_as_tenant
-- set an actor by naming an id: not for supporthub_authenticator, which
-- must act through a person's token.  A name listed here that is not a
-- function fails the install (a misspelt name would protect nothing); a
-- function whose C code runs it as a platform function but which is
-- missing from the list refuses every call (src/api/api_call.c), and
-- test/pgtap/13_roles.sql lists, for each role, every function it may
-- execute.
DO $execute$
DECLARE
	platform CONSTANT text[] := ARRAY['create_tenant', 'get_tenants', 'get_tenant_by_id',
									  'update_tenant', 'delete_tenant', 'purge_expired_auth'];
	acting CONSTANT text[] := ARRAY['act_as', 'act_as_tenant'];
	missing text;
	f record;
BEGIN
	SELECT string_agg(n, ', ' ORDER BY n) INTO missing
	  FROM unnest(platform OPERATOR(pg_catalog.||) acting) n
	 WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_proc p
						WHERE p.pronamespace OPERATOR(pg_catalog.=) 'supporthub'::regnamespace
						  AND p.proname OPERATOR(pg_catalog.=) n);
	IF missing IS NOT NULL THEN
		RAISE EXCEPTION USING
			ERRCODE = 'undefined_function',
			MESSAGE = 'supporthub: a function named in the grants does not exist',
			DETAIL = missing,
			HINT = 'The lists of 999_finalize_privileges.sql name functions of schema supporthub; correct or remove the name.';
	END IF;
	FOR f IN SELECT p.oid::regprocedure AS fn, p.proname
			   FROM pg_catalog.pg_proc p
			  WHERE p.pronamespace OPERATOR(pg_catalog.=) 'supporthub'::regnamespace
			  ORDER BY p.oid
	LOOP
		IF f.proname OPERATOR(pg_catalog.=) ANY (platform) THEN
			EXECUTE pg_catalog.format('GRANT EXECUTE ON ROUTINE %s TO supporthub_platform', f.fn);
		ELSIF f.proname OPERATOR(pg_catalog.=) ANY (acting) THEN
			EXECUTE pg_catalog.format('GRANT EXECUTE ON ROUTINE %s TO supporthub_service', f.fn);
		ELSE
			EXECUTE pg_catalog.format('GRANT EXECUTE ON ROUTINE %s TO supporthub_service, supporthub_authenticator', f.fn);
		END IF;
	END LOOP;
END
$execute$;

-- supporthub_authenticator reads what supporthub_service reads (row-level
-- security filters it alike): the same SELECT grants, table by table and
-- column by column, copied from the catalog after the table grants above.
DO $authenticator_reads$
DECLARE
	g record;
BEGIN
	REVOKE ALL ON ALL TABLES IN SCHEMA supporthub FROM supporthub_authenticator;
	FOR g IN SELECT c.oid::regclass AS tbl, NULL::name AS col
			   FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) x
			  WHERE c.relnamespace OPERATOR(pg_catalog.=) 'supporthub'::regnamespace
				AND x.grantee OPERATOR(pg_catalog.=) 'supporthub_service'::regrole
				AND x.privilege_type OPERATOR(pg_catalog.=) 'SELECT'
			 UNION ALL
			 SELECT c.oid::regclass, a.attname
			   FROM pg_catalog.pg_class c
			   JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) c.oid,
					pg_catalog.aclexplode(a.attacl) x
			  WHERE c.relnamespace OPERATOR(pg_catalog.=) 'supporthub'::regnamespace
				AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped
				AND x.grantee OPERATOR(pg_catalog.=) 'supporthub_service'::regrole
				AND x.privilege_type OPERATOR(pg_catalog.=) 'SELECT'
			 ORDER BY 1, 2
	LOOP
		IF g.col IS NULL THEN
			EXECUTE pg_catalog.format('GRANT SELECT ON TABLE %s TO supporthub_authenticator', g.tbl);
		ELSE
			EXECUTE pg_catalog.format('GRANT SELECT (%I) ON TABLE %s TO supporthub_authenticator', g.col, g.tbl);
		END IF;
	END LOOP;
END
$authenticator_reads$;
