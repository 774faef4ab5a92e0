-- 01_actor: who is acting.  The actor is set by act_as / act_as_tenant,
-- lasts to the end of the transaction (or the session with for_session),
-- and cannot be created or changed by SET or set_config.
\set VERBOSITY default
\set SHOW_CONTEXT never
SET client_min_messages = warning;
CREATE EXTENSION supporthub CASCADE;
DROP ROLE IF EXISTS regress_app;
CREATE ROLE regress_app LOGIN IN ROLE supporthub_service, supporthub_platform;
DROP ROLE IF EXISTS regress_outsider;
CREATE ROLE regress_outsider LOGIN;
DROP ROLE IF EXISTS regress_service, regress_web;
RESET client_min_messages;
SET ROLE regress_app;

-- two tenants, each with an admin and a customer
SELECT id AS acme FROM supporthub.create_tenant('Acme') \gset
SELECT id AS globex FROM supporthub.create_tenant('Globex') \gset
BEGIN;
SELECT supporthub.act_as_tenant(:'acme');
SELECT id AS acme_admin FROM supporthub.create_user('Ann Admin', 'ann@acme.test', 'admin') \gset
SELECT id AS acme_cust FROM supporthub.create_user('Carl Customer', 'carl@acme.test', 'customer') \gset
COMMIT;

-- no actor: nothing is visible, the readers return NULL
SELECT supporthub.current_tenant_id() IS NULL AS no_tenant,
       supporthub.current_user_id() IS NULL AS no_user,
       supporthub.current_user_role() IS NULL AS no_role;
SELECT count(*) AS users_seen FROM supporthub.users;

-- act_as: tenant and role follow from the user
BEGIN;
SELECT supporthub.act_as(:'acme_admin');
SELECT supporthub.current_tenant_id() = :'acme' AS acme_tenant,
       supporthub.current_user_id() = :'acme_admin' AS is_ann,
       supporthub.current_user_role();
SELECT count(*) AS users_seen FROM supporthub.users;
COMMIT;

-- after COMMIT the next transaction on the same connection starts with none
SELECT supporthub.current_tenant_id() IS NULL AS gone_after_commit;
BEGIN;
SELECT count(*) AS users_seen_in_next_transaction FROM supporthub.users;
COMMIT;

-- ROLLBACK clears it too, and so does rolling back to a savepoint
BEGIN;
SELECT supporthub.act_as(:'acme_cust');
ROLLBACK;
SELECT supporthub.current_user_id() IS NULL AS gone_after_rollback;
BEGIN;
SELECT supporthub.act_as(:'acme_admin');
SAVEPOINT s;
SELECT supporthub.act_as(:'acme_cust');
SELECT supporthub.current_user_role();
ROLLBACK TO SAVEPOINT s;
SELECT supporthub.current_user_role();
COMMIT;

-- act_as_tenant: the system actor, staff rights and no user
BEGIN;
SELECT supporthub.act_as_tenant(:'globex');
SELECT supporthub.current_tenant_id() = :'globex' AS globex_tenant,
       supporthub.current_user_id() IS NULL AS no_user,
       supporthub.current_user_role() IS NULL AS no_role;
COMMIT;

-- outside a transaction block the actor would end with the statement
SELECT supporthub.act_as(:'acme_admin');
SELECT supporthub.current_user_id() IS NULL AS ended_with_statement;

-- for_session: for psql use, lasts until reset_actor
SELECT supporthub.act_as(:'acme_cust', for_session => true);
SELECT supporthub.current_user_role();
SELECT supporthub.current_user_role();
SELECT supporthub.reset_actor();
SELECT supporthub.current_user_role() IS NULL AS reset;

-- nobody but the C code can set it: SET, set_config, RESET all refused
BEGIN;
SET LOCAL supporthub.actor = 's:00000000-0000-0000-0000-000000000000';
ROLLBACK;
SELECT set_config('supporthub.actor', 'a:' || :'acme' || ':' || :'acme_admin', true);
SET supporthub.actor TO DEFAULT;
RESET supporthub.actor;
SET supporthub.made_up = 'x';
SELECT supporthub.current_tenant_id() IS NULL AS still_nobody;

-- errors
SELECT supporthub.act_as(NULL);
SELECT supporthub.act_as(:'acme_admin', NULL);
SELECT supporthub.act_as('00000000-0000-0000-0000-000000000000');
SELECT supporthub.act_as('not-a-uuid');
SELECT supporthub.act_as_tenant(NULL);
SELECT supporthub.act_as_tenant('00000000-0000-0000-0000-000000000000');

-- only members of supporthub_service may call the API at all
RESET ROLE;
SET ROLE regress_outsider;
SELECT supporthub.act_as('00000000-0000-0000-0000-000000000001');
SELECT supporthub.create_tenant('Sneaky');
SELECT count(*) FROM supporthub.users;
RESET ROLE;

-- each role holds what its caller needs: an application that is not also
-- granted supporthub_platform acts for anyone but administers no tenant;
-- a web tier (supporthub_authenticator) calls the API and the readers but
-- cannot name an actor: it acts only through a person's token
CREATE ROLE regress_service LOGIN IN ROLE supporthub_service;
CREATE ROLE regress_web LOGIN IN ROLE supporthub_authenticator;
SET ROLE regress_service;
SELECT supporthub.create_tenant('Sneaky');
SELECT count(*) FROM supporthub.get_tenants();
BEGIN;
SELECT supporthub.act_as(:'acme_admin');
SELECT count(*) AS users_seen FROM supporthub.get_users();
COMMIT;
RESET ROLE;
SET ROLE regress_web;
SELECT supporthub.act_as(:'acme_admin');
SELECT supporthub.act_as_tenant(:'acme');
SELECT supporthub.delete_tenant(:'acme');
SELECT supporthub.current_tenant_id() IS NULL AS no_actor;
SELECT supporthub.reset_actor();
SELECT supporthub.get_users();
SELECT count(*) AS users_seen FROM supporthub.users;
RESET ROLE;

-- parallel workers see the same actor: a forced parallel scan counts the same rows
CREATE FUNCTION pg_temp.plan_has(query text, node text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
	line text;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
		IF line LIKE '%' || node || '%' THEN
			RETURN true;
		END IF;
	END LOOP;
	RETURN false;
END
$$;
SET ROLE regress_app;
BEGIN;
SELECT supporthub.act_as(:'acme_admin');
SET LOCAL force_parallel_mode = on;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SELECT pg_temp.plan_has('SELECT count(*) FROM supporthub.users', 'Gather') AS runs_in_a_worker;
SELECT count(*) AS users_seen_in_parallel FROM supporthub.users;
COMMIT;
RESET ROLE;

-- a deactivated user can no longer act
SET ROLE regress_app;
BEGIN;
SELECT supporthub.act_as_tenant(:'acme');
SELECT name, active FROM supporthub.update_user(:'acme_cust', active => false);
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'acme_cust');
ROLLBACK;
RESET ROLE;

-- in a procedure that commits its own transactions the actor lasts until
-- that COMMIT: act_as does not warn there, and the actor is gone after it
CREATE PROCEDURE pg_temp.each_transaction(t uuid)
LANGUAGE plpgsql AS $$
BEGIN
	FOR i IN 1 .. 2 LOOP
		PERFORM supporthub.act_as_tenant(t);
		RAISE NOTICE 'transaction %: actor set %', i, supporthub.current_tenant_id() IS NOT NULL;
		COMMIT;
		RAISE NOTICE 'after its COMMIT: actor set %', supporthub.current_tenant_id() IS NOT NULL;
	END LOOP;
END
$$;
CALL pg_temp.each_transaction(:'acme');
