-- 02_tenants_users: the platform functions (tenants) and the users API,
-- with the friendly errors a caller gets.
\set VERBOSITY default
\set SHOW_CONTEXT never
SET ROLE regress_app;
SELECT id AS acme FROM supporthub.get_tenants() WHERE name = 'Acme' \gset

-- tenants: names are trimmed and unique ignoring case and spaces
SELECT id AS initech, name FROM supporthub.create_tenant('  Initech  ') \gset
SELECT :'name' AS stored_name;
SELECT supporthub.create_tenant(' INITECH');
SELECT supporthub.create_tenant('   ');
SELECT supporthub.create_tenant('');
SELECT supporthub.create_tenant(NULL);
SELECT supporthub.create_tenant(repeat('x', 201));
SELECT name FROM supporthub.get_tenant_by_id(:'initech');
SELECT supporthub.get_tenant_by_id('00000000-0000-0000-0000-000000000000');
SELECT supporthub.get_tenant_by_id(NULL);

-- get_tenants: newest first, keyset paging
SELECT name FROM supporthub.get_tenants(page_size => 2);
SELECT id AS second FROM supporthub.get_tenants(page_size => 2) OFFSET 1 \gset
SELECT name FROM supporthub.get_tenants(after => :'second', page_size => 2);
SELECT count(*) FROM supporthub.get_tenants(page_size => 0);
SELECT count(*) FROM supporthub.get_tenants(page_size => 501);

-- update_tenant renames; the tenant's feed records it
SELECT name FROM supporthub.update_tenant(:'initech', 'Initech Corp');
SELECT supporthub.update_tenant(:'initech', 'acme');
SELECT supporthub.update_tenant('00000000-0000-0000-0000-000000000000', 'Nope');

-- users of Initech: created by the tenant itself (system actor)
BEGIN;
SELECT supporthub.act_as_tenant(:'initech');
SELECT id AS ivy, name, email, role, active
  FROM supporthub.create_user('  Ivy Admin ', ' ivy@initech.test ', 'admin') \gset
SELECT :'name' AS name, :'email' AS email, :'role' AS role, :'active' AS active;
SELECT id AS ian FROM supporthub.create_user('Ian Agent', 'ian@initech.test', 'agent') \gset
SELECT id AS cora FROM supporthub.create_user('Cora Customer', 'cora@initech.test', 'customer') \gset
SELECT id AS cole FROM supporthub.create_user('Cole Customer', 'cole@initech.test', 'customer') \gset
COMMIT;

-- errors of create_user
BEGIN;
SELECT supporthub.act_as(:'ivy');
SAVEPOINT a;
SELECT supporthub.create_user('Someone', 'IVY@initech.test', 'agent');
ROLLBACK TO a;
SELECT supporthub.create_user('Someone', 'not-an-email', 'agent');
ROLLBACK TO a;
SELECT supporthub.create_user('Someone', 'two@@initech.test', 'agent');
ROLLBACK TO a;
SELECT supporthub.create_user('', 'someone@initech.test', 'agent');
ROLLBACK TO a;
SELECT supporthub.create_user('Someone', NULL, 'agent');
ROLLBACK TO a;
SELECT supporthub.create_user('Someone', 'someone@initech.test', NULL);
ROLLBACK TO a;
SELECT supporthub.create_user('Someone', 'someone@initech.test', 'boss');
ROLLBACK TO a;
SELECT supporthub.create_user(repeat('n', 201), 'someone@initech.test', 'agent');
ROLLBACK TO a;
COMMIT;

-- the same email in another tenant is fine
BEGIN;
SELECT supporthub.act_as_tenant(:'acme');
SELECT name FROM supporthub.create_user('Ivy Elsewhere', 'ivy@initech.test', 'agent');
COMMIT;

-- who sees whom: staff see everybody, a customer sees themself and staff
BEGIN;
SELECT supporthub.act_as(:'ian');
SELECT name, role FROM supporthub.get_users();
SELECT name FROM supporthub.get_users(role => 'customer');
SELECT supporthub.create_user('Nope', 'nope@initech.test', 'agent');
ROLLBACK;
BEGIN;
SELECT supporthub.act_as(:'cora');
SELECT name, role FROM supporthub.get_users();
SELECT supporthub.get_user_by_id(:'cole');
ROLLBACK;

-- another tenant's user is "not found", never "forbidden"
BEGIN;
SELECT supporthub.act_as_tenant(:'acme');
SAVEPOINT a;
SELECT supporthub.get_user_by_id(:'ivy');
ROLLBACK TO a;
SELECT supporthub.update_user(:'ivy', name => 'Hijacked');
ROLLBACK TO a;
SELECT supporthub.delete_user(:'ivy');
ROLLBACK TO a;
SELECT count(*) AS initech_users_seen FROM supporthub.get_users() WHERE tenant_id = :'initech';
ROLLBACK;

-- update_user: NULL means unchanged; each change is logged with old and new
BEGIN;
SELECT supporthub.act_as(:'ivy');
SELECT name, email, role FROM supporthub.update_user(:'ian', name => 'Ian Senior Agent');
SELECT name, email, role FROM supporthub.update_user(:'ian');
SELECT action, ref_type, changes FROM supporthub.recent_activities
 WHERE ref_id = :'ian' ORDER BY id;
SAVEPOINT a;
SELECT supporthub.update_user(:'ivy', active => false);
ROLLBACK TO a;
SELECT supporthub.update_user(:'ivy', role => 'agent');
ROLLBACK TO a;
COMMIT;

-- without an actor there is nothing to manage
SELECT supporthub.get_users();
SELECT supporthub.create_user('x', 'x@initech.test', 'agent');

-- delete: refused while history refers to the user, allowed otherwise
BEGIN;
SELECT supporthub.act_as(:'ivy');
SELECT name FROM supporthub.delete_user(:'cole');
SELECT action, changes->'email' AS email FROM supporthub.recent_activities
 WHERE ref_id = :'cole' ORDER BY id;
SAVEPOINT a;
SELECT supporthub.delete_user(:'ivy');
ROLLBACK TO a;
COMMIT;
-- Ivy has acted (renamed Ian, deleted Cole): history keeps her
BEGIN;
SELECT supporthub.act_as_tenant(:'initech');
SAVEPOINT a;
SELECT supporthub.delete_user(:'ivy');
ROLLBACK TO a;
SELECT name FROM supporthub.delete_user(:'cora');
ROLLBACK;

-- rights follow the users table at every call: a session-long actor whose
-- user is demoted or deactivated elsewhere is refused at its next call
BEGIN;
SELECT supporthub.act_as_tenant(:'initech');
SELECT id AS iris FROM supporthub.create_user('Iris Admin', 'iris@initech.test', 'admin') \gset
COMMIT;
SELECT supporthub.act_as(:'iris', for_session => true);
SELECT count(*) AS users_seen FROM supporthub.get_users();
BEGIN;
SELECT supporthub.act_as(:'ivy');
SELECT name, role FROM supporthub.update_user(:'iris', role => 'agent');
COMMIT;
SELECT supporthub.get_users();
SELECT supporthub.act_as(:'iris', for_session => true);
SELECT supporthub.current_user_role();
BEGIN;
SELECT supporthub.act_as(:'ivy');
SELECT name, active FROM supporthub.update_user(:'iris', active => false);
COMMIT;
SELECT supporthub.get_users();
SELECT supporthub.reset_actor();

-- blank means blank in any script: a no-break space is not a name
BEGIN;
SELECT supporthub.act_as(:'ivy');
SAVEPOINT a;
SELECT supporthub.create_user(E'\u00a0\u3000', 'blank@initech.test', 'agent');
ROLLBACK TO a;
SELECT supporthub.create_user('Spacey', E'space\u00a0y@initech.test', 'agent');
ROLLBACK TO a;
SELECT name FROM supporthub.create_user(E'\u00a0Nora\u2003', 'nora@initech.test', 'agent');
COMMIT;

-- the tenant's settings: every key with its value; an admin changes the
-- keys given, and the feed records what changed
BEGIN;
SELECT supporthub.act_as(:'ivy');
SELECT key, value FROM jsonb_each(supporthub.get_tenant_settings()) ORDER BY key;
SELECT key, value
  FROM jsonb_each(supporthub.update_tenant_settings('{"max_sessions_per_user": 3, "time_zone": "europe/paris", "agent_refund_limit": 250}'))
 WHERE key IN ('max_sessions_per_user', 'time_zone', 'agent_refund_limit') ORDER BY key;
SELECT action, ref_type, ref_id = :'initech' AS about_initech, changes
  FROM supporthub.recent_activities WHERE ref_type = 'tenant' ORDER BY id DESC LIMIT 1;
SAVEPOINT a;
SELECT supporthub.update_tenant_settings('{"max_sessions_per_user": 0}');
ROLLBACK TO a;
SELECT supporthub.update_tenant_settings('{"time_zone": "Mars/Olympus_Mons"}');
ROLLBACK TO a;
SELECT supporthub.update_tenant_settings('{"max_sessions": 3}');
ROLLBACK TO a;
COMMIT;
-- an agent reads them, and may not change them
BEGIN;
SELECT supporthub.act_as(:'ian');
SELECT supporthub.get_tenant_settings() -> 'time_zone' AS time_zone;
SELECT supporthub.update_tenant_settings('{"time_zone": "UTC"}');
ROLLBACK;

-- delete_tenant removes everything of the tenant
SELECT name FROM supporthub.delete_tenant(:'initech');
SELECT supporthub.get_tenant_by_id(:'initech');
RESET ROLE;
SELECT count(*) AS initech_rows_left FROM supporthub.users WHERE tenant_id = :'initech';
SELECT count(*) AS initech_feed_left FROM supporthub.recent_activities WHERE tenant_id = :'initech';
