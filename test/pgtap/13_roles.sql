-- 13_roles: the three group roles and exactly what each may execute.
--   supporthub_platform      tenant administration: the platform functions, nothing else;
--   supporthub_service       the application: the API, act_as and act_as_tenant;
--   supporthub_authenticator a web tier: the API, reset_actor and the readers,
--                            but neither act_as nor act_as_tenant.
-- Every function of schema supporthub is classified below by hand: a
-- function added later fails this file until its author says who may call
-- it (the grants of 999_finalize_privileges.sql must then agree).  The
-- roles are tried too, through sh_service (a member of supporthub_service
-- only) and sh_web (a member of supporthub_authenticator only), which
-- sh_app may SET ROLE to.  Runs as sh_app, a non-superuser LOGIN role.
BEGIN;
SELECT plan(35);

\ir setup/helpers.psql
\ir ../fixture/ids.psql

-- platform: supporthub_platform alone; acting: supporthub_service alone;
-- api: supporthub_service and supporthub_authenticator
CREATE TEMP TABLE classified (proname text PRIMARY KEY, who text NOT NULL CHECK (who IN ('platform', 'acting', 'api')));
INSERT INTO classified VALUES
	('create_tenant', 'platform'), ('get_tenants', 'platform'), ('get_tenant_by_id', 'platform'),
	('update_tenant', 'platform'), ('delete_tenant', 'platform'),
	('act_as', 'acting'), ('act_as_tenant', 'acting'),
	('reset_actor', 'api'), ('current_tenant_id', 'api'), ('current_user_id', 'api'),
	('current_user_role', 'api'), ('current_actor_is_staff', 'api'), ('current_actor_is_platform', 'api'),
	('uuid_v7', 'api'), ('name_key', 'api'), ('guard_drop', 'api'), ('unverify_changed_email', 'api'),
	('notify_activity', 'api'),
	('create_user', 'api'), ('get_users', 'api'), ('get_user_by_id', 'api'), ('update_user', 'api'),
	('delete_user', 'api'),
	('create_category', 'api'), ('get_categories', 'api'), ('get_category_by_id', 'api'),
	('update_category', 'api'), ('delete_category', 'api'),
	('create_escalation_type', 'api'), ('get_escalation_types', 'api'), ('get_escalation_type_by_id', 'api'),
	('update_escalation_type', 'api'), ('delete_escalation_type', 'api'),
	('create_template', 'api'), ('get_templates', 'api'), ('get_template_by_id', 'api'),
	('update_template', 'api'), ('delete_template', 'api'),
	('create_ticket', 'api'), ('get_tickets', 'api'), ('get_ticket_by_id', 'api'),
	('get_ticket_by_number', 'api'), ('update_ticket', 'api'), ('assign_agent', 'api'), ('escalate', 'api'),
	('set_ticket_status', 'api'), ('delete_ticket', 'api'),
	('get_recent_activities', 'api'),
	('start_chat', 'api'), ('post_chat_msg', 'api'), ('get_chat_msgs', 'api'), ('close_chat', 'api'),
	('add_recording', 'api'), ('get_recordings', 'api'),
	('log_communication', 'api'), ('get_communications', 'api'),
	('get_tenant_settings', 'api'), ('update_tenant_settings', 'api'),
	('add_comment', 'api'), ('get_comments', 'api'), ('update_comment', 'api'), ('delete_comment', 'api'),
	('rate_ticket', 'api'), ('get_ticket_rating', 'api'),
	('set_ticket_tags', 'api'), ('search_tickets', 'api'), ('maintain_search_documents', 'api'),
	('ticket_tags_valid', 'api'),
	('purge_expired_auth', 'platform'),
	('sign_up', 'api'), ('sign_in', 'api'), ('act_as_session', 'api'), ('refresh_session', 'api'),
	('sign_out', 'api'), ('sign_out_everywhere', 'api'), ('get_sessions', 'api'), ('revoke_session', 'api'),
	('request_email_verification', 'api'), ('verify_email', 'api'), ('get_auth_events', 'api'),
	('change_password', 'api'), ('request_password_reset', 'api'), ('reset_password', 'api'),
	('invite_user', 'api'), ('accept_invitation', 'api'),
	('sign_in_with_identity', 'api'), ('link_identity', 'api'), ('unlink_identity', 'api'),
	('get_identities', 'api'), ('request_phone_otp', 'api'), ('verify_phone_otp', 'api');

-- the functions of the schema a role may execute, by name
CREATE FUNCTION pg_temp.may_execute(role name) RETURNS text[] LANGUAGE sql STABLE AS $$
	SELECT coalesce(array_agg(DISTINCT p.proname::text ORDER BY p.proname::text), '{}')
	  FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace AND has_function_privilege(role, p.oid, 'EXECUTE')
$$;
CREATE FUNCTION pg_temp.classified_as(VARIADIC kinds text[]) RETURNS text[] LANGUAGE sql STABLE AS $$
	SELECT coalesce(array_agg(proname ORDER BY proname), '{}') FROM classified WHERE who = ANY (kinds)
$$;

-- ------------------------------------------------------------ the classification
SELECT is(ARRAY(SELECT p.proname::text FROM pg_catalog.pg_proc p
				 WHERE p.pronamespace = 'supporthub'::regnamespace
				EXCEPT SELECT proname FROM classified ORDER BY 1), '{}'::text[],
	'every function of schema supporthub is classified here (a new one must be)');
SELECT is(ARRAY(SELECT proname FROM classified
				EXCEPT SELECT p.proname::text FROM pg_catalog.pg_proc p
						WHERE p.pronamespace = 'supporthub'::regnamespace ORDER BY 1), '{}'::text[],
	'every function classified here exists');

-- ------------------------------------------------------------ what each role may execute
SELECT is(pg_temp.may_execute('supporthub_platform'), pg_temp.classified_as('platform'),
	'supporthub_platform may execute exactly the platform functions');
SELECT is(pg_temp.may_execute('supporthub_service'), pg_temp.classified_as('acting', 'api'),
	'supporthub_service may execute exactly the API and act_as, act_as_tenant');
SELECT is(pg_temp.may_execute('supporthub_authenticator'), pg_temp.classified_as('api'),
	'supporthub_authenticator may execute exactly the API, reset_actor and the readers');
SELECT is(pg_temp.may_execute('supporthub_api'), pg_temp.classified_as('platform', 'acting', 'api'),
	'supporthub_api, the owner of the API, may execute every function');
SELECT is(pg_temp.may_execute('sh_outsider'), '{}'::text[], 'a role in none of them may execute none');

-- ------------------------------------------------------------ the roles themselves
SELECT ok(NOT r.rolcanlogin AND NOT r.rolsuper AND NOT r.rolbypassrls AND NOT r.rolcreaterole AND NOT r.rolcreatedb,
		  r.rolname || ' is a NOLOGIN group role, not superuser, not BYPASSRLS')
  FROM pg_catalog.pg_roles r
 WHERE r.rolname IN ('supporthub_platform', 'supporthub_authenticator')
 ORDER BY r.rolname;
SELECT ok(has_schema_privilege(r, 'supporthub', 'USAGE'), r || ' has USAGE on schema supporthub')
  FROM unnest(ARRAY['supporthub_platform', 'supporthub_authenticator']) r;
SELECT ok(nullif(btrim(shobj_description(r::regrole, 'pg_authid')), '') IS NOT NULL, r || ' has a comment')
  FROM unnest(ARRAY['supporthub_service', 'supporthub_api', 'supporthub_platform', 'supporthub_authenticator']) r;
SELECT is(ARRAY(SELECT format('%s in %s', m.member::regrole, m.roleid::regrole)
				  FROM pg_catalog.pg_auth_members m
				 WHERE m.roleid::regrole::text LIKE 'supporthub\_%'
				   AND m.member::regrole::text LIKE 'supporthub\_%' ORDER BY 1), '{}'::text[],
	'none of the extension''s roles is a member of another (the web tier does not inherit act_as)');

-- ------------------------------------------------------------ tables
SELECT is(ARRAY(SELECT c.relname::text FROM pg_catalog.pg_class c
				 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
				   AND has_any_column_privilege('supporthub_authenticator', c.oid, 'SELECT')
					   IS DISTINCT FROM has_any_column_privilege('supporthub_service', c.oid, 'SELECT')
				 ORDER BY 1), '{}'::text[],
	'supporthub_authenticator reads the tables supporthub_service reads');
SELECT cmp_ok((SELECT count(*)::integer FROM pg_catalog.pg_class c
				WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
				  AND has_table_privilege('supporthub_authenticator', c.oid, 'SELECT')), '>', 0,
	'supporthub_authenticator reads tables');
SELECT is(ARRAY(SELECT format('%s: %s %s', c.relname, r, p)
				  FROM pg_catalog.pg_class c,
					   unnest(ARRAY['supporthub_platform', 'supporthub_authenticator']) r,
					   unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p
				 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
				   AND has_table_privilege(r, c.oid, p)
				 ORDER BY 1), '{}'::text[],
	'neither supporthub_platform nor supporthub_authenticator may write any table');
SELECT is(ARRAY(SELECT c.relname::text FROM pg_catalog.pg_class c
				 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
				   AND has_any_column_privilege('supporthub_platform', c.oid, 'SELECT')
				 ORDER BY 1), '{}'::text[],
	'supporthub_platform reads no table directly (the platform functions read the tenants)');

-- ------------------------------------------------------------ as an application that does not administer tenants
SET LOCAL ROLE sh_service;
SELECT throws_ok('SELECT supporthub.create_tenant(''Not mine'')', '42501', NULL,
	'supporthub_service alone: create_tenant is 42501');
SELECT throws_ok('SELECT * FROM supporthub.get_tenants()', '42501', NULL,
	'supporthub_service alone: get_tenants is 42501');
SELECT throws_ok(format('SELECT supporthub.delete_tenant(%L)', :'b_tenant'), '42501', NULL,
	'supporthub_service alone: delete_tenant is 42501');
SELECT lives_ok(format('SELECT supporthub.act_as(%L)', :'a_admin'), 'supporthub_service alone: act_as works');
SELECT is((SELECT count(*) FROM supporthub.get_users(page_size => 500) WHERE tenant_id <> :'a_tenant'), 0::bigint,
	'supporthub_service alone: the API works for the actor');
RESET ROLE;

-- ------------------------------------------------------------ as a web tier
SELECT supporthub.reset_actor();
SET LOCAL ROLE sh_web;
SELECT throws_ok(format('SELECT supporthub.act_as(%L)', :'a_admin'), '42501', NULL,
	'supporthub_authenticator: act_as is 42501');
SELECT throws_ok(format('SELECT supporthub.act_as_tenant(%L)', :'a_tenant'), '42501', NULL,
	'supporthub_authenticator: act_as_tenant is 42501');
SELECT throws_ok('SELECT supporthub.create_tenant(''Not mine'')', '42501', NULL,
	'supporthub_authenticator: create_tenant is 42501');
SELECT ok(supporthub.current_tenant_id() IS NULL AND supporthub.current_user_role() IS NULL,
	'supporthub_authenticator: the readers work (no actor)');
SELECT ok((pg_temp.err('SELECT supporthub.get_users()')->>'sqlstate') = '42501'
		  AND (pg_temp.err('SELECT supporthub.get_users()')->>'message') NOT LIKE 'permission denied%',
	'supporthub_authenticator: the API answers (no actor is set), where act_as is not even callable');
RESET ROLE;
-- an actor set for it (as a verified token will set it) is one it acts as
SELECT supporthub.act_as(:'a_agent');
SET LOCAL ROLE sh_web;
SELECT is((SELECT count(*) FROM supporthub.get_tickets(page_size => 500) WHERE tenant_id <> :'a_tenant'), 0::bigint,
	'supporthub_authenticator: with an actor, the API answers for that actor''s tenant');
SELECT cmp_ok((SELECT count(*) FROM supporthub.tickets), '>', 0::bigint,
	'supporthub_authenticator: reads the tables, filtered by row-level security');
SELECT throws_ok(format('INSERT INTO supporthub.categories (tenant_id, name) VALUES (%L, %L)', :'a_tenant', 'Direct'),
	'42501', NULL, 'supporthub_authenticator: writes no table directly');
SELECT lives_ok('SELECT supporthub.reset_actor()', 'supporthub_authenticator: reset_actor works');
SELECT is(supporthub.current_user_id(), NULL, 'and clears the actor');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
