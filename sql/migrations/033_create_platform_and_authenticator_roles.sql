-- 033: two more cluster roles, created when absent, so that each kind of
-- caller holds only what it needs (999 grants the functions to each):
--
-- supporthub_platform: NOLOGIN group role for whoever administers tenants
--   (create_tenant, get_tenants, get_tenant_by_id, update_tenant,
--   delete_tenant) and runs the jobs over all tenants; nothing else.
-- supporthub_authenticator: NOLOGIN group role for a web tier that signs
--   people in: the whole API, reset_actor and the readers, but neither the
--   platform functions nor act_as and act_as_tenant, so it cannot act for
--   anyone by naming an id.
--
-- In 1.0 the members of supporthub_service could call the platform
-- functions; from 1.1 on supporthub_service cannot.  On the update from
-- 1.0 only (000 says when that is), every member of supporthub_service is
-- granted supporthub_platform, so that an application that administered
-- tenants keeps working; a fresh install grants nothing to anyone.

DO $roles$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'supporthub_platform') THEN
		CREATE ROLE supporthub_platform NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'supporthub_authenticator') THEN
		CREATE ROLE supporthub_authenticator NOLOGIN;
	END IF;
END
$roles$;

GRANT USAGE ON SCHEMA supporthub TO supporthub_platform, supporthub_authenticator;

COMMENT ON ROLE supporthub_platform IS 'supporthub: NOLOGIN group role for tenant administration; its members call the platform functions (create_tenant, get_tenants, get_tenant_by_id, update_tenant, delete_tenant) and the jobs over all tenants, nothing else';
COMMENT ON ROLE supporthub_authenticator IS 'supporthub: NOLOGIN group role for a web tier; its members read the tables (row-level security filters them) and call the API, but not act_as, act_as_tenant or the platform functions';

DO $keep_1_0$
DECLARE
	member regrole;
BEGIN
	IF pg_catalog.current_setting('supporthub_update.from_version', true) IS DISTINCT FROM '1.0' THEN
		RETURN;
	END IF;
	FOR member IN
		SELECT m.member::regrole
		  FROM pg_catalog.pg_auth_members m
		 WHERE m.roleid OPERATOR(pg_catalog.=) 'supporthub_service'::regrole
		   AND m.member OPERATOR(pg_catalog.<>) 'supporthub_platform'::regrole
		   AND NOT EXISTS (SELECT FROM pg_catalog.pg_auth_members p
							WHERE p.roleid OPERATOR(pg_catalog.=) 'supporthub_platform'::regrole
							  AND p.member OPERATOR(pg_catalog.=) m.member)
		 ORDER BY 1
	LOOP
		EXECUTE pg_catalog.format('GRANT supporthub_platform TO %s', member);
	END LOOP;
END
$keep_1_0$;
