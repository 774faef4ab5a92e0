-- 045: row-level security of the sign-in tables, enabled and forced.
--
-- Reads: a user sees their own sessions, log and verification state;
-- admins (and the tenant itself) see those of their tenant.  The digest
-- columns are readable by no role at all (999 grants SELECT on the other
-- columns only).  Writes: the API, in the actor's tenant — during sign-in
-- the tenant named by the call is the actor; purge_expired_auth, a platform
-- function, deletes expired rows of every tenant.

CREATE POLICY user_passwords_read ON supporthub.user_passwords FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (user_id OPERATOR(pg_catalog.=) supporthub.current_user_id()
				OR supporthub.current_user_role() IS DISTINCT FROM 'agent'::supporthub.user_role
				   AND supporthub.current_actor_is_staff()));
COMMENT ON POLICY user_passwords_read ON supporthub.user_passwords IS 'A user sees whether they have a password and when it was set; admins see it for their tenant (never the hash)';

CREATE POLICY sessions_read ON supporthub.sessions FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (user_id OPERATOR(pg_catalog.=) supporthub.current_user_id()
				OR supporthub.current_user_role() IS DISTINCT FROM 'agent'::supporthub.user_role
				   AND supporthub.current_actor_is_staff()));
COMMENT ON POLICY sessions_read ON supporthub.sessions IS 'A user sees their own sessions; admins see every session of their tenant (never a token digest)';

CREATE POLICY session_refresh_tokens_read ON supporthub.session_refresh_tokens FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND EXISTS (SELECT 1 FROM supporthub.sessions s
					   WHERE s.tenant_id OPERATOR(pg_catalog.=) session_refresh_tokens.tenant_id
						 AND s.id OPERATOR(pg_catalog.=) session_refresh_tokens.session_id));
COMMENT ON POLICY session_refresh_tokens_read ON supporthub.session_refresh_tokens IS 'The refresh history of the sessions the actor sees (never a token digest)';

CREATE POLICY email_verifications_read ON supporthub.email_verifications FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (user_id OPERATOR(pg_catalog.=) supporthub.current_user_id()
				OR supporthub.current_user_role() IS DISTINCT FROM 'agent'::supporthub.user_role
				   AND supporthub.current_actor_is_staff()));
COMMENT ON POLICY email_verifications_read ON supporthub.email_verifications IS 'A user sees their own pending verifications; admins those of their tenant (never a token digest)';

CREATE POLICY password_resets_read ON supporthub.password_resets FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (user_id OPERATOR(pg_catalog.=) supporthub.current_user_id()
				OR supporthub.current_user_role() IS DISTINCT FROM 'agent'::supporthub.user_role
				   AND supporthub.current_actor_is_staff()));
COMMENT ON POLICY password_resets_read ON supporthub.password_resets IS 'A user sees their own pending resets and invitation; admins those of their tenant (never a token digest)';

CREATE POLICY auth_events_read ON supporthub.auth_events FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (user_id OPERATOR(pg_catalog.=) supporthub.current_user_id()
				OR supporthub.current_user_role() IS DISTINCT FROM 'agent'::supporthub.user_role
				   AND supporthub.current_actor_is_staff()));
COMMENT ON POLICY auth_events_read ON supporthub.auth_events IS 'A user sees their own sign-in log; admins see their tenant''s';

DO $rls$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['user_passwords', 'sessions', 'session_refresh_tokens',
							 'email_verifications', 'password_resets', 'auth_events']
	LOOP
		EXECUTE format('ALTER TABLE supporthub.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('ALTER TABLE supporthub.%I FORCE ROW LEVEL SECURITY', t);
		EXECUTE format('CREATE POLICY %I ON supporthub.%I FOR SELECT TO supporthub_api '
					   'USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id() '
					   'OR supporthub.current_actor_is_platform())',
					   t || '_api', t);
		EXECUTE format('CREATE POLICY %I ON supporthub.%I FOR INSERT TO supporthub_api '
					   'WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id())',
					   t || '_insert', t);
		EXECUTE format('CREATE POLICY %I ON supporthub.%I FOR UPDATE TO supporthub_api '
					   'USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()) '
					   'WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id())',
					   t || '_update', t);
		EXECUTE format('CREATE POLICY %I ON supporthub.%I FOR DELETE TO supporthub_api '
					   'USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id() '
					   'OR supporthub.current_actor_is_platform())',
					   t || '_delete', t);
		EXECUTE format('COMMENT ON POLICY %I ON supporthub.%I IS %L', t || '_api', t,
					   'The API reads the sign-in rows of the actor''s tenant, whoever the actor is, and purge_expired_auth those of every tenant (the digests only from C, by index probes)');
		EXECUTE format('COMMENT ON POLICY %I ON supporthub.%I IS %L', t || '_insert', t,
					   'The API inserts rows of the actor''s tenant only');
		EXECUTE format('COMMENT ON POLICY %I ON supporthub.%I IS %L', t || '_update', t,
					   'The API updates rows of the actor''s tenant only');
		EXECUTE format('COMMENT ON POLICY %I ON supporthub.%I IS %L', t || '_delete', t,
					   'The API deletes rows of the actor''s tenant; purge_expired_auth (a platform function) those of every tenant');
	END LOOP;
END
$rls$;
