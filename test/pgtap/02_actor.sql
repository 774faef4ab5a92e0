-- 02_actor: the actor of a transaction (SPEC §4), on the shared fixture.
-- act_as / act_as_tenant set it, reset_actor clears it, the current_*
-- functions read it; no SET, set_config() or RESET of an ordinary role can
-- create or change it; only supporthub_service members may call the
-- context and platform functions.
-- (That the actor ends with the transaction across COMMIT is covered by
-- pg_regress: it cannot be seen from inside one pgTAP transaction.)
BEGIN;
SELECT plan(87);

-- ------------------------------------------------ the placeholder trick
-- Before the module is loaded, "supporthub.actor" is an unknown custom
-- setting: SET would merely create a placeholder.  When the module loads
-- and defines the real (superuser-only) setting, that placeholder value
-- must be thrown away, not become the actor.  This has to run before
-- anything of supporthub is called in this session.
CREATE TEMP TABLE pre_load (how text);
SET LOCAL client_min_messages = error;	-- the module warns when it drops the value
DO $$
BEGIN
	BEGIN
		SET LOCAL supporthub.actor = 's:00000000-0000-7000-8000-00000000000a';
		INSERT INTO pre_load VALUES ('accepted as a placeholder');
	EXCEPTION WHEN insufficient_privilege THEN
		INSERT INTO pre_load VALUES ('refused: module already loaded');
	END;
END
$$;
SELECT is(supporthub.current_tenant_id(), NULL,
		  'supporthub.actor SET before the module loaded (' || how || ') does not become the actor')
  FROM pre_load;
RESET client_min_messages;
\ir setup/helpers.psql

-- ------------------------------------------------ no actor at start
SELECT is(supporthub.current_tenant_id(), NULL, 'no actor at start: current_tenant_id() is NULL');
SELECT is(supporthub.current_user_id(), NULL, 'no actor at start: current_user_id() is NULL');
SELECT is(supporthub.current_user_role(), NULL, 'no actor at start: current_user_role() is NULL');
SELECT is(supporthub.current_actor_is_staff(), false, 'no actor at start: not staff');

-- the shared fixture's tenants A and B and their people (reading the ids
-- loads nothing of supporthub); a platform call needs no actor
\ir ../fixture/ids.psql
\set ta :a_tenant
\set tb :b_tenant
\set admin_a :a_admin
\set admin_b :b_admin
\set agent_a :a_agent
\set cust_a :a_customer
\set gone_a :a_customer2
\set demoted_a :a_agent2
SELECT lives_ok('SELECT supporthub.create_tenant(''Actor Test'')', 'create_tenant needs no actor');
SELECT is(supporthub.current_tenant_id(), NULL, 'create_tenant without an actor leaves no actor behind');
SELECT is(supporthub.current_actor_is_platform(), false, 'platform rights end with the platform function');

SELECT supporthub.act_as_tenant(:'ta');
SELECT is(supporthub.current_tenant_id(), :'ta'::uuid, 'act_as_tenant sets the tenant');
SELECT is(supporthub.current_user_id(), NULL, 'act_as_tenant: current_user_id() is NULL (system actor)');
SELECT is(supporthub.current_user_role(), NULL, 'act_as_tenant: current_user_role() is NULL (system actor)');
SELECT is(supporthub.current_actor_is_staff(), true, 'act_as_tenant: the system actor has staff rights');
SELECT lives_ok(format('SELECT supporthub.update_user(%L, active => false)', :'gone_a'),
				'the system actor deactivates a user');
SELECT lives_ok(format('SELECT supporthub.update_user(%L, role => %L)', :'demoted_a', 'customer'),
				'the system actor makes an agent a customer');

-- no actor sees nothing, although there are rows now
SELECT supporthub.reset_actor();
SELECT is(supporthub.current_tenant_id(), NULL, 'reset_actor clears the tenant');
SELECT is(supporthub.current_user_id(), NULL, 'reset_actor clears the user');
SELECT is((SELECT count(*) FROM supporthub.users), 0::bigint, 'without an actor no user row is visible');
SELECT is((SELECT count(*) FROM supporthub.tenants), 0::bigint, 'without an actor no tenant row is visible');

-- ------------------------------------------------ act_as: tenant and role follow from the user
SELECT supporthub.act_as(:'admin_a');
SELECT is(supporthub.current_tenant_id(), :'ta'::uuid, 'act_as(admin): tenant of the user');
SELECT is(supporthub.current_user_id(), :'admin_a'::uuid, 'act_as(admin): current_user_id() is the user');
SELECT is(supporthub.current_user_role(), 'admin'::supporthub.user_role, 'act_as(admin): role admin');
SELECT is(supporthub.current_actor_is_staff(), true, 'act_as(admin): staff');

SELECT supporthub.act_as(:'agent_a');
SELECT is(supporthub.current_user_id(), :'agent_a'::uuid, 'act_as(agent): current_user_id() is the agent');
SELECT is(supporthub.current_user_role(), 'agent'::supporthub.user_role, 'act_as(agent): role agent');
SELECT is(supporthub.current_actor_is_staff(), true, 'act_as(agent): staff');

SELECT supporthub.act_as(:'admin_b');
SELECT is(supporthub.current_tenant_id(), :'tb'::uuid, 'act_as(user of B): the tenant switches to B');
SELECT is(supporthub.current_user_id(), :'admin_b'::uuid, 'act_as(user of B): the user of B');

SELECT supporthub.act_as(:'demoted_a');
SELECT is(supporthub.current_user_role(), 'customer'::supporthub.user_role,
		  'act_as reads the role as it is now (an agent made customer acts as a customer)');

SELECT supporthub.act_as(:'cust_a');
SELECT is(supporthub.current_tenant_id(), :'ta'::uuid, 'act_as(customer): tenant of the customer');
SELECT is(supporthub.current_user_id(), :'cust_a'::uuid, 'act_as(customer): current_user_id() is the customer');
SELECT is(supporthub.current_user_role(), 'customer'::supporthub.user_role, 'act_as(customer): role customer');
SELECT is(supporthub.current_actor_is_staff(), false, 'act_as(customer): not staff');

-- ------------------------------------------------ no SET / set_config / RESET can touch it
-- (the actor is now the customer of A; each attempt tries to become B's system actor)
SELECT throws_ok(format('SET supporthub.actor = %L', 's:' || :'tb'),
	'42501', NULL, 'SET supporthub.actor is refused');
SELECT throws_ok(format('SET LOCAL supporthub.actor = %L', 's:' || :'tb'),
	'42501', NULL, 'SET LOCAL supporthub.actor is refused');
SELECT throws_ok(format('SELECT set_config(%L, %L, true)', 'supporthub.actor', 's:' || :'tb'),
	'42501', NULL, 'set_config(supporthub.actor, ..., true) is refused');
SELECT throws_ok(format('SELECT set_config(%L, %L, false)', 'supporthub.actor', 's:' || :'tb'),
	'42501', NULL, 'set_config(supporthub.actor, ..., false) is refused');
SELECT throws_ok(format('SELECT set_config(%L, %L, true)', 'supporthub.actor', ''),
	'42501', NULL, 'set_config(supporthub.actor, '''', true) is refused');
SELECT throws_ok('RESET supporthub.actor',
	'42501', NULL, 'RESET supporthub.actor is refused');
SELECT throws_ok('SET supporthub.actor TO DEFAULT',
	'42501', NULL, 'SET supporthub.actor TO DEFAULT is refused');
SELECT throws_ok(format('ALTER ROLE sh_app SET supporthub.actor = %L', 's:' || :'tb'),
	'42501', NULL, 'ALTER ROLE ... SET supporthub.actor is refused');
SELECT throws_ok(format('CREATE FUNCTION pg_temp.become_b() RETURNS int LANGUAGE sql SET supporthub.actor = %L AS %L',
						's:' || :'tb', 'SELECT 1'),
	'42501', NULL, 'a function with SET supporthub.actor cannot be created');
-- the prefix is reserved: no placeholder can be made under it
SELECT throws_ok('SET supporthub.anything = ''x''',
	'42602', 'invalid configuration parameter name "supporthub.anything"', 'SET supporthub.anything is refused (reserved prefix)');
SELECT throws_ok('SELECT set_config(''supporthub.actor_override'', ''x'', true)',
	'42602', 'invalid configuration parameter name "supporthub.actor_override"', 'set_config(supporthub.actor_override) is refused (reserved prefix)');
SELECT is(supporthub.current_user_id(), :'cust_a'::uuid, 'after all those attempts the actor is still the customer of A');
SELECT is((SELECT count(*) FROM supporthub.users WHERE tenant_id = :'tb'), 0::bigint,
		  'and nothing of tenant B is visible');

-- ------------------------------------------------ only supporthub_service members
SET LOCAL ROLE sh_outsider;
SELECT throws_ok(format('SELECT supporthub.act_as(%L)', :'admin_a'), '42501', NULL,
	'a role outside supporthub_service cannot call act_as');
SELECT throws_ok(format('SELECT supporthub.act_as_tenant(%L)', :'ta'), '42501', NULL,
	'a role outside supporthub_service cannot call act_as_tenant');
SELECT throws_ok('SELECT supporthub.create_tenant(''Outsider Inc'')', '42501', NULL,
	'a role outside supporthub_service cannot call create_tenant');
SELECT throws_ok('SELECT * FROM supporthub.get_tenants()', '42501', NULL,
	'a role outside supporthub_service cannot call get_tenants');
SELECT throws_ok('SELECT supporthub.reset_actor()', '42501', NULL,
	'a role outside supporthub_service cannot call reset_actor');
SELECT throws_ok('SELECT count(*) FROM supporthub.users', '42501', NULL,
	'a role outside supporthub_service cannot read the tables');
SELECT throws_ok(format('SET supporthub.actor = %L', 's:' || :'ta'), '42501', NULL,
	'a role outside supporthub_service cannot SET supporthub.actor either');
RESET ROLE;
SELECT is(current_user::text, 'sh_app', 'back to sh_app');

-- ------------------------------------------------ act_as errors
SELECT pg_temp.throws_naming('SELECT supporthub.act_as(''00000000-0000-7000-8000-000000000000'')',
	'PT404', ARRAY['User'], 'act_as(unknown user) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.act_as(%L)', :'ta'),
	'PT404', ARRAY['User'], 'act_as(a tenant id) is PT404');
SELECT pg_temp.throws_naming('SELECT supporthub.act_as(NULL)',
	'22023', ARRAY['user_id'], 'act_as(NULL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.act_as(%L, NULL)', :'admin_a'),
	'22023', ARRAY['for_session'], 'act_as(user, for_session => NULL) is 22023');
SELECT throws_ok('SELECT supporthub.act_as(''not-a-uuid'')',
	'22P02', NULL, 'act_as(malformed uuid) is 22P02');
SELECT throws_ok(format('SELECT supporthub.act_as(%L)', :'gone_a'),
	'42501', NULL, 'act_as(deactivated user) is 42501');
SELECT pg_temp.throws_naming('SELECT supporthub.act_as_tenant(NULL)',
	'22023', ARRAY['tenant_id'], 'act_as_tenant(NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.act_as_tenant(''00000000-0000-7000-8000-000000000000'')',
	'PT404', ARRAY['Tenant'], 'act_as_tenant(unknown tenant) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.act_as_tenant(%L)', :'admin_a'),
	'PT404', ARRAY['Tenant'], 'act_as_tenant(a user id) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.act_as_tenant(%L, NULL)', :'ta'),
	'22023', ARRAY['for_session'], 'act_as_tenant(tenant, for_session => NULL) is 22023');
SELECT is(supporthub.current_user_id(), :'cust_a'::uuid, 'failed act_as calls leave the actor as it was');

-- ------------------------------------------------ subtransactions
SELECT supporthub.act_as(:'admin_a');
SAVEPOINT s1;
SELECT supporthub.act_as(:'admin_b');
SELECT supporthub.current_tenant_id() AS in_s1 \gset
ROLLBACK TO SAVEPOINT s1;
SELECT is(:'in_s1'::uuid, :'tb'::uuid, 'inside the savepoint the actor was B''s admin');
SELECT is(supporthub.current_user_id(), :'admin_a'::uuid, 'ROLLBACK TO SAVEPOINT restores the actor');
SELECT is(supporthub.current_tenant_id(), :'ta'::uuid, 'ROLLBACK TO SAVEPOINT restores the tenant');

SAVEPOINT s2;
SELECT supporthub.act_as(:'cust_a', for_session => true);
SELECT supporthub.current_user_id() AS in_s2 \gset
ROLLBACK TO SAVEPOINT s2;
SELECT is(:'in_s2'::uuid, :'cust_a'::uuid, 'inside the savepoint act_as(for_session) was in effect');
SELECT is(supporthub.current_user_id(), :'admin_a'::uuid, 'ROLLBACK TO SAVEPOINT undoes act_as(for_session) too');

SAVEPOINT s3;
SELECT supporthub.reset_actor();
SELECT coalesce(supporthub.current_user_id()::text, 'none') AS in_s3 \gset
ROLLBACK TO SAVEPOINT s3;
SELECT is(:'in_s3'::text, 'none', 'inside the savepoint reset_actor cleared the actor');
SELECT is(supporthub.current_user_id(), :'admin_a'::uuid, 'ROLLBACK TO SAVEPOINT undoes reset_actor');

SAVEPOINT s4;
SELECT supporthub.act_as(:'agent_a');
RELEASE SAVEPOINT s4;
SELECT is(supporthub.current_user_id(), :'agent_a'::uuid, 'RELEASE SAVEPOINT keeps the actor set inside it');

SELECT set_config('tap.tb', :'tb', true) AS ignored \gset
DO $$
BEGIN
	PERFORM supporthub.act_as_tenant(current_setting('tap.tb')::uuid);
	RAISE EXCEPTION 'undo';
EXCEPTION WHEN raise_exception THEN
	NULL;
END
$$;
SELECT is(supporthub.current_user_id(), :'agent_a'::uuid,
		  'an actor set in a PL/pgSQL block that failed and was caught is undone');

-- ------------------------------------------------ platform calls do not leak their rights
SELECT supporthub.act_as(:'cust_a');
SELECT lives_ok('SELECT supporthub.create_tenant(''Actor Test C'')', 'a customer may call create_tenant (platform API)');
SELECT is(supporthub.current_tenant_id(), :'ta'::uuid, 'after create_tenant the actor''s tenant is unchanged');
SELECT is(supporthub.current_user_id(), :'cust_a'::uuid, 'after create_tenant the actor is unchanged');
SELECT is(supporthub.current_actor_is_platform(), false, 'after create_tenant no platform rights remain');
SELECT is((SELECT count(*) FROM supporthub.tenants), 1::bigint, 'after create_tenant the customer still sees only its own tenant');
SELECT lives_ok(format('SELECT supporthub.update_tenant(%L, %L)', :'tb', 'Actor Test B renamed'),
	'a customer may call update_tenant (platform API) ...');
SELECT is(supporthub.current_tenant_id(), :'ta'::uuid, '... which logs in tenant B, yet leaves the actor''s tenant unchanged');
SELECT is((SELECT count(*) FROM supporthub.recent_activities WHERE tenant_id = :'tb'), 0::bigint,
		  'after update_tenant the customer still sees nothing of tenant B');
SELECT throws_ok('SELECT supporthub.create_tenant(''actor test c'')', '23505', NULL,
	'a failing platform call ...');
SELECT is(supporthub.current_actor_is_platform(), false, '... leaves no platform rights either');

-- ------------------------------------------------ reset_actor
SELECT supporthub.act_as(:'admin_a', for_session => true);
SELECT is(supporthub.current_user_id(), :'admin_a'::uuid, 'act_as(for_session => true) sets the actor');
SELECT supporthub.reset_actor();
SELECT is(supporthub.current_tenant_id(), NULL, 'reset_actor clears a session actor');
SELECT is((SELECT count(*) FROM supporthub.users), 0::bigint, 'after reset_actor no user row is visible');


-- a connection pool's reset (RESET ALL; DISCARD ALL outside a transaction) clears the actor, never sets one
SELECT supporthub.act_as(:'admin_a');
RESET ALL;
SELECT is(supporthub.current_tenant_id(), NULL, 'RESET ALL clears the actor');

SELECT * FROM finish();
ROLLBACK;
